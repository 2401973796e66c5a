using Rempart.Core.Scoring;
using static Rempart.Core.Tests.Scoring.ScorerTests;

namespace Rempart.Core.Tests.Scoring;

public sealed class CycleTests
{
    [Fact]
    public void FollowUpAgainstANewerCatalog_TellsCatalogChangesFromAnswerChanges()
    {
        var v1 = TinyCatalog("1", ("q1", "f1", "t1", 1, ["p1"], []), ("q2", "f1", "t1", 2, ["p1"], []), ("q3", "f2", "t2", 1, ["p2"], []), ("q5", "f2", "t2", 1, ["p2"], []));
        var baseline = Scorer.Score(Input(v1, new() { ["q1"] = L(1), ["q2"] = L(2), ["q3"] = L(1), ["q5"] = L(2) }));
        var snapshot = new AssessmentSnapshot { Cycle = 1, Label = "Référence 2024", CatalogKey = v1.Key, TakenAt = DateTimeOffset.UnixEpoch };

        // The newer catalog re-weights q1, drops q3 and adds q4; the country improved on q2 and q1 stayed.
        var v2 = TinyCatalog("2", ("q1", "f1", "t1", 3, ["p1"], []), ("q2", "f1", "t1", 2, ["p1"], []), ("q4", "f2", "t2", 1, ["p2"], []), ("q5", "f2", "t2", 1, ["p2"], []));
        var now = Scorer.Score(Input(v2, new() { ["q1"] = L(1), ["q2"] = L(3), ["q4"] = L(2) }, targets: new() { ["q5"] = new(4, "x") }));
        var comparison = Cycles.Compare(snapshot, Cycles.Freeze(baseline), v1, now, v2);

        var items = comparison.Items.ToDictionary(i => i.QuestionId);
        items["q1"].Should().Match<CycleChange>(i => i.Movement == "unchanged" && i.Reasons.SequenceEqual(new[] { "catalog:weight" }));
        items["q2"].Should().Match<CycleChange>(i => i.Movement == "improved" && i.Before == 2 && i.After == 3 && i.Reasons.SequenceEqual(new[] { "answer" }));
        items["q3"].Should().Match<CycleChange>(i => i.Movement == "removed-question" && i.Reasons.SequenceEqual(new[] { "catalog:removed" }));
        items["q4"].Should().Match<CycleChange>(i => i.Movement == "new-question" && i.Reasons.SequenceEqual(new[] { "catalog:added" }));
        items["q5"].Should().Match<CycleChange>(i => i.Movement == "no-longer-answered" && i.Reasons.Contains("answer") && i.Reasons.Contains("target"));
        comparison.FromCatalog.Should().Be("test@1");
        comparison.ToCatalog.Should().Be("test@2");
        comparison.Frameworks.Single(f => f.Id == "f1").Should().Match<AreaMovement>(f => f.Before == Math.Round(5 / 3.0, 2) && f.After == Math.Round(9 / 5.0, 2));
    }

    [Fact]
    public void SameCatalog_OnlyAnswersAndTargetsExplainAChange()
    {
        var v1 = TinyCatalog("1", ("q1", "f1", "t1", 1, ["p1"], []), ("q2", "f1", "t1", 1, ["p1"], []));
        var before = Cycles.Freeze(Scorer.Score(Input(v1, new() { ["q1"] = L(3), ["q2"] = L(1) })));
        var now = Scorer.Score(Input(v1, new() { ["q1"] = L(2), ["q2"] = L(1) }));
        var comparison = Cycles.Compare(new AssessmentSnapshot { Cycle = 1, Label = "x", CatalogKey = v1.Key }, before, v1, now, v1);
        comparison.Items.Single(i => i.QuestionId == "q1").Should().Match<CycleChange>(i => i.Movement == "declined" && i.Reasons.SequenceEqual(new[] { "answer" }));
        comparison.Items.Single(i => i.QuestionId == "q2").Reasons.Should().BeEmpty();
    }
}
