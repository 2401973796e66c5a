using Rempart.Core.Data;
using Rempart.Core.Targets;

namespace Rempart.Core.Tests.Targets;

/// <summary>The two risk methods against hand-worked values, and the shipped reference's rules.</summary>
public sealed class RiskMethodsTests
{
    private static readonly TargetsReference Reference = TargetsReference.Default;

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(0.5, 0.1)]          // below the first threshold (1): linear, 0.2 x 0.5
    [InlineData(1, 0.2)]
    [InlineData(10, 0.4)]
    [InlineData(100, 0.6)]
    [InlineData(1000, 0.8)]
    [InlineData(10000, 1.0)]
    [InlineData(1000000, 1.0)]      // capped
    [InlineData(31.6227766, 0.5)]   // half-way between 10 and 100 on a log scale
    public void Lives_are_placed_on_their_log_scale(double lives, double expected) =>
        RiskMethods.DimensionScore(lives, [1, 10, 100, 1000, 10000]).Should().BeApproximately(expected, 1e-6);

    [Fact]
    public void A_scenario_takes_its_worst_dimension_and_the_site_its_worst_scenario()
    {
        // IED: 10 casualties (0.4); 1,000,000 people for 48 h = 2,000,000 person-days (0.8 + 0.2 x log(2)/log(10) = 0.86); economic 100 (0.2).
        // Arson: 1,000 casualties (0.8), nothing else. Conditional risk: IED 0.5 x 0.8602 = 0.4301; arson 0.9 x 0.8 = 0.72.
        var result = RiskMethods.Scenario(
        [
            new ScenarioInput("ied", 0.2, 0.5, 10, 1_000_000, 48, 100),
            new ScenarioInput("arson", 0.1, 0.9, 1000, 0, 0, 0),
        ], Reference);
        result.Scenarios.Single(s => s.Scenario == "ied").Consequence.Should().BeApproximately(0.8 + (0.2 * Math.Log10(2)), 1e-9);
        result.Scenarios.Single(s => s.Scenario == "arson").ConditionalRisk.Should().BeApproximately(0.72, 1e-9);
        result.Index.Should().Be(Math.Round(100 * Math.Sqrt(0.72), 1));          // 84.9: the arson scenario
        result.FullRisk.Should().BeApproximately(Math.Max(0.2 * 0.5 * 0.86021, 0.1 * 0.72), 1e-4);
        result.Band.Id.Should().Be("very-high");
        result.Likelihood.Should().Be(0.9);
        result.Consequence.Should().Be(0.8);
    }

    [Fact]
    public void Carver_sums_seven_factors_and_reads_on_the_same_scale()
    {
        var scores = new Dictionary<string, int> { ["criticality"] = 7, ["accessibility"] = 8, ["recuperability"] = 3, ["vulnerability"] = 7, ["effect"] = 6, ["recognizability"] = 9, ["shock"] = 8 };
        var result = RiskMethods.Carver(scores, Reference);
        result.CarverTotal.Should().Be(48);
        result.Index.Should().Be(Math.Round(100.0 * 41 / 63, 1));  // 65.1
        result.Band.Id.Should().Be("high");
        result.Consequence.Should().BeApproximately(((6 + 2 + 5 + 7) / 9.0) / 4, 1e-4);   // criticality, recuperability, effect, shock
        result.Likelihood.Should().BeApproximately(((7 + 6 + 8) / 9.0) / 3, 1e-4);        // accessibility, vulnerability, recognizability
        RiskMethods.Carver(Reference.Carver.ToDictionary(f => f.Id, _ => 1), Reference).Index.Should().Be(0);
        RiskMethods.Carver(Reference.Carver.ToDictionary(f => f.Id, _ => 10), Reference).Index.Should().Be(100);
    }

    [Theory]
    [InlineData("shock", 11, "Targets.Risk.FactorRange")]
    [InlineData("shock", 0, "Targets.Risk.FactorRange")]
    [InlineData("charm", 5, "Targets.Risk.FactorUnknown")]
    public void Carver_refuses_scores_out_of_range_and_unknown_factors(string factor, int score, string code)
    {
        var scores = Reference.Carver.ToDictionary(f => f.Id, _ => 5);
        scores[factor] = score;
        var refused = Assert.Throws<DomainRuleException>(() => RiskMethods.Carver(scores, Reference));
        refused.Code.Should().Be(code);
    }

    [Fact]
    public void Carver_refuses_a_missing_factor_naming_it_in_the_readers_language()
    {
        var refused = Assert.Throws<DomainRuleException>(() => RiskMethods.Carver(new Dictionary<string, int> { ["shock"] = 5 }, Reference));
        refused.Code.Should().Be("Targets.Risk.FactorMissing");
        var first = Reference.Carver[0].Name;
        refused.MessageIn(System.Globalization.CultureInfo.GetCultureInfo("fr")).Should().Contain($"« {first.Fr} »");
        refused.MessageIn(System.Globalization.CultureInfo.GetCultureInfo("en")).Should().Contain(first.En);
        first.Fr.Should().NotBe(first.En);
    }

    [Theory]
    [InlineData("ied", 1.5, 0.5, 0, "Targets.Risk.Probability")]
    [InlineData("ied", 0.5, -0.1, 0, "Targets.Risk.Probability")]
    [InlineData("ied", 0.5, 0.5, -3, "Targets.Risk.Negative")]
    [InlineData("teleport", 0.5, 0.5, 0, "Targets.Risk.UnknownScenario")]
    public void Scenarios_refuse_what_does_not_hold(string scenario, double threat, double vulnerability, double lives, string code) =>
        Assert.Throws<DomainRuleException>(() => RiskMethods.Scenario([new ScenarioInput(scenario, threat, vulnerability, lives, 0, 0, 0)], Reference)).Code.Should().Be(code);

    [Fact]
    public void A_refused_scenario_is_explained_in_the_reader_s_language_with_its_name_not_its_id()
    {
        var refused = Assert.Throws<DomainRuleException>(() => RiskMethods.Scenario([new ScenarioInput("ied", 1.5, 0.5, 0, 0, 0, 0)], Reference));
        refused.MessageIn(new System.Globalization.CultureInfo("fr")).Should().Contain("« Engin explosif improvisé » : la menace doit être une probabilité entre 0 et 1").And.NotContain("threat");
        refused.MessageIn(new System.Globalization.CultureInfo("en")).Should().Contain("'Improvised explosive device': the threat must be between 0 and 1");
        Assert.Throws<DomainRuleException>(() => RiskMethods.Scenario([new ScenarioInput("ied", 0.5, 0.5, 0, 0, 0, -1)], Reference))
            .MessageIn(new System.Globalization.CultureInfo("fr")).Should().Contain("le montant des pertes économiques ne peut pas être négatif");
    }

    [Theory]
    [InlineData(0, "low")]
    [InlineData(29.9, "low")]
    [InlineData(30, "moderate")]
    [InlineData(50, "high")]
    [InlineData(70, "very-high")]
    [InlineData(100, "very-high")]
    public void Bands_follow_the_reference(double index, string band) => Reference.BandOf(index).Id.Should().Be(band);

    [Fact]
    public void The_shipped_reference_is_bilingual_and_complete()
    {
        Reference.Carver.Select(f => f.Id).Should().Equal(TargetsReference.CarverFactorIds);
        Reference.Scenarios.Select(s => s.Id).Should().Contain(["ied", "armed-assault", "vehicle-ramming", "uas", "arson", "cbrn", "cyber-physical", "insider"]);
        Reference.Measures.Select(m => m.Id).Should().Contain(["access-control", "perimeter", "cctv", "emergency-plan", "exercises", "staff-training", "hvm", "counter-uas-awareness"]);
        Reference.Measures.Should().OnlyContain(m => m.Name.En.Length > 0 && m.Name.Fr.Length > 0 && m.Name.En != m.Name.Fr);
        Reference.Carver.SelectMany(f => f.Scale).Should().OnlyContain(s => s.Descriptor.En.Length > 0 && s.Descriptor.Fr.Length > 0);
    }

    [Fact]
    public void A_country_reference_with_a_broken_rule_is_refused_with_its_reason()
    {
        var yaml = new StreamReader(typeof(TargetsReference).Assembly.GetManifestResourceStream("Rempart.Core.Targets.reference.yaml")!).ReadToEnd();
        var broken = yaml.Replace("thresholds: [1, 10, 100, 1000, 10000]", "thresholds: [1, 10, 5, 1000, 10000]", StringComparison.Ordinal);
        Assert.Throws<DomainRuleException>(() => TargetsReference.Parse(broken, "civ.yaml")).Message.Should().Contain("lives").And.Contain("increasing");
        var unknownKey = yaml.Replace("bands:", "colours: []\nbands:", StringComparison.Ordinal);
        Assert.Throws<DomainRuleException>(() => TargetsReference.Parse(unknownKey, "civ.yaml")).Message.Should().Contain("civ.yaml");
    }

    [Fact]
    public void Exposure_is_one_plus_the_mean_risk_of_a_question_s_sectors()
    {
        var catalog = Core.Catalog.CatalogLoader.Load(Tests.Catalog.ShippedCatalogTests.Folder).Base!;
        var bySector = new Dictionary<string, (int, double)> { ["stadiums-sports-venues"] = (2, 120), ["energy"] = (1, 30) };
        var exposure = Exposure.Of(catalog, bySector);
        var stadiumQuestion = catalog.Questions.First(q => q.Sectors.SequenceEqual(["stadiums-sports-venues"]) || q.Sectors.Contains("stadiums-sports-venues"));
        exposure.Should().ContainKey(stadiumQuestion.Id);
        var crossCutting = catalog.Questions.First(q => q.Sectors.Count == 0);
        exposure[crossCutting.Id].Should().Be(Math.Round(1 + (150.0 / 3 / 100), 2), "a question without sectors takes every assessed site");
        Exposure.Of(catalog, new Dictionary<string, (int, double)>()).Should().BeEmpty("without assessed sites every factor stays 1");

        var systemic = new Dictionary<string, double> { ["energy"] = 1, ["stadiums-sports-venues"] = 0.2 };
        var both = Exposure.Of(catalog, bySector, systemic);
        var energyQuestion = catalog.Questions.First(q => q.Sectors.Contains("energy") && !q.Sectors.Contains("stadiums-sports-venues"));
        both[energyQuestion.Id].Should().Be(Math.Round(1 + 0.30 + (Exposure.SystemicWeight * 1), 2), "risk term plus the sector's whole systemic term");
        both[crossCutting.Id].Should().Be(Math.Round(1 + 0.5 + (Exposure.SystemicWeight * 0.6), 2), "a question without sectors takes the mean systemic term");
        Exposure.Of(catalog, new Dictionary<string, (int, double)>(), systemic)[energyQuestion.Id].Should().Be(1.5, "dependencies count even before any site is assessed");
    }
}
