using System.Globalization;
using Rempart.Core.Data;
using Rempart.Core.Roadmaps;

namespace Rempart.Core.Monitoring;

/// <summary>A milestone with its due date (months after adoption) and whether it is reached or overdue.</summary>
public sealed record MilestoneState(int Index, Milestone Milestone, DateOnly Due, DateOnly? ReachedOn, bool Overdue, bool DueSoon);

/// <summary>What the rules make of a recommendation's reports on a given day.</summary>
public sealed record TrackingState(
    ImplementationStatus Recorded, ImplementationStatus Effective, int Progress, DateOnly? Deadline, bool PastDeadline,
    IReadOnlyList<MilestoneState> Milestones, DateOnly? LastReport, bool Stale, IReadOnlyList<string> Attention)
{
    public int OverdueMilestones => Milestones.Count(m => m.Overdue);

    /// <summary>Open work that is late: past its deadline or with a milestone overdue.</summary>
    public bool Late => PastDeadline || OverdueMilestones > 0;
}

/// <summary>What is known about one recommendation, for the rules.</summary>
public sealed record TrackingFacts(
    string Horizon, IReadOnlyList<Milestone> Milestones, int Indicators, ImplementationStatus Recorded, int Progress, DateOnly? LastReport,
    IReadOnlyDictionary<int, DateOnly> Reached, IReadOnlySet<int> MeasuredIndicators);

/// <summary>
/// The monitoring rules, pure and dated by the caller: deadlines come from the adoption date and the plan's
/// horizons; a milestone is due a number of months after adoption; open work past a deadline or with an overdue
/// milestone counts as delayed whatever was last reported; a recommendation without a report for
/// <see cref="StaleDays"/> days needs attention.
/// </summary>
public static class TrackingRules
{
    public const int StaleDays = 90;

    /// <summary>A milestone due within this many days is shown as coming.</summary>
    public const int DueSoonDays = 30;

    /// <summary>Months after adoption after which an indicator with no measurement needs attention.</summary>
    public const int MeasureAfterMonths = 6;

    public static DateOnly? Deadline(DateOnly adopted, string horizon, int shortMonths, int mediumMonths) => horizon switch
    {
        "short" => adopted.AddMonths(shortMonths),
        "medium" => adopted.AddMonths(mediumMonths),
        _ => null,
    };

    public static TrackingState Evaluate(TrackingFacts facts, DateOnly adopted, int shortMonths, int mediumMonths, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var open = facts.Recorded is not (ImplementationStatus.Completed or ImplementationStatus.Cancelled);
        var milestones = facts.Milestones.Select((m, i) =>
        {
            var due = adopted.AddMonths(Math.Max(0, m.Month));
            var reached = facts.Reached.TryGetValue(i, out var on) ? on : (DateOnly?)null;
            return new MilestoneState(i, m, due, reached, open && reached is null && due < today, open && reached is null && due >= today && due <= today.AddDays(DueSoonDays));
        }).ToList();
        var deadline = Deadline(adopted, facts.Horizon, shortMonths, mediumMonths);
        var pastDeadline = open && deadline is { } d && d < today;
        var since = facts.LastReport ?? adopted;
        var stale = open && today.DayNumber - since.DayNumber > StaleDays;
        var effective = open && (pastDeadline || milestones.Any(m => m.Overdue)) ? ImplementationStatus.Delayed : facts.Recorded;

        var attention = new List<string>();
        if (pastDeadline)
        {
            attention.Add("Monitoring.Attention.PastDeadline");
        }

        if (milestones.Any(m => m.Overdue))
        {
            attention.Add("Monitoring.Attention.OverdueMilestone");
        }

        if (milestones.Any(m => m.DueSoon))
        {
            attention.Add("Monitoring.Attention.MilestoneDueSoon");
        }

        if (stale)
        {
            attention.Add("Monitoring.Attention.NoRecentReport");
        }

        if (open && facts.Indicators > facts.MeasuredIndicators.Count && adopted.AddMonths(MeasureAfterMonths) < today)
        {
            attention.Add("Monitoring.Attention.IndicatorNotMeasured");
        }

        return new TrackingState(facts.Recorded, effective, facts.Progress, deadline, pastDeadline, milestones, facts.LastReport, stale, attention);
    }

    /// <summary>Refuses a report that does not hold together; the codes are message keys.</summary>
    public static void CheckReport(ImplementationStatus status, int progress, string? note, DateOnly asOf, DateOnly adopted, DateOnly today)
    {
        if (progress is < 0 or > 100)
        {
            throw new DomainRuleException("Monitoring.ProgressRange", progress);
        }

        if (status == ImplementationStatus.Completed && progress != 100)
        {
            throw new DomainRuleException("Monitoring.CompletedIsFull", progress);
        }

        if (status == ImplementationStatus.NotStarted && progress != 0)
        {
            throw new DomainRuleException("Monitoring.NotStartedIsZero", progress);
        }

        if (status is ImplementationStatus.Cancelled or ImplementationStatus.Delayed && string.IsNullOrWhiteSpace(note))
        {
            throw new DomainRuleException("Monitoring.ReasonRequired");
        }

        CheckDate(asOf, adopted, today);
    }

    public static void CheckDate(DateOnly asOf, DateOnly adopted, DateOnly today)
    {
        if (asOf > today)
        {
            throw new DomainRuleException("Monitoring.DateInFuture", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (asOf < adopted)
        {
            throw new DomainRuleException("Monitoring.DateBeforeAdoption", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), adopted.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// The number in an indicator's value, baseline or target as people write them ("45 %", "12,5", "1 200"),
    /// or null when there is none.
    /// </summary>
    public static double? Number(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cleaned = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '%' && c != '\u202F' && c != '\u00A0').ToArray()).Replace(',', '.');
        return double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
    }

    /// <summary>How far a value has moved from the baseline towards the target (0 to 1, bounded); null when not numeric.</summary>
    public static double? Attainment(string? baseline, string? target, string? value)
    {
        if (Number(baseline) is not { } b || Number(target) is not { } t || Number(value) is not { } v || b == t)
        {
            return null;
        }

        return Math.Clamp((v - b) / (t - b), 0, 1);
    }

    /// <summary>The mean progress of the open and completed recommendations as of a day, from their dated reports.</summary>
    public static double MeanProgressOn(DateOnly day, IReadOnlyList<Guid> recommendations, ILookup<Guid, (DateOnly AsOf, ImplementationStatus Status, int Progress)> reports)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        ArgumentNullException.ThrowIfNull(reports);
        var values = new List<int>();
        foreach (var id in recommendations)
        {
            var last = reports[id].Where(r => r.AsOf <= day).OrderBy(r => r.AsOf).LastOrDefault();
            if (last.Status == ImplementationStatus.Cancelled && last.AsOf != default)
            {
                continue;
            }

            values.Add(last.AsOf == default ? 0 : last.Progress);
        }

        return values.Count == 0 ? 0 : values.Average();
    }
}
