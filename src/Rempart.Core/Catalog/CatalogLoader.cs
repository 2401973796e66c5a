using System.Text.RegularExpressions;

namespace Rempart.Core.Catalog;

/// <summary>What loading a catalog folder produced: the base, its overlays, and every problem found.</summary>
public sealed record CatalogLoadResult(CatalogDefinition? Base, IReadOnlyList<CatalogDefinition> Overlays, IReadOnlyList<CatalogError> Errors)
{
    public bool IsValid => Errors.Count == 0 && Base is not null;
}

/// <summary>
/// Reads a catalog folder (<c>catalog.yaml</c>, <c>sectors.yaml</c>, <c>instruments/</c>, <c>questions/</c>,
/// <c>recommendations/</c>, <c>overlays/</c>) strictly: unknown keys, missing translations, dangling references,
/// duplicate ids, bad scales, overlay cycles and coverage gaps are all reported with file, line and column.
/// </summary>
public static partial class CatalogLoader
{
    public static readonly string[] Bands = ["0-1", "2-3"];
    public static readonly string[] InstrumentKinds = ["security-council-resolution", "guiding-principles", "general-assembly-strategy", "guidance"];
    public static readonly string[] SectorKinds = ["critical-infrastructure", "soft-target"];

    public static CatalogLoadResult Load(string folder)
    {
        var errors = new ErrorSink();
        var root = Path.GetFullPath(folder);
        var label = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
        string Display(string path) => Path.Combine(label, Path.GetRelativePath(root, path)).Replace('\\', '/');

        if (!Directory.Exists(root))
        {
            errors.Add(new SourceRef(folder, 1, 1), "the catalog folder does not exist");
            return new CatalogLoadResult(null, [], errors.Errors);
        }

        var parts = new CatalogParts(errors);
        CatalogHeader? header = null;
        ReadFile(Path.Combine(root, "catalog.yaml"), Display, errors, reader => header = parts.ReadHeader(reader));
        ReadFile(Path.Combine(root, "sectors.yaml"), Display, errors, reader =>
        {
            foreach (var item in reader.Items("sectors", "sector"))
            {
                parts.ReadSector(item, "base");
            }
        });
        foreach (var file in Files(root, "instruments"))
        {
            ReadFile(file, Display, errors, reader =>
            {
                if (reader.Map("instrument", "instrument") is { } instrument)
                {
                    parts.ReadInstrument(instrument);
                }
            });
        }

        foreach (var file in Files(root, "questions"))
        {
            ReadFile(file, Display, errors, reader =>
            {
                foreach (var item in reader.Items("questions", "question"))
                {
                    parts.ReadQuestion(item, "base");
                }
            });
        }

        foreach (var file in Files(root, "recommendations"))
        {
            ReadFile(file, Display, errors, reader =>
            {
                foreach (var item in reader.Items("templates", "template"))
                {
                    parts.ReadTemplate(item, "base");
                }
            });
        }

        parts.CheckReferencesAndCoverage();
        var baseDefinition = header is { } h && errors.Errors.Count == 0 ? parts.Build(h) : null;

        var overlays = new List<CatalogDefinition>();
        var overlayFiles = Files(root, "overlays").ToList();
        var headers = new Dictionary<string, (OverlayHeader Header, MapReader Reader)>(StringComparer.Ordinal);
        foreach (var file in overlayFiles)
        {
            var reader = MapReader.Open(file, Display(file), errors);
            if (reader?.Map("overlay", "overlay") is { } o && CatalogParts.ReadOverlayHeader(o, errors) is { } oh)
            {
                if (!headers.TryAdd(oh.Id, (oh, reader)))
                {
                    errors.Add(o.At("id"), $"overlay: id '{oh.Id}' is used by another overlay; give each overlay its own id");
                }
            }
        }

        // Overlays may build on the base or on another overlay; the chain must end at the base.
        foreach (var (id, (oh, reader)) in headers)
        {
            var seen = new List<string> { id };
            var current = oh;
            while (current.Base != header?.Id && headers.TryGetValue(current.Base, out var next))
            {
                if (seen.Contains(next.Header.Id))
                {
                    errors.Add(oh.At, $"overlay {id}: its bases form a cycle ({string.Join(" → ", seen.Append(next.Header.Id))}); an overlay chain must end at the base catalog '{header?.Id}'");
                    break;
                }

                seen.Add(next.Header.Id);
                current = next.Header;
            }

            if (current.Base != header?.Id && !headers.ContainsKey(current.Base))
            {
                errors.Add(oh.At, $"overlay {id}: base '{current.Base}' is neither the base catalog '{header?.Id}' nor another overlay");
            }
        }

        if (errors.Errors.Count == 0 && baseDefinition is not null)
        {
            var built = new Dictionary<string, CatalogDefinition>(StringComparer.Ordinal) { [baseDefinition.Id] = baseDefinition };
            foreach (var (id, (oh, reader)) in OrderByDependency(headers))
            {
                var parent = built[oh.Base];
                if (oh.BaseVersion != parent.Version)
                {
                    errors.Add(oh.At, $"overlay {id}: it extends {oh.Base} version {oh.BaseVersion}, but the folder holds version {parent.Version}; update 'base-version' after checking the overlay against the new base");
                    continue;
                }

                var overlayParts = CatalogParts.From(parent, errors);
                foreach (var item in reader.Items("sectors", "sector", required: false))
                {
                    overlayParts.ReadSector(item, id);
                }

                foreach (var item in reader.Items("questions", "question", required: false))
                {
                    overlayParts.ReadQuestion(item, id);
                }

                foreach (var item in reader.Items("recommendations", "template", required: false))
                {
                    overlayParts.ReadTemplate(item, id);
                }

                foreach (var item in reader.Items("weights", "weight change", required: false))
                {
                    overlayParts.ReadWeight(item);
                }

                reader.Map("overlay", "overlay");
                reader.RejectUnknownKeys();
                overlayParts.CheckReferencesAndCoverage();
                if (errors.Errors.Count == 0)
                {
                    var overlay = overlayParts.Build(parent with { Id = id, Version = oh.Version, Date = oh.Date, Title = oh.Title, BaseKey = parent.Key, Country = oh.Country });
                    built[id] = overlay;
                    overlays.Add(overlay);
                }
            }
        }

        return new CatalogLoadResult(errors.Errors.Count == 0 ? baseDefinition : null, errors.Errors.Count == 0 ? overlays : [], errors.Errors);
    }

    private static IEnumerable<KeyValuePair<string, (OverlayHeader Header, MapReader Reader)>> OrderByDependency(Dictionary<string, (OverlayHeader Header, MapReader Reader)> headers)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var pending = headers.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(p => !headers.ContainsKey(p.Value.Header.Base) || done.Contains(p.Value.Header.Base)).ToList();
            if (ready.Count == 0)
            {
                yield break;
            }

            foreach (var r in ready)
            {
                done.Add(r.Key);
                pending.Remove(r);
                yield return r;
            }
        }
    }

    private static IEnumerable<string> Files(string root, string folder)
    {
        var path = Path.Combine(root, folder);
        return Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.*").Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : [];
    }

    private static void ReadFile(string path, Func<string, string> display, ErrorSink errors, Action<MapReader> read)
    {
        if (!File.Exists(path))
        {
            errors.Add(new SourceRef(display(path), 1, 1), "this file is missing from the catalog folder");
            return;
        }

        if (MapReader.Open(path, display(path), errors) is { } reader)
        {
            read(reader);
            reader.RejectUnknownKeys();
        }
    }

    internal static bool IsId(string id) => IdPattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
