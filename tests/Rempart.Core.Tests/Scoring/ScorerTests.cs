using Rempart.Core.Catalog;
using Rempart.Core.Scoring;

namespace Rempart.Core.Tests.Scoring;

public sealed class ScorerTests
{
    private static readonly LocalizedText Name = LocalizedText.Of("x", "x");

    /// <summary>A small catalog: two frameworks, two themes, one instrument with two provisions, questions as given.</summary>
    internal static CatalogDefinition TinyCatalog(string version, params (string Id, string Framework, string Theme, int Weight, string[] Provisions, string[] Sectors)[] questions)
    {
        var levels = Enumerable.Range(0, 5).Select(l => new MaturityLevel(l, Name, LocalizedText.Of($"level {l}", $"niveau {l}"))).ToList();
        var qs = questions.Select(q => new Question(q.Id, q.Framework, q.Theme, "both", q.Sectors, q.Provisions, q.Weight, LocalizedText.Of(q.Id, q.Id), levels, Name, Name, [], "base", null)).ToList();
        var provisions = new List<Provision>
        {
            new("p1", "inst", "OP1", Verification.Confirmed, null, Name, ["t1"], "both"),
            new("p2", "inst", "OP2", Verification.Confirmed, null, Name, ["t2"], "both"),
        };
        return new CatalogDefinition("test", version, new DateOnly(2026, 1, 1), Name, Name, null, null,
            [new NamedItem("f1", Name, null), new NamedItem("f2", Name, null)], [new NamedItem("t1", Name, null), new NamedItem("t2", Name, null)], [], levels, [], [], [],
            [new Sector("energy", "critical-infrastructure", "x", Name, [], "base")],
            [new Instrument("inst", "S/RES/2341 (2017)", "security-council-resolution", new DateOnly(2017, 2, 13), true, Name, provisions)], qs, []);
    }

    internal static NationalAnswer L(int level, bool evidence = false, int spread = 0) => new(level, false, evidence, spread);

    internal static NationalAnswer Na => new(null, true, false, 0);

    internal static ScoringInput Input(CatalogDefinition catalog, Dictionary<string, NationalAnswer> national, Dictionary<string, Override>? targets = null,
        Dictionary<string, Override>? priorities = null, HashSet<string>? voiced = null) =>
        new(catalog, national, targets ?? [], priorities ?? [], voiced ?? [], []);

    public static TheoryData<string, Dictionary<string, NationalAnswer>, double?, double, int, int> Framework1 => new()
    {
        // case, answers (q1 w3, q2 w1, q3 w2 in f1; q4 in f2), f1 score, f1 coverage, answered, applicable
        { "weighted mean", new() { ["q1"] = L(4), ["q2"] = L(0), ["q3"] = L(1) }, 2.33, 1.0, 3, 3 },
        { "N/A left out of score and coverage", new() { ["q1"] = L(3), ["q2"] = Na, ["q3"] = L(1) }, 2.2, 1.0, 2, 2 },
        { "undecided counts against coverage", new() { ["q1"] = L(4) }, 4.0, 0.333, 1, 3 },
        { "nothing answered", new() { ["q4"] = L(2) }, null, 0, 0, 3 },
        { "all N/A", new() { ["q1"] = Na, ["q2"] = Na, ["q3"] = Na }, null, 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Framework1))]
    public void AreaScore_IsAWeightedMeanWithCoverageBesideIt(string name, Dictionary<string, NationalAnswer> national, double? score, double coverage, int answered, int applicable)
    {
        var catalog = TinyCatalog("1", ("q1", "f1", "t1", 3, ["p1"], []), ("q2", "f1", "t2", 1, ["p2"], ["energy"]), ("q3", "f1", "t1", 2, ["p1", "p2"], []), ("q4", "f2", "t2", 1, [], []));
        var f1 = Scorer.Score(Input(catalog, national)).AreasOf("framework").Single(a => a.Id == "f1");
        f1.Score.Should().Be(score, name);
        f1.Coverage.Should().Be(coverage, name);
        f1.Answered.Should().Be(answered, name);
        f1.Applicable.Should().Be(applicable, name);
    }

    [Fact]
    public void Areas_CoverInstrumentProvisionThemeSectorAndEntity()
    {
        var catalog = TinyCatalog("1", ("q1", "f1", "t1", 3, ["p1"], []), ("q2", "f1", "t2", 1, ["p2"], ["energy"]), ("q3", "f2", "t1", 2, ["p1", "p2"], []));
        var input = Input(catalog, new() { ["q1"] = L(2), ["q2"] = L(4), ["q3"] = L(1) }) with
        {
            Entities = [new EntityLevels("MMPE", Name, ["q2", "q3"], new Dictionary<string, int> { ["q2"] = 3 })],
        };
        var card = Scorer.Score(input);
        card.AreasOf("instrument").Single().Score.Should().Be(Math.Round(((3 * 2) + 4 + (2 * 1)) / 6.0, 2));
        card.AreasOf("provision").Single(a => a.Id == "p2").Score.Should().Be(Math.Round((4 + 2) / 3.0, 2));
        card.AreasOf("theme").Single(a => a.Id == "t1").Score.Should().Be(Math.Round(((3 * 2) + (2 * 1)) / 5.0, 2));
        card.AreasOf("sector").Single().Should().Match<AreaScore>(a => a.Id == "energy" && a.Score == 4 && a.Applicable == 1);
        card.AreasOf("entity").Single().Should().Match<AreaScore>(a => a.Score == 3 && a.Coverage == 0.5 && a.Applicable == 2);
    }

    public static TheoryData<string, NationalAnswer, int, bool, double, PriorityBand> PriorityCases => new()
    {
        // case, national answer of q1 (weight 3, target 3), q2 (weight 1) is not involved; voiced?, expected index, band
        { "gap 2 x weight 3", L(1), 3, false, 6, PriorityBand.High },
        { "gap 1 x weight 3", L(2), 3, false, 3, PriorityBand.Medium },
        { "voiced by the country", L(2), 3, true, 4.5, PriorityBand.Medium },
        { "voiced and disputed", L(2, spread: 2), 3, true, 5.25, PriorityBand.Medium },
        { "gap 3, disputed", L(0, spread: 3), 3, false, 11.25, PriorityBand.High },
        { "target 4 widens the gap", L(2), 4, false, 6, PriorityBand.High },
        { "weight 1 gap 2", L(1), 1, false, 2, PriorityBand.Low },
    };

    [Theory]
    [MemberData(nameof(PriorityCases))]
    public void PriorityIndex_IsGapTimesImportanceTimesExposureTimesSignals(string name, NationalAnswer answer, int targetOrWeight, bool voiced, double index, PriorityBand band)
    {
        var weight = targetOrWeight == 1 ? 1 : 3;
        var catalog = TinyCatalog("1", ("q1", "f1", "t1", weight, ["p1"], []));
        var targets = targetOrWeight == 4 ? new Dictionary<string, Override> { ["q1"] = new(4, "Plan national exige plus") } : null;
        var q = Scorer.Score(Input(catalog, new() { ["q1"] = answer }, targets, voiced: voiced ? ["q1"] : null)).Questions.Single();
        q.Status.Should().Be(QuestionStatus.Need, name);
        q.PriorityIndex.Should().Be(index, name);
        q.Band.Should().Be(band, name);
    }

    [Fact]
    public void Exposure_MultipliesTheIndex_AndAnOverrideBeatsTheComputedBandWithoutHidingIt()
    {
        var catalog = TinyCatalog("1", ("q1", "f1", "t1", 2, ["p1"], []), ("q2", "f1", "t1", 2, ["p1"], []));
        var national = new Dictionary<string, NationalAnswer> { ["q1"] = L(2), ["q2"] = L(2) };
        var exposed = Scorer.Score(Input(catalog, national) with { Exposure = new Dictionary<string, double> { ["q1"] = 2.5 } });
        exposed.Questions[0].PriorityIndex.Should().Be(5);
        exposed.Questions[1].PriorityIndex.Should().Be(2);

        var overridden = Scorer.Score(Input(catalog, national, priorities: new() { ["q2"] = new((int)PriorityBand.High, "Demandé par le ministre") })).Questions[1];
        overridden.Band.Should().Be(PriorityBand.High);
        overridden.ComputedBand.Should().Be(PriorityBand.Low);
        overridden.PriorityOverride!.Reason.Should().Be("Demandé par le ministre");
    }

    [Fact]
    public void StrengthNeedsEvidence_AndNeedsAreBelowTarget()
    {
        var catalog = TinyCatalog("1", ("q1", "f1", "t1", 1, ["p1"], []), ("q2", "f1", "t1", 1, ["p1"], []), ("q3", "f1", "t1", 1, ["p1"], []), ("q4", "f1", "t1", 1, ["p1"], []));
        var card = Scorer.Score(Input(catalog, new() { ["q1"] = L(3, evidence: true), ["q2"] = L(4), ["q3"] = L(1), ["q4"] = Na }));
        card.Questions.Select(q => q.Status).Should().Equal(QuestionStatus.Strength, QuestionStatus.AtTargetWithoutEvidence, QuestionStatus.Need, QuestionStatus.NotApplicable);
        card.Strengths.Select(q => q.Question.Id).Should().Equal("q1");
        card.Needs.Select(q => q.Question.Id).Should().Equal("q3");
        card.Questions[1].Gap.Should().Be(-1);
        card.Questions[3].Band.Should().BeNull();
    }

    [Fact]
    public void SameInput_GivesTheSameCardInTheSameOrder()
    {
        var catalog = TinyCatalog("1", ("q1", "f1", "t1", 2, ["p1"], []), ("q2", "f2", "t2", 2, ["p2"], []), ("q3", "f1", "t2", 2, ["p1"], []), ("q4", "f2", "t1", 1, ["p2"], []));
        var national = new Dictionary<string, NationalAnswer> { ["q3"] = L(1), ["q1"] = L(1), ["q2"] = L(2, spread: 2), ["q4"] = L(0) };
        var first = Scorer.Score(Input(catalog, national));
        var shuffled = national.Reverse().ToDictionary(kv => kv.Key, kv => kv.Value);
        var second = Scorer.Score(Input(catalog, shuffled));
        second.Should().BeEquivalentTo(first, o => o.WithStrictOrdering());
        first.Priorities.Select(q => q.Question.Id).Should().Equal(["q1", "q3", "q4", "q2"], "band first, then index, and ties broken by id so the order never moves");
    }
}
