using System.Globalization;
using System.Text.RegularExpressions;
using Rempart.Core.Access;
using Rempart.Core.Catalog;

namespace Rempart.Core.Targets;

/// <summary>One cell-level problem of a site row: where (row, column) and what (a message code and its arguments).</summary>
public sealed record SiteProblem(int Row, string Column, string Code, object[] Arguments)
{
    public string MessageIn(CultureInfo culture) => Data.CoreMessages.Format(Code, culture, Arguments);
}

/// <summary>A site as written in a file or a form: every field as text, before checking.</summary>
public sealed record SiteRow(
    string Code, string? NameFr, string? NameEn, string? Kind, string? Sector, string? Subsector, string? Category, string? Operator,
    string? Latitude, string? Longitude, string? Region, string? Capacity, string? Classification, string? Measures, string? ValidFrom, string? ValidTo);

/// <summary>
/// The rules a site must follow, the same for the web form, the API and every import: the documented columns, the
/// catalog's sectors and categories, the measure checklist, coordinates, capacity, TLP label, validity dates.
/// </summary>
public sealed partial class SiteRules
{
    /// <summary>The columns of the import format, in the template's order. The first twelve are required in a CSV header.</summary>
    public static readonly string[] Columns =
        ["code", "name_fr", "name_en", "kind", "sector", "category", "operator", "latitude", "longitude", "region", "capacity", "classification", "subsector", "measures", "valid_from", "valid_to"];

    public static readonly string[] RequiredColumns = [.. Columns.Take(12)];

    private readonly Dictionary<string, HashSet<string>> ciSectors;
    private readonly HashSet<string> softCategories;
    private readonly Dictionary<string, ProtectiveMeasure> measures;
    private readonly Dictionary<string, Guid> entities;

    public SiteRules(CatalogDefinition catalog, TargetsReference reference, IReadOnlyDictionary<string, Guid> entityAcronyms)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(reference);
        ciSectors = catalog.Sectors.Where(s => s.Kind == "critical-infrastructure").ToDictionary(s => s.Id, s => s.Subsectors.Select(x => x.Id).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        softCategories = catalog.Sectors.Where(s => s.Kind == "soft-target").Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        measures = reference.Measures.ToDictionary(m => m.Id, StringComparer.Ordinal);
        entities = new Dictionary<string, Guid>(entityAcronyms, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Checks a row; adds its problems and returns the site's values when there were none.</summary>
    public Site? Check(SiteRow row, int number, List<SiteProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        void Problem(string column, string code, params object[] args) => problems.Add(new SiteProblem(number, column, code, args));

        var code = row.Code.Trim();
        if (code.Length == 0)
        {
            Problem("code", "Sites.Row.Required");
        }
        else if (code.Length > 60 || !CodePattern().IsMatch(code))
        {
            Problem("code", "Sites.Row.Code", code);
        }

        var nameFr = Clean(row.NameFr);
        var nameEn = Clean(row.NameEn);
        if (nameFr.Length == 0 && nameEn.Length == 0)
        {
            Problem("name_fr", "Sites.Row.Name");
        }

        if (nameFr.Length > 300 || nameEn.Length > 300)
        {
            Problem(nameFr.Length > 300 ? "name_fr" : "name_en", "Sites.Row.TooLong", 300);
        }

        var kindText = Clean(row.Kind);
        SiteKind? kind = kindText.Equals("ci", StringComparison.OrdinalIgnoreCase) ? SiteKind.CriticalInfrastructure
            : kindText.Equals("soft", StringComparison.OrdinalIgnoreCase) ? SiteKind.SoftTarget : null;
        if (kind is null)
        {
            Problem("kind", "Sites.Row.Kind", Clean(row.Kind));
        }

        var sector = Null(row.Sector);
        var subsector = Null(row.Subsector);
        var category = Null(row.Category);
        if (kind == SiteKind.CriticalInfrastructure)
        {
            if (sector is null)
            {
                Problem("sector", "Sites.Row.SectorRequired");
            }
            else if (!ciSectors.TryGetValue(sector, out var subs))
            {
                Problem("sector", "Sites.Row.Sector", sector, string.Join(", ", ciSectors.Keys));
            }
            else if (subsector is not null && !subs.Contains(subsector))
            {
                Problem("subsector", "Sites.Row.Subsector", subsector, sector, subs.Count == 0 ? "-" : string.Join(", ", subs));
            }

            if (category is not null)
            {
                Problem("category", "Sites.Row.CategoryForCi");
            }
        }
        else if (kind == SiteKind.SoftTarget)
        {
            if (category is null)
            {
                Problem("category", "Sites.Row.CategoryRequired");
            }
            else if (!softCategories.Contains(category))
            {
                Problem("category", "Sites.Row.Category", category, string.Join(", ", softCategories));
            }

            if (sector is not null || subsector is not null)
            {
                Problem(sector is not null ? "sector" : "subsector", "Sites.Row.SectorForSoft");
            }
        }

        var latitude = Number(row.Latitude, "latitude", -90, 90);
        var longitude = Number(row.Longitude, "longitude", -180, 180);
        if ((latitude is null) != (longitude is null) && problems.Count == before)
        {
            Problem(latitude is null ? "latitude" : "longitude", "Sites.Row.Coordinates");
        }

        long? capacity = null;
        var capacityText = Clean(row.Capacity);
        if (capacityText.AsSpan().IndexOfAny(" \u00a0\u202f") >= 0)
        {
            capacityText = capacityText.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal);
        }

        if (capacityText.Length > 0)
        {
            if (long.TryParse(capacityText, NumberStyles.None, CultureInfo.InvariantCulture, out var c))
            {
                capacity = c;
            }
            else
            {
                Problem("capacity", "Sites.Row.Capacity", Clean(row.Capacity));
            }
        }

        var classification = Tlp.Parse(row.Classification);
        if (classification is null)
        {
            Problem("classification", "Sites.Row.Classification", Clean(row.Classification), string.Join(", ", Tlp.All));
        }

        var measureList = new List<string>();
        foreach (var m in string.IsNullOrWhiteSpace(row.Measures) ? [] : row.Measures.Split([';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var id = m.ToLowerInvariant();
            if (!measures.TryGetValue(id, out var measure))
            {
                Problem("measures", "Sites.Row.Measure", m, string.Join(", ", measures.Keys));
            }
            else if (kind is { } k && !measure.Kinds.Contains(k))
            {
                Problem("measures", "Sites.Row.MeasureKind", m);
            }
            else if (!measureList.Contains(id))
            {
                measureList.Add(id);
            }
        }

        var validFrom = Date(row.ValidFrom, "valid_from");
        var validTo = Date(row.ValidTo, "valid_to");
        if (validFrom is { } from && validTo is { } to && to < from)
        {
            Problem("valid_to", "Sites.Row.ValidTo", to, from);
        }

        var op = Null(row.Operator);
        if (op?.Length > 200)
        {
            Problem("operator", "Sites.Row.TooLong", 200);
        }

        var region = Null(row.Region);
        if (region?.Length > 120)
        {
            Problem("region", "Sites.Row.TooLong", 120);
        }

        if (problems.Count > before)
        {
            return null;
        }

        return new Site
        {
            Code = code,
            NameFr = nameFr.Length > 0 ? nameFr : nameEn,
            NameEn = nameEn.Length > 0 ? nameEn : nameFr,
            Kind = kind!.Value,
            Sector = sector,
            Subsector = subsector,
            Category = category,
            Operator = op,
            OperatorEntityId = op is not null && entities.TryGetValue(op, out var entity) ? entity : null,
            Latitude = latitude,
            Longitude = longitude,
            Region = region,
            Capacity = capacity,
            Measures = measureList,
            Classification = classification!,
            ValidFrom = validFrom,
            ValidTo = validTo,
        };

        double? Number(string? text, string column, double min, double max)
        {
            var t = Clean(text);
            if (t.Length == 0)
            {
                return null;
            }

            if (!double.TryParse(t.Contains(',', StringComparison.Ordinal) ? t.Replace(',', '.') : t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                Problem(column, "Sites.Row.Range", t, min, max);
                return null;
            }

            return value;
        }

        DateOnly? Date(string? text, string column)
        {
            var t = Clean(text);
            if (t.Length == 0)
            {
                return null;
            }

            if (DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            Problem(column, "Sites.Row.Date", t);
            return null;
        }
    }

    private static string Clean(string? text) => (text ?? "").Trim();

    private static string? Null(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    private static partial Regex CodePattern();
}
