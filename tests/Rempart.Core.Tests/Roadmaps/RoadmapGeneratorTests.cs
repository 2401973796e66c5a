using Rempart.Core.Catalog;
using Rempart.Core.Roadmaps;
using Rempart.Core.Scoring;
using static Rempart.Core.Tests.Scoring.ScorerTests;

namespace Rempart.Core.Tests.Roadmaps;

public sealed class RoadmapGeneratorTests
{
    private static RecommendationTemplate Template(string id, string question, string band, string title, string lead, string horizon) =>
        new(id, question, band, LocalizedText.Of(title, "FR " + title), LocalizedText.Of($"Action for {question}.", $"Action pour {question}."), lead, horizon,
            [new Assistance("unoct", LocalizedText.Of("Module", "Module"))], "base");

    [Fact]
    public void NearDuplicateDrafts_ForTheSameLead_BecomeOneRecommendationAnsweringEveryGap()
    {
        var catalog = TinyCatalog("1", ("q1", "f1", "t1", 3, ["p1"], []), ("q2", "f1", "t2", 2, ["p2"], []), ("q3", "f1", "t1", 1, ["p1"], []), ("q4", "f2", "t1", 1, ["p1"], [])) with
        {
            Templates =
            [
                Template("t-q1", "q1", "0-1", "Adopt a national law on critical infrastructure protection", "ministry-interior", "medium"),
                Template("t-q2", "q2", "0-1", "Adopt a national law on critical infrastructure designation", "ministry-interior", "short"),
                Template("t-q3", "q3", "0-1", "Train the police on crowd safety", "police", "long"),
                Template("t-q4", "q4", "2-3", "Adopt a national law on critical infrastructure protection", "regulator", "long"),
            ],
        };
        var card = Scorer.Score(Input(catalog, new() { ["q1"] = L(0), ["q2"] = L(1), ["q3"] = L(1), ["q4"] = L(2) }));
        var entities = new List<PlanEntity>
        {
            new(Guid.NewGuid(), "MIS", ["ministry-interior", "police"], ["q1", "q3"]),
            new(Guid.NewGuid(), "ARTCI", ["regulator"], ["q4"]),
            new(Guid.NewGuid(), "MJ", [], ["q2"]),
        };
        var findings = new List<PlanFinding> { new(Guid.NewGuid(), "F-001", ["q2"]) };
        var plan = RoadmapGenerator.Generate(new GenerationInput("CIV-2024", card, catalog, entities, null, findings, 12, 36));

        plan.Should().HaveCount(3, "the two laws for the same lead are one recommendation; the regulator's is not merged with them");
        var law = plan.Single(r => r.Questions.Count == 2);
        law.Questions.Should().Equal("q1", "q2");
        law.Templates.Should().Equal("t-q1", "t-q2");
        law.Horizon.Should().Be("short", "the merged recommendation keeps the nearest horizon");
        law.Findings.Should().Equal(findings[0].Id);
        law.LeadEntityId.Should().Be(entities[0].Id);
        law.SupportingEntityIds.Should().Equal(entities[2].Id);
        law.Indicators.Should().HaveCount(2);
        law.TextFr.Should().Contain("Action pour q1.").And.Contain("Action pour q2.");
        plan.Select(r => r.Number).Should().Equal(1, 2, 3);
        plan.Select(r => r.Framework).Should().Equal(["f1", "f1", "f2"], "framework order first");
    }

    [Theory]
    [InlineData("Adopt a national law on critical infrastructure", "Adopt a national law on critical infrastructure designation", true)]
    [InlineData("Désigner une autorité de coordination", "Désigner l'autorité de coordination nationale", true)]
    [InlineData("Train the police on crowd safety", "Adopt a national law on critical infrastructure", false)]
    public void Similarity_IgnoresCaseAccentsAndSmallWords(string a, string b, bool duplicate) =>
        (RoadmapGenerator.Similarity(a, b) >= RoadmapGenerator.DuplicateSimilarity).Should().Be(duplicate);
}
