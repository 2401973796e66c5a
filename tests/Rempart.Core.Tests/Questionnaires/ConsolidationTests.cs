using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;
using Rempart.Core.Questionnaires;

namespace Rempart.Core.Tests.Questionnaires;

public sealed class ConsolidationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DemoConsolidation_ShowsAnswersSideBySide_FlagsDisagreement_AndCountsOnlySubmittedAnswers()
    {
        await using var world = await DemoWorld.CreateAsync();
        var coordinator = await world.ViewerAsync("coordinator");
        var (rule, rows) = await world.With(s => s.GetRequiredService<ConsolidationService>().ListAsync(coordinator, "CIV-2024", Ct));
        rule.Should().Be(ConsolidationRule.Median);
        rows.Should().NotBeEmpty();
        rows.Count(r => r.Decision is not null).Should().BeGreaterThanOrEqualTo(20);
        var disputed = rows.Where(r => r.Suggestion.Disagreement).ToList();
        disputed.Should().NotBeEmpty();
        disputed.Should().OnlyContain(r => r.Suggestion.Spread >= Consolidation.DisagreementSpread);

        var detail = await world.With(s => s.GetRequiredService<ConsolidationService>().GetAsync(coordinator, "CIV-2024", disputed[0].Question.Id, Ct));
        var counted = detail.Answers.Where(a => a.Counted && a.Answer.Level is not null).Select(a => a.Answer.Level!.Value).ToList();
        (counted.Max() - counted.Min()).Should().Be(detail.Suggestion.Spread);
        detail.Answers.Where(a => !a.Counted).Should().OnlyContain(a => a.State != AssignmentState.Submitted && a.State != AssignmentState.Accepted);
        rows.Select(r => r.Question.Id).Should().Equal((await world.With(s => s.GetRequiredService<ConsolidationService>().ListAsync(coordinator, "CIV-2024", Ct))).Rows.Select(r => r.Question.Id), "same input, same order");
    }

    [Fact]
    public async Task Decision_NeedsARationale_KeepsHistory_RefusesStaleEdits_AndNoticesLaterAnswerChanges()
    {
        await using var world = await DemoWorld.CreateAsync();
        var coordinator = await world.ViewerAsync("coordinator");
        var officer = await world.ViewerAsync("officer");
        var service = (Func<IServiceProvider, ConsolidationService>)(s => s.GetRequiredService<ConsolidationService>());
        var (_, rows) = await world.With(s => service(s).ListAsync(coordinator, "CIV-2024", Ct));
        // A question answered by an entity still in progress (MMPE), not yet decided.
        var mmpe = await world.With(s => s.GetRequiredService<QuestionnaireService>().GetAsync(coordinator, "CIV-2024", "MMPE", Ct));
        var row = rows.First(r => r.Decision is null && r.Suggestion.Level is not null);
        var detail = await world.With(s => service(s).GetAsync(coordinator, "CIV-2024", row.Question.Id, Ct));

        var noRationale = () => world.With(s => service(s).DecideAsync(coordinator, "CIV-2024", row.Question.Id, new ConsolidationInput(2, false, " ", null, null), Ct));
        (await noRationale.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Consolidation.Rationale");
        var first = await world.With(s => service(s).DecideAsync(coordinator, "CIV-2024", row.Question.Id,
            new ConsolidationInput(detail.Suggestion.Level, false, "Conforme à la suggestion", ["F-001", "f-2"], null), Ct));
        first.Findings.Should().Equal("F-001", "F-002");
        first.SuggestedLevel.Should().Be(detail.Suggestion.Level);

        var second = await world.With(s => service(s).DecideAsync(officer, "CIV-2024", row.Question.Id, new ConsolidationInput(1, false, "Revu après l'atelier", [], first.ConcurrencyStamp), Ct));
        second.Revision.Should().Be(2);
        var stale = () => world.With(s => service(s).DecideAsync(coordinator, "CIV-2024", row.Question.Id, new ConsolidationInput(3, false, "Mon avis", [], first.ConcurrencyStamp), Ct));
        (await stale.Should().ThrowAsync<ConflictException>()).Which.Code.Should().Be("Consolidation.Concurrency");
        var history = (await world.With(s => service(s).GetAsync(coordinator, "CIV-2024", row.Question.Id, Ct))).History;
        history.Select(h => h.Level).Should().Equal(detail.Suggestion.Level, 1);
        history.Select(h => h.Rationale).Should().Equal("Conforme à la suggestion", "Revu après l'atelier");

        // An entity that answers later makes the decision worth reviewing.
        var assigned = await world.With(s => service(s).GetAsync(coordinator, "CIV-2024", row.Question.Id, Ct));
        var open = assigned.Answers.FirstOrDefault(a => a.State is AssignmentState.InProgress or AssignmentState.Returned or AssignmentState.NotStarted);
        if (open is not null)
        {
            await world.With(s => s.GetRequiredService<QuestionnaireService>().SaveAnswerAsync(coordinator, "CIV-2024", open.Entity, row.Question.Id,
                new AnswerInput(4, false, null, "Nouvelle information", null, open.Answer.ConcurrencyStamp), Ct));
            (await world.With(s => service(s).GetAsync(coordinator, "CIV-2024", row.Question.Id, Ct))).AnswersChangedSince.Should().BeTrue();
        }

        mmpe.Items.Should().NotBeEmpty();
    }

    [Fact]
    public async Task ChangingTheRule_ChangesTheSuggestion_NotPastDecisions()
    {
        await using var world = await DemoWorld.CreateAsync();
        var coordinator = await world.ViewerAsync("coordinator");
        var service = (Func<IServiceProvider, ConsolidationService>)(s => s.GetRequiredService<ConsolidationService>());
        var (_, median) = await world.With(s => service(s).ListAsync(coordinator, "CIV-2024", Ct));
        await world.With(async s => { await service(s).SetRuleAsync(coordinator, "CIV-2024", ConsolidationRule.Minimum, Ct); return true; });
        var (rule, minimum) = await world.With(s => service(s).ListAsync(coordinator, "CIV-2024", Ct));
        rule.Should().Be(ConsolidationRule.Minimum);
        minimum.Zip(median).Should().OnlyContain(p => p.First.Suggestion.Level == null || p.First.Suggestion.Level <= p.Second.Suggestion.Level);
        minimum.Zip(median).Should().Contain(p => p.First.Suggestion.Level < p.Second.Suggestion.Level, "the demo has disputed questions");
        minimum.Where(r => r.Decision is not null).Should().OnlyContain(r => r.Decision!.Rule == ConsolidationRule.Median);
        var respondent = await world.ViewerAsync("energy");
        var forbidden = () => world.With(async s => { await service(s).SetRuleAsync(respondent, "CIV-2024", ConsolidationRule.Weighted, Ct); return true; });
        await forbidden.Should().ThrowAsync<ForbiddenException>();
    }

    [Fact]
    public async Task Stages_AskForSubmittedQuestionnairesThenANationalAnswerToEveryAssignedQuestion()
    {
        await using var world = await DemoWorld.CreateAsync();
        var officer = await world.ViewerAsync("officer");
        var stages = (Func<IServiceProvider, Rempart.Core.Engagements.StageService>)(s => s.GetRequiredService<Rempart.Core.Engagements.StageService>());
        var status = await world.With(s => stages(s).StatusAsync(officer, "CIV-2024", Ct));
        status.NextRequires.Should().Contain(r => r.Code == "Stage.Req.Questionnaires" && r.Met && r.Count == 8);
        var engagementId = (await world.With(s => s.GetRequiredService<Rempart.Core.Engagements.EngagementAccess>().OpenAsync(officer, "CIV-2024", Ct))).Id;
        var analysis = await world.With(s => stages(s).RequirementsToLeaveAsync(engagementId, Rempart.Core.Engagements.EngagementStage.Analysis, Ct));
        var (_, rows) = await world.With(s => s.GetRequiredService<ConsolidationService>().ListAsync(officer, "CIV-2024", Ct));
        var undecided = rows.Count(r => r.Decision is null && r.Assigned > 0);
        undecided.Should().BeGreaterThan(0);
        analysis.Should().ContainSingle().Which.Should().Be(new Rempart.Core.Engagements.StageRequirement("Stage.Req.Consolidated", false, undecided));
    }
}
