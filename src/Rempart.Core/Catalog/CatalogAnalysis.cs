using System.Globalization;
using System.Text;

namespace Rempart.Core.Catalog;

/// <summary>One provision's row of the traceability matrix.</summary>
public sealed record MatrixRow(Provision Provision, Instrument Instrument, IReadOnlyDictionary<string, IReadOnlyList<string>> QuestionsByFramework)
{
    public int QuestionCount => QuestionsByFramework.Values.Sum(v => v.Count);
}

/// <summary>Provisions x questions (grouped by framework), with the gaps on both sides.</summary>
public sealed record TraceabilityMatrix(IReadOnlyList<MatrixRow> Rows, IReadOnlyList<string> QuestionsWithoutProvision)
{
    public int ProvisionsWithoutQuestion => Rows.Count(r => r.QuestionCount == 0);
}

/// <summary>A search hit: what kind of item, its id, and the text to show.</summary>
public sealed record CatalogHit(string Kind, string Id, LocalizedText Text, string? Parent);

/// <summary>What changed for one item between two versions.</summary>
public sealed record CatalogChange(string Kind, string Id, string Change, IReadOnlyList<string> Fields);

/// <summary>Everything that differs between two catalog versions, item by item.</summary>
public sealed record CatalogDiff(string From, string To, IReadOnlyList<CatalogChange> Changes)
{
    public int Added => Changes.Count(c => c.Change == "added");

    public int Removed => Changes.Count(c => c.Change == "removed");

    public int Changed => Changes.Count(c => c.Change == "changed");
}

/// <summary>Pure calculations over a catalog: filters, search, the traceability matrix, the diff between versions.</summary>
public static class CatalogAnalysis
{
    /// <summary>Lower-case, without accents: "Sécurité" and "securite" compare equal; ligatures are spelled out.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Replace("œ", "oe", StringComparison.Ordinal).Replace("Œ", "OE", StringComparison.Ordinal)
            .Replace("æ", "ae", StringComparison.Ordinal).Replace("Æ", "AE", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Questions that match every given filter (null = any). A sector matches questions for all sectors too.</summary>
    public static IReadOnlyList<Question> Questions(CatalogDefinition catalog, string? instrument = null, string? framework = null, string? theme = null, string? sector = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var provisionsOfInstrument = instrument is null
            ? null
            : catalog.Provisions.Where(p => p.InstrumentId == instrument).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var sectorFamily = sector is null ? null : SectorFamily(catalog, sector);
        return
        [
            .. catalog.Questions.Where(q =>
                (framework is null || q.Framework == framework)
                && (theme is null || q.Theme == theme)
                && (provisionsOfInstrument is null || q.Provisions.Any(provisionsOfInstrument.Contains))
                && (sectorFamily is null || q.Sectors.Count == 0 || q.Sectors.Any(sectorFamily.Contains))),
        ];
    }

    private static HashSet<string> SectorFamily(CatalogDefinition catalog, string sector)
    {
        var family = new HashSet<string>(StringComparer.Ordinal) { sector };
        foreach (var s in catalog.Sectors)
        {
            if (s.Id == sector)
            {
                family.UnionWith(s.Subsectors.Select(x => x.Id));
            }
            else if (s.Subsectors.Any(x => x.Id == sector))
            {
                family.Add(s.Id);
            }
        }

        return family;
    }

    /// <summary>
    /// Every instrument, provision, question and template whose text in any language contains each word of the
    /// query, ignoring case and accents.
    /// </summary>
    public static IReadOnlyList<CatalogHit> Search(CatalogDefinition catalog, string query)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var words = Fold(query ?? "").Split([' ', '\t', ',', ';'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return [];
        }

        bool Matches(params object?[] parts)
        {
            var haystack = Fold(string.Join(" ", parts.SelectMany(p => p switch
            {
                LocalizedText t => t.Values.Values,
                string s => [s],
                _ => [],
            })));
            return words.All(w => haystack.Contains(w, StringComparison.Ordinal));
        }

        var hits = new List<CatalogHit>();
        hits.AddRange(catalog.Instruments.Where(i => Matches(i.Id, i.Symbols, i.Title)).Select(i => new CatalogHit("instrument", i.Id, i.Title, null)));
        hits.AddRange(catalog.Provisions.Where(p => Matches(p.Id, p.Reference, p.Paraphrase)).Select(p => new CatalogHit("provision", p.Id, p.Paraphrase, p.InstrumentId)));
        hits.AddRange(catalog.Questions.Where(q => Matches([q.Id, q.Text, q.Guidance, q.Evidence, .. q.Levels.Select(l => l.Descriptor)])).Select(q => new CatalogHit("question", q.Id, q.Text, q.Framework)));
        hits.AddRange(catalog.Templates.Where(t => Matches(t.Id, t.Title, t.Action)).Select(t => new CatalogHit("template", t.Id, t.Title, t.Question)));
        return hits;
    }

    public static TraceabilityMatrix Matrix(CatalogDefinition catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var rows = new List<MatrixRow>();
        foreach (var instrument in catalog.Instruments)
        {
            foreach (var provision in instrument.Provisions)
            {
                var byFramework = catalog.Questions.Where(q => q.Provisions.Contains(provision.Id))
                    .GroupBy(q => q.Framework)
                    .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(q => q.Id)], StringComparer.Ordinal);
                rows.Add(new MatrixRow(provision, instrument, byFramework));
            }
        }

        var known = catalog.Provisions.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        return new TraceabilityMatrix(rows, [.. catalog.Questions.Where(q => !q.Provisions.Any(known.Contains)).Select(q => q.Id)]);
    }

    /// <summary>Added, removed and changed items (with the fields that changed) from one version to another.</summary>
    public static CatalogDiff Diff(CatalogDefinition from, CatalogDefinition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var changes = new List<CatalogChange>();
        Compare(changes, "provision", from.Provisions, to.Provisions, p => p.Id, (a, b) => Fields(
            ("ref", a.Reference.SameAs(b.Reference)), ("verification", a.Verification == b.Verification), ("paraphrase", a.Paraphrase.SameAs(b.Paraphrase)),
            ("themes", a.Themes.SequenceEqual(b.Themes)), ("scope", a.Scope == b.Scope)));
        Compare(changes, "question", from.Questions, to.Questions, q => q.Id, (a, b) => Fields(
            ("text", a.Text.SameAs(b.Text)), ("framework", a.Framework == b.Framework), ("theme", a.Theme == b.Theme), ("scope", a.Scope == b.Scope),
            ("weight", a.Weight == b.Weight), ("provisions", a.Provisions.SequenceEqual(b.Provisions)), ("sectors", a.Sectors.SequenceEqual(b.Sectors)),
            ("levels", a.Levels.Count == b.Levels.Count && a.Levels.Zip(b.Levels).All(p => p.First.Descriptor.SameAs(p.Second.Descriptor))),
            ("guidance", a.Guidance.SameAs(b.Guidance)), ("evidence", a.Evidence.SameAs(b.Evidence)), ("entity-types", a.EntityTypes.SequenceEqual(b.EntityTypes)),
            ("target", a.Target == b.Target)));
        Compare(changes, "template", from.Templates, to.Templates, t => t.Id, (a, b) => Fields(
            ("question", a.Question == b.Question), ("band", a.Band == b.Band), ("title", a.Title.SameAs(b.Title)), ("action", a.Action.SameAs(b.Action)),
            ("lead-entity-type", a.LeadEntityType == b.LeadEntityType), ("horizon", a.Horizon == b.Horizon)));
        Compare(changes, "sector", from.Sectors, to.Sectors, s => s.Id, (a, b) => Fields(("name", a.Name.SameAs(b.Name)), ("kind", a.Kind == b.Kind),
            ("subsectors", a.Subsectors.Select(x => x.Id).SequenceEqual(b.Subsectors.Select(x => x.Id)))));
        return new CatalogDiff(from.Key, to.Key, changes);
    }

    private static IReadOnlyList<string> Fields(params (string Name, bool Same)[] fields) => [.. fields.Where(f => !f.Same).Select(f => f.Name)];

    private static void Compare<T>(List<CatalogChange> changes, string kind, IEnumerable<T> from, IEnumerable<T> to, Func<T, string> id, Func<T, T, IReadOnlyList<string>> fields)
    {
        var before = from.ToDictionary(id, StringComparer.Ordinal);
        var after = to.ToDictionary(id, StringComparer.Ordinal);
        foreach (var (key, item) in after)
        {
            if (!before.TryGetValue(key, out var old))
            {
                changes.Add(new CatalogChange(kind, key, "added", []));
            }
            else if (fields(old, item) is { Count: > 0 } changed)
            {
                changes.Add(new CatalogChange(kind, key, "changed", changed));
            }
        }

        changes.AddRange(before.Keys.Where(k => !after.ContainsKey(k)).Select(k => new CatalogChange(kind, k, "removed", [])));
    }
}
