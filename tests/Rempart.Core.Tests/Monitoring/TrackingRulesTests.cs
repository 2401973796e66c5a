using Rempart.Core.Data;
using Rempart.Core.Monitoring;
using Rempart.Core.Roadmaps;

namespace Rempart.Core.Tests.Monitoring;

public sealed class TrackingRulesTests
{
    private static readonly DateOnly Adopted = new(2024, 1, 15);

    private static TrackingFacts Facts(
        string horizon = "medium", ImplementationStatus status = ImplementationStatus.InProgress, int progress = 30, DateOnly? lastReport = null,
        int[]? months = null, Dictionary<int, DateOnly>? reached = null, int indicators = 0, int[]? measured = null) =>
        new(horizon, [.. (months ?? []).Select(m => new Milestone($"M{m}", $"J{m}", m))], indicators, status, progress, lastReport,
            reached ?? [], (measured ?? []).ToHashSet());

    private static TrackingState On(string day, TrackingFacts facts) => TrackingRules.Evaluate(facts, Adopted, 12, 36, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    // horizon, day, recorded, expected effective status
    [InlineData("short", "2025-01-14", ImplementationStatus.InProgress, ImplementationStatus.InProgress)]
    [InlineData("short", "2025-01-16", ImplementationStatus.InProgress, ImplementationStatus.Delayed)]
    [InlineData("short", "2025-01-16", ImplementationStatus.NotStarted, ImplementationStatus.Delayed)]
    [InlineData("short", "2025-01-16", ImplementationStatus.Completed, ImplementationStatus.Completed)]
    [InlineData("short", "2025-01-16", ImplementationStatus.Cancelled, ImplementationStatus.Cancelled)]
    [InlineData("medium", "2027-01-14", ImplementationStatus.InProgress, ImplementationStatus.InProgress)]
    [InlineData("medium", "2027-01-16", ImplementationStatus.InProgress, ImplementationStatus.Delayed)]
    [InlineData("long", "2035-01-01", ImplementationStatus.InProgress, ImplementationStatus.InProgress)]
    public void Open_work_past_its_horizon_counts_as_delayed(string horizon, string day, ImplementationStatus recorded, ImplementationStatus expected)
    {
        var state = On(day, Facts(horizon, recorded, recorded == ImplementationStatus.Completed ? 100 : 30, lastReport: DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected, state.Effective);
        Assert.Equal(recorded, state.Recorded);
        Assert.Equal(expected == ImplementationStatus.Delayed, state.PastDeadline);
    }

    [Fact]
    public void A_milestone_is_due_months_after_adoption_and_overdue_the_day_after_until_reached()
    {
        var facts = Facts(months: [4, 10]);
        var onDue = On("2024-05-15", facts);
        Assert.Equal(new DateOnly(2024, 5, 15), onDue.Milestones[0].Due);
        Assert.False(onDue.Milestones[0].Overdue);
        Assert.Equal(ImplementationStatus.InProgress, onDue.Effective);

        var after = On("2024-05-16", facts);
        Assert.True(after.Milestones[0].Overdue);
        Assert.False(after.Milestones[1].Overdue);
        Assert.Equal(ImplementationStatus.Delayed, after.Effective);
        Assert.Contains("Monitoring.Attention.OverdueMilestone", after.Attention);

        var reached = On("2024-05-16", Facts(months: [4, 10], reached: new() { [0] = new DateOnly(2024, 5, 20) }));
        Assert.False(reached.Milestones[0].Overdue);
        Assert.Equal(new DateOnly(2024, 5, 20), reached.Milestones[0].ReachedOn);
        Assert.Equal(ImplementationStatus.InProgress, reached.Effective);
    }

    [Fact]
    public void A_milestone_due_within_thirty_days_is_announced()
    {
        Assert.Contains("Monitoring.Attention.MilestoneDueSoon", On("2024-10-20", Facts(months: [10])).Attention);
        Assert.DoesNotContain("Monitoring.Attention.MilestoneDueSoon", On("2024-10-10", Facts(months: [10])).Attention);
        Assert.DoesNotContain("Monitoring.Attention.MilestoneDueSoon", On("2024-10-20", Facts(status: ImplementationStatus.Completed, progress: 100, months: [10])).Attention);
    }

    [Fact]
    public void No_report_for_ninety_days_needs_attention_counted_from_adoption_when_there_is_none()
    {
        Assert.False(On("2024-04-14", Facts()).Stale);
        Assert.True(On("2024-04-15", Facts()).Stale);
        Assert.False(On("2024-09-01", Facts(lastReport: new DateOnly(2024, 6, 10))).Stale);
        Assert.True(On("2024-09-09", Facts(lastReport: new DateOnly(2024, 6, 10))).Stale);
        Assert.False(On("2026-01-01", Facts(status: ImplementationStatus.Completed, progress: 100, lastReport: new DateOnly(2024, 6, 10))).Stale);
    }

    [Fact]
    public void An_indicator_never_measured_six_months_after_adoption_needs_attention()
    {
        Assert.DoesNotContain("Monitoring.Attention.IndicatorNotMeasured", On("2024-07-14", Facts(indicators: 2, lastReport: new DateOnly(2024, 7, 1))).Attention);
        Assert.Contains("Monitoring.Attention.IndicatorNotMeasured", On("2024-07-16", Facts(indicators: 2, measured: [0], lastReport: new DateOnly(2024, 7, 1))).Attention);
        Assert.DoesNotContain("Monitoring.Attention.IndicatorNotMeasured", On("2024-07-16", Facts(indicators: 2, measured: [0, 1], lastReport: new DateOnly(2024, 7, 1))).Attention);
    }

    [Theory]
    [InlineData(ImplementationStatus.InProgress, 101, "note", "2024-02-01", "Monitoring.ProgressRange")]
    [InlineData(ImplementationStatus.InProgress, -1, "note", "2024-02-01", "Monitoring.ProgressRange")]
    [InlineData(ImplementationStatus.Completed, 90, "note", "2024-02-01", "Monitoring.CompletedIsFull")]
    [InlineData(ImplementationStatus.NotStarted, 10, "note", "2024-02-01", "Monitoring.NotStartedIsZero")]
    [InlineData(ImplementationStatus.Cancelled, 10, " ", "2024-02-01", "Monitoring.ReasonRequired")]
    [InlineData(ImplementationStatus.Delayed, 10, null, "2024-02-01", "Monitoring.ReasonRequired")]
    [InlineData(ImplementationStatus.InProgress, 10, null, "2024-03-02", "Monitoring.DateInFuture")]
    [InlineData(ImplementationStatus.InProgress, 10, null, "2024-01-14", "Monitoring.DateBeforeAdoption")]
    public void A_report_that_does_not_hold_together_is_refused_with_its_reason(ImplementationStatus status, int progress, string? note, string asOf, string code)
    {
        var e = Assert.Throws<DomainRuleException>(() =>
            TrackingRules.CheckReport(status, progress, note, DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture), Adopted, new DateOnly(2024, 3, 1)));
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void Reports_that_hold_together_pass()
    {
        TrackingRules.CheckReport(ImplementationStatus.Completed, 100, null, new DateOnly(2024, 3, 1), Adopted, new DateOnly(2024, 3, 1));
        TrackingRules.CheckReport(ImplementationStatus.NotStarted, 0, null, Adopted, Adopted, new DateOnly(2024, 3, 1));
        TrackingRules.CheckReport(ImplementationStatus.Cancelled, 20, "Merged into R04", Adopted, Adopted, new DateOnly(2024, 3, 1));
    }

    [Theory]
    [InlineData("45 %", 45d)]
    [InlineData("12,5", 12.5d)]
    [InlineData("1 200", 1200d)]
    [InlineData("1\u202F200", 1200d)]
    [InlineData("-3", -3d)]
    [InlineData("yes", null)]
    [InlineData("", null)]
    public void Numbers_are_read_as_people_write_them(string text, double? expected) => Assert.Equal(expected, TrackingRules.Number(text));

    [Theory]
    [InlineData("0", "60", "30", 0.5)]
    [InlineData("0", "60", "90", 1.0)]
    [InlineData("40 %", "10 %", "25 %", 0.5)]
    [InlineData("0", "1", "adopted", null)]
    [InlineData("5", "5", "5", null)]
    public void Attainment_is_the_share_of_the_way_from_baseline_to_target(string baseline, string target, string value, double? expected) =>
        Assert.Equal(expected, TrackingRules.Attainment(baseline, target, value));

    [Fact]
    public void Mean_progress_on_a_day_uses_each_recommendation_s_latest_report_by_then_and_leaves_cancelled_ones_out()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();
        var reports = new[]
        {
            (a, new DateOnly(2024, 3, 1), ImplementationStatus.InProgress, 20),
            (a, new DateOnly(2024, 6, 1), ImplementationStatus.InProgress, 60),
            (b, new DateOnly(2024, 4, 1), ImplementationStatus.Completed, 100),
            (c, new DateOnly(2024, 5, 1), ImplementationStatus.Cancelled, 10),
        }.ToLookup(r => r.Item1, r => (r.Item2, r.Item3, r.Item4));
        Assert.Equal(0, TrackingRules.MeanProgressOn(new DateOnly(2024, 2, 1), [a, b, c], reports));
        Assert.Equal(40, TrackingRules.MeanProgressOn(new DateOnly(2024, 4, 15), [a, b, c], reports), 6);
        Assert.Equal(80, TrackingRules.MeanProgressOn(new DateOnly(2024, 7, 1), [a, b, c], reports), 6);
    }
}
