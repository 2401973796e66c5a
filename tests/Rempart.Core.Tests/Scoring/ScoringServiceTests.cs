using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Core.Questionnaires;
using Rempart.Core.Scoring;
using Rempart.Core.Tests.Questionnaires;

namespace Rempart.Core.Tests.Scoring;

/// <summary>Scoring the demo engagement from its consolidated answers, with targets, overrides and a follow-up cycle.</summary>
public sealed class ScoringServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DemoScores_RestOnTheNationalAnswers_TargetsAndOverridesKeepTheirReasons()
    {
        await using var world = await DemoWorld.CreateAsync();
        var coordinator = await world.ViewerAsync("coordinator");
        var scoring = (Func<IServiceProvider, ScoringService>)(s => s.GetRequiredService<ScoringService>());
        var card = await world.With(s => scoring(s).ScoreAsync(coordinator, "CIV-2024", Ct));
        var (_, rows) = await world.With(s => s.GetRequiredService<ConsolidationService>().ListAsync(coordinator, "CIV-2024", Ct));
        card.Questions.Count(q => q.Status != QuestionStatus.Undecided).Should().Be(rows.Count(r => r.Decision is not null));
        card.Needs.Should().NotBeEmpty("the demo country is early to intermediate");
        card.AreasOf("framework").Should().HaveCount(4).And.OnlyContain(a => a.Coverage > 0 && a.Coverage < 1, "the demo decided only part of the catalog");
        card.AreasOf("entity").Should().HaveCount(12);

        var need = card.Needs[0];
        var act = () => world.With(async s => { await scoring(s).SetTargetAsync(coordinator, "CIV-2024", need.Question.Id, 4, " ", Ct); return true; });
        (await act.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Scoring.Reason");
        await world.With(async s => { await scoring(s).SetTargetAsync(coordinator, "CIV-2024", need.Question.Id, 4, "Objectif du plan national 2025", Ct); return true; });
        await world.With(async s => { await scoring(s).OverridePriorityAsync(coordinator, "CIV-2024", need.Question.Id, PriorityBand.Low, "Déjà financé par un partenaire", Ct); return true; });
        var after = (await world.With(s => scoring(s).ScoreAsync(coordinator, "CIV-2024", Ct))).Questions.Single(q => q.Question.Id == need.Question.Id);
        after.Target.Should().Be(4);
        after.Gap.Should().Be(need.Gap + (4 - need.Target));
        after.Band.Should().Be(PriorityBand.Low);
        after.TargetOverride!.Reason.Should().Be("Objectif du plan national 2025");
        await world.With(async s => { await scoring(s).OverridePriorityAsync(coordinator, "CIV-2024", need.Question.Id, null, "Le financement est annulé", Ct); return true; });
        var history = await world.With(s => scoring(s).HistoryAsync(coordinator, "CIV-2024", need.Question.Id, Ct));
        history.Select(h => (h.Kind, h.Value)).Should().Equal((ScoringDecisionKind.Target, 4), (ScoringDecisionKind.Priority, (int)PriorityBand.Low), (ScoringDecisionKind.Priority, -1));
        (await world.With(s => scoring(s).ScoreAsync(coordinator, "CIV-2024", Ct))).Questions.Single(q => q.Question.Id == need.Question.Id).PriorityOverride.Should().BeNull();

        var donor = await world.ViewerAsync("donor");
        var forbidden = () => world.With(s => scoring(s).ScoreAsync(donor, "CIV-2024", Ct));
        await forbidden.Should().ThrowAsync<ForbiddenException>();
        var respondent = await world.ViewerAsync("energy");
        var notTheirs = () => world.With(async s => { await scoring(s).SetTargetAsync(respondent, "CIV-2024", need.Question.Id, 2, "x", Ct); return true; });
        await notTheirs.Should().ThrowAsync<ForbiddenException>();
    }

    [Fact]
    public async Task FollowUpAgainstTheBaseCatalog_ComparesItemByItem_NamingCatalogAndAnswerChanges()
    {
        await using var world = await DemoWorld.CreateAsync();
        var coordinator = await world.ViewerAsync("coordinator");
        var scoring = (Func<IServiceProvider, ScoringService>)(s => s.GetRequiredService<ScoringService>());
        var frozen = await world.With(s => scoring(s).StartFollowUpAsync(coordinator, "CIV-2024", "Référence juin 2024", "rempart-base@2026.2", s.GetRequiredService<EngagementService>(), Ct));
        frozen.Cycle.Should().Be(1);
        frozen.CatalogKey.Should().Be("civ@2026.2-civ.1");

        // The country improves on one decided question after the baseline.
        var (_, rows) = await world.With(s => s.GetRequiredService<ConsolidationService>().ListAsync(coordinator, "CIV-2024", Ct));
        var decided = rows.First(r => r.Decision is { Level: < 4 } && !r.Question.Id.StartsWith("civ-", StringComparison.Ordinal));
        await world.With(s => s.GetRequiredService<ConsolidationService>().DecideAsync(coordinator, "CIV-2024", decided.Question.Id,
            new ConsolidationInput(decided.Decision!.Level + 1, false, "Décret adopté en 2025", [], decided.Decision.ConcurrencyStamp), Ct));

        var comparison = await world.With(s => scoring(s).CompareAsync(coordinator, "CIV-2024", 1, Ct));
        comparison.FromCatalog.Should().Be("civ@2026.2-civ.1");
        comparison.ToCatalog.Should().Be("rempart-base@2026.2");
        comparison.Items.Single(i => i.QuestionId == decided.Question.Id).Should().Match<CycleChange>(i => i.Movement == "improved" && i.Reasons.Contains("answer"));
        var overlayOnly = comparison.Items.Where(i => i.QuestionId.StartsWith("civ-", StringComparison.Ordinal)).ToList();
        overlayOnly.Should().NotBeEmpty().And.OnlyContain(i => i.Movement == "removed-question" && i.Reasons.Contains("catalog:removed"));
        (await world.With(s => scoring(s).SnapshotsAsync(coordinator, "CIV-2024", Ct))).Should().ContainSingle().Which.Label.Should().Be("Référence juin 2024");
        var missing = () => world.With(s => scoring(s).CompareAsync(coordinator, "CIV-2024", 2, Ct));
        await missing.Should().ThrowAsync<NotFoundException>();
    }
}
