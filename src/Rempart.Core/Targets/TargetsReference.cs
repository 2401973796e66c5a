using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Rempart.Core.Targets;

/// <summary>A text in both languages.</summary>
public sealed record Bilingual(string En, string Fr) : IFormattable
{
    public string In(CultureInfo culture) => culture?.TwoLetterISOLanguageName == "fr" ? Fr : En;

    /// <summary>As a message argument, the text in the message's language.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => In(formatProvider as CultureInfo ?? CultureInfo.CurrentUICulture);

    public override string ToString() => En;
}

public sealed record ProtectiveMeasure(string Id, IReadOnlyList<SiteKind> Kinds, Bilingual Name);

public sealed record AttackScenario(string Id, Bilingual Name);

/// <summary>A consequence dimension: the five values at which it reaches 0.2, 0.4, 0.6, 0.8 and 1.0.</summary>
public sealed record ConsequenceScale(string Id, Bilingual Name, IReadOnlyList<double> Thresholds);

public sealed record ScaleStep(int From, Bilingual Descriptor);

/// <summary>A CARVER + Shock factor, on the consequence or the likelihood axis of the risk matrix.</summary>
public sealed record CarverFactor(string Id, string Axis, Bilingual Name, Bilingual Description, IReadOnlyList<ScaleStep> Scale)
{
    /// <summary>The descriptor of the scale step a score falls in.</summary>
    public Bilingual DescriptorOf(int score) => Scale.Where(s => s.From <= score).OrderByDescending(s => s.From).Select(s => s.Descriptor).FirstOrDefault() ?? Scale[^1].Descriptor;
}

public sealed record RiskBand(string Id, double From, string Colour, Bilingual Name);

/// <summary>
/// The reference data of sites and risk: measure checklist, attack scenarios, consequence scales, CARVER + Shock
/// factors with their scales and the risk bands. Shipped as <c>Targets/reference.yaml</c>; a country adapts a copy
/// (setting <c>Targets:ReferencePath</c>). Loaded strictly: an unknown key or a broken rule names the line.
/// </summary>
public sealed record TargetsReference(
    IReadOnlyList<ProtectiveMeasure> Measures, IReadOnlyList<AttackScenario> Scenarios, IReadOnlyList<ConsequenceScale> Consequence,
    IReadOnlyList<CarverFactor> Carver, IReadOnlyList<RiskBand> Bands)
{
    public static readonly string[] CarverFactorIds = ["criticality", "accessibility", "recuperability", "vulnerability", "effect", "recognizability", "shock"];

    public static readonly string[] ConsequenceIds = ["lives", "service", "economic"];

    private static readonly Lazy<TargetsReference> Shipped = new(() =>
    {
        using var stream = typeof(TargetsReference).Assembly.GetManifestResourceStream("Rempart.Core.Targets.reference.yaml")
            ?? throw new InvalidOperationException("The shipped Targets/reference.yaml is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "reference.yaml");
    });

    /// <summary>The reference shipped with Rempart.</summary>
    public static TargetsReference Default => Shipped.Value;

    /// <summary>The reference at <paramref name="path"/>, or the shipped one when the path is empty.</summary>
    public static TargetsReference Load(string? path) =>
        string.IsNullOrWhiteSpace(path) ? Default : Parse(File.ReadAllText(path), Path.GetFileName(path));

    public RiskBand BandOf(double index) => Bands.Where(b => b.From <= index).OrderByDescending(b => b.From).FirstOrDefault() ?? Bands[0];

    public RiskBand? Band(string? id) => Bands.FirstOrDefault(b => b.Id == id);

    public static TargetsReference Parse(string yaml, string file)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build();
        Dto dto;
        try
        {
            dto = deserializer.Deserialize<Dto>(yaml) ?? throw Invalid(file, 1, "the file is empty");
        }
        catch (YamlException e)
        {
            throw Invalid(file, (int)e.Start.Line, e.InnerException?.Message ?? e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // The YAML reader stops these ways on some damaged text instead of with its own error: the same refusal.
            throw Invalid(file, 0, e.Message);
        }

        static Bilingual Text(NameDto? n, string file, string what) =>
            n is { En: { Length: > 0 } en, Fr: { Length: > 0 } fr } ? new Bilingual(en, fr) : throw Invalid(file, 0, $"{what} needs a name in English (en) and French (fr)");

        // An entry left empty ("- " alone on its line) is refused by name like any other mistake.
        static IEnumerable<T> Entries<T>(IEnumerable<T?>? list, string file, string what) where T : class =>
            (list ?? []).Select(x => x ?? throw Invalid(file, 0, $"an entry of {what} is empty"));

        var measures = Entries(dto.Measures, file, "measures").Select(m => new ProtectiveMeasure(m.Id ?? throw Invalid(file, 0, "a measure has no id"),
            [.. (m.Kinds ?? []).Select(k => k switch { "ci" => SiteKind.CriticalInfrastructure, "soft" => SiteKind.SoftTarget, _ => throw Invalid(file, 0, $"measure '{m.Id}': kind '{k}' is not ci or soft") })],
            Text(m.Name, file, $"measure '{m.Id}'"))).ToList();
        var scenarios = Entries(dto.Scenarios, file, "scenarios").Select(s => new AttackScenario(s.Id ?? throw Invalid(file, 0, "a scenario has no id"), Text(s.Name, file, $"scenario '{s.Id}'"))).ToList();
        var consequence = ConsequenceIds.Select(id =>
        {
            var scale = (dto.Consequence ?? []).GetValueOrDefault(id) ?? throw Invalid(file, 0, $"consequence '{id}' is missing");
            var thresholds = scale.Thresholds ?? [];
            if (thresholds.Count != 5 || thresholds[0] <= 0 || thresholds.Zip(thresholds.Skip(1)).Any(p => p.Second <= p.First))
            {
                throw Invalid(file, 0, $"consequence '{id}' needs five increasing positive thresholds");
            }

            return new ConsequenceScale(id, Text(scale.Name, file, $"consequence '{id}'"), thresholds);
        }).ToList();
        var carver = Entries(dto.Carver, file, "carver").Select(f => new CarverFactor(f.Id ?? "", f.Axis ?? "", Text(f.Name, file, $"factor '{f.Id}'"), Text(f.Description, file, $"factor '{f.Id}'"),
            [.. Entries(f.Scale, file, $"the scale of factor '{f.Id}'").Select(s => new ScaleStep(s.From, Text(new NameDto { En = s.En, Fr = s.Fr }, file, $"a step of factor '{f.Id}'"))).OrderByDescending(s => s.From)])).ToList();
        if (!carver.Select(f => f.Id).Order(StringComparer.Ordinal).SequenceEqual(CarverFactorIds.Order(StringComparer.Ordinal)))
        {
            throw Invalid(file, 0, $"carver must list exactly the seven factors {string.Join(", ", CarverFactorIds)}");
        }

        foreach (var f in carver)
        {
            if (f.Axis is not ("consequence" or "likelihood"))
            {
                throw Invalid(file, 0, $"factor '{f.Id}': axis must be consequence or likelihood");
            }

            if (f.Scale.Count == 0 || f.Scale[^1].From != 1 || f.Scale.Any(s => s.From is < 1 or > 10))
            {
                throw Invalid(file, 0, $"factor '{f.Id}': the scale's steps start between 1 and 10 and the lowest starts at 1");
            }
        }

        var bands = Entries(dto.Bands, file, "bands").Select(b => new RiskBand(b.Id ?? "", b.From, b.Colour ?? "#777777", Text(new NameDto { En = b.En, Fr = b.Fr }, file, $"band '{b.Id}'"))).OrderBy(b => b.From).ToList();
        if (bands.Count == 0 || bands[0].From != 0)
        {
            throw Invalid(file, 0, "bands must start at 0");
        }

        foreach (var (what, ids) in new[] { ("measure", measures.Select(m => m.Id)), ("scenario", scenarios.Select(s => s.Id)), ("band", bands.Select(b => b.Id)) })
        {
            if (ids.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1) is { } dup)
            {
                throw Invalid(file, 0, $"{what} '{dup.Key}' is listed twice");
            }
        }

        return new TargetsReference(measures, scenarios, consequence, [.. CarverFactorIds.Select(id => carver.Single(f => f.Id == id))], bands);
    }

    private static Data.DomainRuleException Invalid(string file, int line, string problem) =>
        new("Targets.ReferenceInvalid", file, line, problem);

    private sealed class Dto
    {
        public List<MeasureDto>? Measures { get; set; }

        public List<ScenarioDto>? Scenarios { get; set; }

        public Dictionary<string, ScaleDto>? Consequence { get; set; }

        public List<FactorDto>? Carver { get; set; }

        public List<BandDto>? Bands { get; set; }
    }

    private sealed class NameDto
    {
        public string? En { get; set; }

        public string? Fr { get; set; }
    }

    private sealed class MeasureDto
    {
        public string? Id { get; set; }

        public List<string>? Kinds { get; set; }

        public NameDto? Name { get; set; }
    }

    private sealed class ScenarioDto
    {
        public string? Id { get; set; }

        public NameDto? Name { get; set; }
    }

    private sealed class ScaleDto
    {
        public NameDto? Name { get; set; }

        public List<double>? Thresholds { get; set; }
    }

    private sealed class FactorDto
    {
        public string? Id { get; set; }

        public string? Axis { get; set; }

        public NameDto? Name { get; set; }

        public NameDto? Description { get; set; }

        public List<StepDto>? Scale { get; set; }
    }

    private sealed class StepDto
    {
        public int From { get; set; }

        public string? En { get; set; }

        public string? Fr { get; set; }
    }

    private sealed class BandDto
    {
        public string? Id { get; set; }

        public double From { get; set; }

        public string? Colour { get; set; }

        public string? En { get; set; }

        public string? Fr { get; set; }
    }
}
