using System.Text.Json.Serialization;

namespace Rempart.Core.Catalog;

/// <summary>
/// A text in several languages. English and French are always present (the loader refuses a catalog without
/// them); another UN language can be added to the files without code changes.
/// </summary>
public sealed record LocalizedText(IReadOnlyDictionary<string, string> Values)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string En => Get("en");

    [System.Text.Json.Serialization.JsonIgnore]
    public string Fr => Get("fr");

    /// <summary>The text in the language, else in English.</summary>
    public string Get(string language)
    {
        var lang = language.Length >= 2 ? language[..2].ToLowerInvariant() : language;
        return Values.TryGetValue(lang, out var text) && text.Length > 0 ? text : Values.GetValueOrDefault("en", "");
    }

    public static LocalizedText Of(string en, string fr) => new(new Dictionary<string, string> { ["en"] = en, ["fr"] = fr });

    public bool SameAs(LocalizedText? other) =>
        other is not null && Values.Count == other.Values.Count && Values.All(kv => other.Values.TryGetValue(kv.Key, out var v) && v == kv.Value);
}

/// <summary>Whether a paragraph reference was checked against the official text.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Verification>))]
public enum Verification
{
    /// <summary>Seen in the primary text or an authoritative copy.</summary>
    Confirmed,

    /// <summary>Content or number not checked against the official text: never quote it as is.</summary>
    ToVerify,
}

public sealed record NamedItem(string Id, LocalizedText Name, LocalizedText? Description);

public sealed record MaturityLevel(int Level, LocalizedText Name, LocalizedText Descriptor);

public sealed record Subsector(string Id, LocalizedText Name);

/// <summary>A sector of the configurable taxonomy: critical infrastructure or a soft-target category.</summary>
public sealed record Sector(string Id, string Kind, string Source, LocalizedText Name, IReadOnlyList<Subsector> Subsectors, string Origin);

/// <summary>
/// One paragraph of an instrument, paraphrased (never the official text). <see cref="Ref"/> is the reference as
/// written in English (or in every language when the catalog gives one text); <see cref="RefFr"/> the French one
/// when the catalog gives it ("OP 5" is "par. 5 du dispositif" in a French document).
/// </summary>
public sealed record Provision(
    string Id, string InstrumentId, string Ref, Verification Verification, LocalizedText? VerificationNote, LocalizedText Paraphrase,
    IReadOnlyList<string> Themes, string Scope,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefFr = null)
{
    /// <summary>The reference in each language (the same text in both when the catalog gives one).</summary>
    [JsonIgnore]
    public LocalizedText Reference => LocalizedText.Of(Ref, RefFr ?? Ref);
}

/// <summary>
/// A resolution, a set of guiding principles, a strategy or a guidance source. A document symbol (S/RES/2341 (2017))
/// reads the same in every language; a named source may give its French name in <see cref="SymbolFr"/>.
/// </summary>
public sealed record Instrument(
    string Id, string Symbol, string Kind, DateOnly Adopted, bool Binding, LocalizedText Title, IReadOnlyList<Provision> Provisions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SymbolFr = null)
{
    /// <summary>The symbol in each language.</summary>
    [JsonIgnore]
    public LocalizedText Symbols => LocalizedText.Of(Symbol, SymbolFr ?? Symbol);

    /// <summary>How a document in <paramref name="language"/> cites one of its provisions: "S/RES/2341 (2017), par. 5 du dispositif".</summary>
    public string Cite(Provision provision, string language)
    {
        ArgumentNullException.ThrowIfNull(provision);
        return $"{Symbols.Get(language)}, {provision.Reference.Get(language)}";
    }
}

/// <summary>
/// An assessment question answered on the 0-4 maturity scale (or N/A with a reason). <see cref="Target"/> is the
/// level a country should reach; when the catalog does not say, it is <see cref="DefaultTarget"/> (Established).
/// </summary>
public sealed record Question(
    string Id, string Framework, string Theme, string Scope, IReadOnlyList<string> Sectors, IReadOnlyList<string> Provisions,
    int Weight, LocalizedText Text, IReadOnlyList<MaturityLevel> Levels, LocalizedText Guidance, LocalizedText Evidence,
    IReadOnlyList<string> EntityTypes, string Origin, LocalizedText? WeightReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Target = null)
{
    /// <summary>Level 3, "Established": formally adopted, covering its whole scope and applied in practice.</summary>
    public const int DefaultTarget = 3;

    [JsonIgnore]
    public int TargetLevel => Target ?? DefaultTarget;
}

public sealed record Assistance(string Partner, LocalizedText Module);

/// <summary>A concrete recommendation for a question whose answer falls in a maturity band ("0-1" or "2-3").</summary>
public sealed record RecommendationTemplate(
    string Id, string Question, string Band, LocalizedText Title, LocalizedText Action, string LeadEntityType, string Horizon,
    IReadOnlyList<Assistance> Assistance, string Origin);

/// <summary>
/// A whole catalog as imported: a base, or a base with a country overlay applied. Immutable once stored; its
/// <see cref="Key"/> (<c>id@version</c>) is what an engagement pins.
/// </summary>
public sealed record CatalogDefinition(
    string Id, string Version, DateOnly Date, LocalizedText Title, LocalizedText Description, string? BaseKey, string? Country,
    IReadOnlyList<NamedItem> Frameworks, IReadOnlyList<NamedItem> Themes, IReadOnlyList<NamedItem> Scopes,
    IReadOnlyList<MaturityLevel> MaturityScale, IReadOnlyList<NamedItem> EntityTypes, IReadOnlyList<NamedItem> Partners,
    IReadOnlyList<NamedItem> Horizons, IReadOnlyList<Sector> Sectors, IReadOnlyList<Instrument> Instruments,
    IReadOnlyList<Question> Questions, IReadOnlyList<RecommendationTemplate> Templates)
{
    [JsonIgnore]
    public string Key => $"{Id}@{Version}";

    [JsonIgnore]
    public IEnumerable<Provision> Provisions => Instruments.SelectMany(i => i.Provisions);

    [JsonIgnore]
    public int ProvisionCount => Instruments.Sum(i => i.Provisions.Count);

    /// <summary>The citation of a provision in <paramref name="language"/>; its id when this catalog does not hold it.</summary>
    public string Cite(string provisionId, string language)
    {
        foreach (var instrument in Instruments)
        {
            if (instrument.Provisions.FirstOrDefault(p => p.Id == provisionId) is { } provision)
            {
                return instrument.Cite(provision, language);
            }
        }

        return provisionId;
    }
}
