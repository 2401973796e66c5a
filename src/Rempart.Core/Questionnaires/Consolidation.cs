namespace Rempart.Core.Questionnaires;

/// <summary>One entity's answer as consolidation counts it: a level, or N/A, and the entity's relevance to the question.</summary>
public readonly record struct CountedAnswer(int? Level, bool NotApplicable, double Relevance);

/// <summary>
/// What the rule suggests for one question: the national level (null when no entity gave a level), the raw
/// value before rounding, and how far the entities are apart.
/// </summary>
public sealed record Suggestion(int? Level, double? Raw, int Spread, bool Disagreement, int Levels, int NotApplicable)
{
    /// <summary>Every answer was N/A: the suggestion is N/A.</summary>
    public bool AllNotApplicable => Levels == 0 && NotApplicable > 0;

    /// <summary>Some entities said N/A while others gave a level: worth a look even without a spread.</summary>
    public bool MixedNotApplicable => Levels > 0 && NotApplicable > 0;
}

/// <summary>The consolidation rules, pure and deterministic (the same answers always give the same suggestion).</summary>
public static class Consolidation
{
    /// <summary>A spread of this many levels or more between entities is flagged for discussion.</summary>
    public const int DisagreementSpread = 2;

    /// <summary>Relevance of an entity whose usual types or sectors match the question; others count 1.</summary>
    public const double RelevantWeight = 2;

    public static Suggestion Suggest(ConsolidationRule rule, IReadOnlyList<CountedAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var levels = answers.Where(a => !a.NotApplicable && a.Level is not null).ToList();
        var na = answers.Count(a => a.NotApplicable);
        if (levels.Count == 0)
        {
            return new Suggestion(null, null, 0, false, 0, na);
        }

        var values = levels.Select(a => a.Level!.Value).Order().ToList();
        var spread = values[^1] - values[0];
        double raw;
        int level;
        switch (rule)
        {
            case ConsolidationRule.Minimum:
                level = values[0];
                raw = level;
                break;
            case ConsolidationRule.Weighted:
                var weights = levels.Sum(a => a.Relevance > 0 ? a.Relevance : 1);
                raw = levels.Sum(a => a.Level!.Value * (a.Relevance > 0 ? a.Relevance : 1)) / weights;
                level = RoundHalfDown(raw);
                break;
            default:
                // The lower middle value when the count is even: the suggestion never overstates capacity.
                level = values[(values.Count - 1) / 2];
                raw = values.Count % 2 == 1 ? level : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2.0;
                break;
        }

        return new Suggestion(level, Math.Round(raw, 2), spread, spread >= DisagreementSpread, levels.Count, na);
    }

    /// <summary>Rounds to the nearest level, halves going down (2.5 gives 2): a conservative national level.</summary>
    public static int RoundHalfDown(double value) => (int)Math.Ceiling(Math.Round(value, 9) - 0.5);
}
