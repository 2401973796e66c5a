using System.Text.Json.Serialization;
using Rempart.Core.Catalog;

namespace Rempart.Core.Scoring;

[JsonConverter(typeof(JsonStringEnumConverter<PriorityBand>))]
public enum PriorityBand
{
    Low = 0,
    Medium = 1,
    High = 2,
}

/// <summary>Where a question stands against its target.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QuestionStatus>))]
public enum QuestionStatus
{
    /// <summary>No national level decided yet.</summary>
    Undecided,

    /// <summary>Decided not applicable to the country.</summary>
    NotApplicable,

    /// <summary>Below target: a need.</summary>
    Need,

    /// <summary>At or above target, with evidence: a strength.</summary>
    Strength,

    /// <summary>At or above target, but nothing supports it yet (no finding, no evidence from an entity).</summary>
    AtTargetWithoutEvidence,
}

/// <summary>The national answer to one question as scoring reads it.</summary>
public sealed record NationalAnswer(int? Level, bool NotApplicable, bool HasEvidence, int Spread);

/// <summary>One entity's own answers (question id → level; N/A answers are left out).</summary>
public sealed record EntityLevels(string Acronym, LocalizedText Name, IReadOnlyList<string> Assigned, IReadOnlyDictionary<string, int> Levels);

/// <summary>An override of a question's target or priority, with its reason.</summary>
public sealed record Override(int Value, string Reason);

/// <summary>Everything the scorer reads; nothing else influences the result.</summary>
public sealed record ScoringInput(
    CatalogDefinition Catalog,
    IReadOnlyDictionary<string, NationalAnswer> National,
    IReadOnlyDictionary<string, Override> Targets,
    IReadOnlyDictionary<string, Override> Priorities,
    IReadOnlySet<string> VoicedPriorities,
    IReadOnlyList<EntityLevels> Entities,
    IReadOnlyDictionary<string, double>? Exposure = null);

/// <summary>One question scored: level, target, gap, status and priority, with the terms of the priority index.</summary>
public sealed record ScoredQuestion(
    Question Question, int? Level, bool NotApplicable, int Target, Override? TargetOverride, int? Gap, QuestionStatus Status,
    double Importance, double Exposure, double Signals, bool VoicedPriority, bool Disagreement, double PriorityIndex, PriorityBand ComputedBand,
    PriorityBand? Band, Override? PriorityOverride);

/// <summary>
/// A score for one area (a framework, theme, instrument, provision, sector or entity): the weighted mean of the
/// levels given (0-4, N/A left out) and the coverage, the share of the area's applicable questions that have a level.
/// </summary>
public sealed record AreaScore(string Kind, string Id, LocalizedText Name, double? Score, double Coverage, int Answered, int Applicable, double? MeanGap)
{
    /// <summary>The score as a share of the top level (0-100), or null when nothing is answered.</summary>
    public double? Percent => Score is { } s ? Math.Round(s * 25, 1) : null;
}

/// <summary>The whole result: every question, every area, and the lists the roadmap stands on.</summary>
public sealed record ScoreCard(
    string CatalogKey, IReadOnlyList<ScoredQuestion> Questions, IReadOnlyList<AreaScore> Areas)
{
    public IEnumerable<AreaScore> AreasOf(string kind) => Areas.Where(a => a.Kind == kind);

    public IReadOnlyList<ScoredQuestion> Needs => [.. Questions.Where(q => q.Status == QuestionStatus.Need).OrderByDescending(q => q.Gap).ThenBy(q => q.Question.Id, StringComparer.Ordinal)];

    public IReadOnlyList<ScoredQuestion> Strengths => [.. Questions.Where(q => q.Status == QuestionStatus.Strength).OrderByDescending(q => q.Level).ThenBy(q => q.Question.Id, StringComparer.Ordinal)];

    /// <summary>Needs in priority order: band (overrides included), then index, then id, so the order is stable.</summary>
    public IReadOnlyList<ScoredQuestion> Priorities =>
        [.. Questions.Where(q => q.Band is not null).OrderByDescending(q => q.Band).ThenByDescending(q => q.PriorityIndex).ThenBy(q => q.Question.Id, StringComparer.Ordinal)];
}

/// <summary>
/// The scoring rules, pure and deterministic. Priority index = gap x importance x exposure x signals, where
/// importance is the question's weight (1-3), exposure comes from site risk and interdependencies (1 until they are
/// assessed), and signals = 1 + 0.5 if the country voiced the item as a priority + 0.25 if the entities disagreed
/// (a spread of two levels or more). High from 6, medium from 3, low below.
/// </summary>
public static class Scorer
{
    public const double VoicedBonus = 0.5;
    public const double DisagreementBonus = 0.25;
    public const double HighFrom = 6;
    public const double MediumFrom = 3;

    public static PriorityBand BandOf(double index) => index >= HighFrom ? PriorityBand.High : index >= MediumFrom ? PriorityBand.Medium : PriorityBand.Low;

    public static ScoreCard Score(ScoringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var catalog = input.Catalog;
        var scored = new List<ScoredQuestion>();
        foreach (var q in catalog.Questions)
        {
            var national = input.National.GetValueOrDefault(q.Id);
            var targetOverride = input.Targets.GetValueOrDefault(q.Id);
            var target = targetOverride?.Value ?? q.TargetLevel;
            var level = national is { NotApplicable: false } ? national.Level : null;
            var gap = level is { } l ? target - l : (int?)null;
            var status = national is null || (national.Level is null && !national.NotApplicable) ? QuestionStatus.Undecided
                : national.NotApplicable ? QuestionStatus.NotApplicable
                : gap > 0 ? QuestionStatus.Need
                : national.HasEvidence ? QuestionStatus.Strength : QuestionStatus.AtTargetWithoutEvidence;
            var voiced = input.VoicedPriorities.Contains(q.Id);
            var disagreement = national is { Spread: >= 2 };
            var exposure = input.Exposure?.GetValueOrDefault(q.Id, 1) ?? 1;
            var signals = 1 + (voiced ? VoicedBonus : 0) + (disagreement ? DisagreementBonus : 0);
            var index = status == QuestionStatus.Need ? Math.Round(gap!.Value * q.Weight * exposure * signals, 2) : 0;
            var computed = BandOf(index);
            var priorityOverride = status == QuestionStatus.Need ? input.Priorities.GetValueOrDefault(q.Id) : null;
            PriorityBand? band = status != QuestionStatus.Need ? null : priorityOverride is { } o ? (PriorityBand)o.Value : computed;
            scored.Add(new ScoredQuestion(q, level, national?.NotApplicable == true, target, targetOverride, gap, status, q.Weight, exposure, signals, voiced, disagreement,
                index, computed, band, priorityOverride));
        }

        var areas = new List<AreaScore>();
        foreach (var f in catalog.Frameworks)
        {
            areas.Add(Area("framework", f.Id, f.Name, scored.Where(s => s.Question.Framework == f.Id)));
        }

        foreach (var t in catalog.Themes)
        {
            areas.Add(Area("theme", t.Id, t.Name, scored.Where(s => s.Question.Theme == t.Id)));
        }

        foreach (var i in catalog.Instruments)
        {
            var provisions = i.Provisions.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            areas.Add(Area("instrument", i.Id, i.Title, scored.Where(s => s.Question.Provisions.Any(provisions.Contains))));
        }

        foreach (var p in catalog.Provisions)
        {
            areas.Add(Area("provision", p.Id, p.Reference, scored.Where(s => s.Question.Provisions.Contains(p.Id))));
        }

        foreach (var sector in catalog.Sectors)
        {
            var ids = sector.Subsectors.Select(x => x.Id).Prepend(sector.Id).ToHashSet(StringComparer.Ordinal);
            var inSector = scored.Where(s => s.Question.Sectors.Any(ids.Contains)).ToList();
            if (inSector.Count > 0)
            {
                areas.Add(Area("sector", sector.Id, sector.Name, inSector));
            }
        }

        var weights = catalog.Questions.ToDictionary(q => q.Id, q => q.Weight, StringComparer.Ordinal);
        foreach (var e in input.Entities.OrderBy(e => e.Acronym, StringComparer.Ordinal))
        {
            var assigned = e.Assigned.Where(weights.ContainsKey).ToList();
            var given = assigned.Where(e.Levels.ContainsKey).ToList();
            double? score = given.Count == 0 ? null : Math.Round(given.Sum(q => weights[q] * e.Levels[q]) / (double)given.Sum(q => weights[q]), 2);
            areas.Add(new AreaScore("entity", e.Acronym, e.Name, score, assigned.Count == 0 ? 0 : Math.Round(given.Count / (double)assigned.Count, 3), given.Count, assigned.Count, null));
        }

        return new ScoreCard(catalog.Key, scored, areas);
    }

    /// <summary>Weighted mean of the levels given, N/A left out; coverage over the applicable questions of the area.</summary>
    public static AreaScore Area(string kind, string id, LocalizedText name, IEnumerable<ScoredQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var applicable = questions.Where(q => !q.NotApplicable).ToList();
        var answered = applicable.Where(q => q.Level is not null).ToList();
        double? score = answered.Count == 0 ? null : Math.Round(answered.Sum(q => q.Question.Weight * q.Level!.Value) / (double)answered.Sum(q => q.Question.Weight), 2);
        double? gap = answered.Count == 0 ? null : Math.Round(answered.Average(q => Math.Max(0, q.Gap!.Value)), 2);
        var coverage = applicable.Count == 0 ? 0 : Math.Round(answered.Count / (double)applicable.Count, 3);
        return new AreaScore(kind, id, name, score, coverage, answered.Count, applicable.Count, gap);
    }
}
