using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Questionnaires;

namespace Rempart.Core.Tests.Questionnaires;

/// <summary>Answering, states, need-to-know and concurrency on the demo workspace, against the real database.</summary>
public sealed class AnswerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<QuestionnaireView> GetAsync(DemoWorld world, Viewer viewer, string entity) =>
        world.With(s => s.GetRequiredService<QuestionnaireService>().GetAsync(viewer, "CIV-2024", entity, Ct));

    private static Task<AnswerSaved> SaveAsync(DemoWorld world, Viewer viewer, string entity, string question, AnswerInput input) =>
        world.With(s => s.GetRequiredService<QuestionnaireService>().SaveAnswerAsync(viewer, "CIV-2024", entity, question, input, Ct));

    [Fact]
    public async Task TwoPeopleEditingTheSameAnswer_TheSecondGetsAConflictWithBothValues()
    {
        await using var world = await DemoWorld.CreateAsync();
        var energy = await world.ViewerAsync("energy");
        var coordinator = await world.ViewerAsync("coordinator");
        var item = (await GetAsync(world, energy, "MMPE")).Items.First(i => i.Answer.IsAnswered);
        var read = item.Answer.ConcurrencyStamp;

        (await SaveAsync(world, coordinator, "MMPE", item.Question.Id, new AnswerInput(3, false, null, "Vu en atelier", null, read))).Changed.Should().BeTrue();
        var act = () => SaveAsync(world, energy, "MMPE", item.Question.Id, new AnswerInput(1, false, null, "Toujours en projet", null, read));
        var conflict = (await act.Should().ThrowAsync<AnswerConflictException>()).Which;
        conflict.Current.Level.Should().Be(3);
        conflict.Current.Comment.Should().Be("Vu en atelier");
        conflict.Yours.Level.Should().Be(1);
        conflict.Yours.Comment.Should().Be("Toujours en projet");
        (await GetAsync(world, energy, "MMPE")).Items.Single(i => i.Question.Id == item.Question.Id).Answer.Level.Should().Be(3, "nothing was overwritten");

        // Saving what is already there, even from an old read, is not a conflict.
        (await SaveAsync(world, energy, "MMPE", item.Question.Id, new AnswerInput(3, false, null, "Vu en atelier", null, read))).Changed.Should().BeFalse();
    }

    [Fact]
    public async Task FortyRespondentsSavingAtOnce_LoseNothing_AndRacesOnOneAnswerNeverOverwrite()
    {
        await using var world = await DemoWorld.CreateAsync();
        var coordinator = await world.ViewerAsync("coordinator");
        var open = new List<(string Entity, string Question)>();
        foreach (var entity in new[] { "MMPE", "ARTCI", "MD", "MTL" })
        {
            open.AddRange((await GetAsync(world, coordinator, entity)).Items.Where(i => !i.Answer.IsAnswered).Select(i => (entity, i.Question.Id)));
        }

        open.Should().HaveCountGreaterThanOrEqualTo(40);
        var targets = open.Take(40).ToList();
        await Task.WhenAll(targets.Select((t, i) => Task.Run(() => SaveAsync(world, coordinator, t.Entity, t.Question, new AnswerInput(i % 5, false, null, $"Atelier, poste {i}", null, null)), Ct)));
        foreach (var (t, i) in targets.Select((t, i) => (t, i)))
        {
            var answer = (await GetAsync(world, coordinator, t.Entity)).Items.Single(x => x.Question.Id == t.Question).Answer;
            answer.Level.Should().Be(i % 5);
            answer.Comment.Should().Be($"Atelier, poste {i}");
        }

        // Forty people save the same answer from the same read: one wins, the others are told, nobody is silently lost.
        var (entity0, question0) = open[40];
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            try
            {
                await SaveAsync(world, coordinator, entity0, question0, new AnswerInput(1 + (i % 3), false, null, $"Version {i}", null, null));
                return true;
            }
            catch (AnswerConflictException)
            {
                return false;
            }
        }, Ct)));
        results.Count(ok => ok).Should().Be(1);
        var history = await world.With(s => s.GetRequiredService<QuestionnaireService>().HistoryAsync(coordinator, "CIV-2024", entity0, question0, Ct));
        history.Should().ContainSingle("exactly one save was applied");
    }

    [Fact]
    public async Task Respondent_SeesAndAnswersOnlyTheirOwnEntity_DonorSeesNoAnswers()
    {
        await using var world = await DemoWorld.CreateAsync();
        var energy = await world.ViewerAsync("energy");
        var donor = await world.ViewerAsync("donor");
        var auditor = await world.ViewerAsync("auditor");
        var service = (Func<IServiceProvider, QuestionnaireService>)(s => s.GetRequiredService<QuestionnaireService>());

        (await world.With(s => service(s).ListAsync(energy, "CIV-2024", Ct))).Select(a => a.Entity).Should().Equal("MMPE");
        var readOther = () => GetAsync(world, energy, "ONPC");
        await readOther.Should().ThrowAsync<NotFoundException>();
        var onpc = (await GetAsync(world, auditor, "ONPC")).Items[0].Question.Id;
        var writeOther = () => SaveAsync(world, energy, "ONPC", onpc, new AnswerInput(2, false, null, null, null, null));
        await writeOther.Should().ThrowAsync<NotFoundException>();

        (await world.With(s => service(s).ListAsync(donor, "CIV-2024", Ct))).Should().BeEmpty();
        (await world.With(s => service(s).ListAsync(auditor, "CIV-2024", Ct))).Should().HaveCount(12);
        var auditorWrites = () => SaveAsync(world, auditor, "ONPC", onpc, new AnswerInput(2, false, null, null, null, null));
        await auditorWrites.Should().ThrowAsync<ForbiddenException>("an auditor reads, never writes");
        var donorConsolidation = () => world.With(s => s.GetRequiredService<ConsolidationService>().ListAsync(donor, "CIV-2024", Ct));
        await donorConsolidation.Should().ThrowAsync<ForbiddenException>();
        var togo = await world.ViewerAsync("togo");
        var otherEngagement = () => world.With(s => service(s).ListAsync(togo, "CIV-2024", Ct));
        await otherEngagement.Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task Workflow_SubmitNeedsEveryAnswer_LocksThem_ReturnNeedsAComment_AcceptOnlySubmitted()
    {
        await using var world = await DemoWorld.CreateAsync();
        var energy = await world.ViewerAsync("energy");
        var coordinator = await world.ViewerAsync("coordinator");
        var q = (Func<IServiceProvider, QuestionnaireService>)(s => s.GetRequiredService<QuestionnaireService>());
        var submitEarly = () => world.With(s => q(s).SubmitAsync(energy, "CIV-2024", "MMPE", Ct));
        (await submitEarly.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Assignment.Incomplete");

        var view = await GetAsync(world, energy, "MMPE");
        var zero = () => SaveAsync(world, energy, "MMPE", view.Items[0].Question.Id, new AnswerInput(0, false, null, "", null, view.Items[0].Answer.ConcurrencyStamp));
        (await zero.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Answer.ZeroComment");
        var na = () => SaveAsync(world, energy, "MMPE", view.Items[0].Question.Id, new AnswerInput(null, true, " ", null, null, view.Items[0].Answer.ConcurrencyStamp));
        (await na.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Answer.NaReason");

        foreach (var item in view.Items.Where(i => !i.Answer.IsAnswered))
        {
            await SaveAsync(world, energy, "MMPE", item.Question.Id, new AnswerInput(2, false, null, "En cours", null, item.Answer.ConcurrencyStamp));
        }

        (await world.With(s => q(s).SubmitAsync(energy, "CIV-2024", "MMPE", Ct))).State.Should().Be(AssignmentState.Submitted);
        var locked = () => SaveAsync(world, energy, "MMPE", view.Items[0].Question.Id, new AnswerInput(4, false, null, "x", null, null));
        (await locked.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Answer.Locked");
        var respondentReviews = () => world.With(s => q(s).ReviewAsync(energy, "CIV-2024", "MMPE", true, null, Ct));
        await respondentReviews.Should().ThrowAsync<ForbiddenException>();
        var silentReturn = () => world.With(s => q(s).ReviewAsync(coordinator, "CIV-2024", "MMPE", false, " ", Ct));
        (await silentReturn.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Assignment.ReturnComment");
        (await world.With(s => q(s).ReviewAsync(coordinator, "CIV-2024", "MMPE", false, "Précisez la source pour la question 3", Ct))).State.Should().Be(AssignmentState.Returned);
        var acceptReturned = () => world.With(s => q(s).ReviewAsync(coordinator, "CIV-2024", "MMPE", true, null, Ct));
        (await acceptReturned.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Assignment.AcceptNotSubmitted");
        var fresh = (await GetAsync(world, energy, "MMPE")).Items[0];
        (await SaveAsync(world, energy, "MMPE", fresh.Question.Id, new AnswerInput(3, false, null, "Source : arrêté de 2023", null, fresh.Answer.ConcurrencyStamp))).Changed.Should().BeTrue();
        await world.With(s => q(s).SubmitAsync(energy, "CIV-2024", "MMPE", Ct));
        (await world.With(s => q(s).ReviewAsync(coordinator, "CIV-2024", "MMPE", true, null, Ct))).State.Should().Be(AssignmentState.Accepted);
    }

    [Fact]
    public async Task Assignment_ByFrameworkThemeSectorOrId_AddsToWhatIsThere_AndUnknownValuesAreRefused()
    {
        await using var world = await DemoWorld.CreateAsync();
        var coordinator = await world.ViewerAsync("coordinator");
        var q = (Func<IServiceProvider, QuestionnaireService>)(s => s.GetRequiredService<QuestionnaireService>());
        var catalog = await world.With(s => s.GetRequiredService<Rempart.Core.Catalog.CatalogService>().GetAsync("civ@2026.2-civ.1", Ct));
        var before = (await world.With(s => q(s).ListAsync(coordinator, "CIV-2024", Ct))).Single(a => a.Entity == "MD").Questions;
        var byTheme = await world.With(s => q(s).AssignAsync(coordinator, "CIV-2024", new AssignmentRequest("MD", AssignmentSelection.Theme, ["training"], new DateOnly(2024, 9, 30)), Ct));
        var trainingQuestions = catalog.Questions.Count(x => x.Theme == "training");
        byTheme.Questions.Should().BeGreaterThanOrEqualTo(Math.Max(before, trainingQuestions)).And.BeLessThanOrEqualTo(before + trainingQuestions);
        byTheme.DueOn.Should().Be(new DateOnly(2024, 9, 30));
        var byId = await world.With(s => q(s).AssignAsync(coordinator, "CIV-2024", new AssignmentRequest("MD", AssignmentSelection.Questions, ["leg-crim-01"], null), Ct));
        byId.Questions.Should().BeGreaterThanOrEqualTo(byTheme.Questions);
        var unknown = () => world.With(s => q(s).AssignAsync(coordinator, "CIV-2024", new AssignmentRequest("MD", AssignmentSelection.Sector, ["moon-base"], null), Ct));
        (await unknown.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Assignment.UnknownValue");
        var suggested = await world.With(s => q(s).AssignAsync(coordinator, "CIV-2024", new AssignmentRequest("CI-CERT", AssignmentSelection.Suggested, null, null), Ct));
        var entity = await world.With(s => s.GetRequiredService<AppDbContext>().NationalEntities.SingleAsync(e => e.Acronym == "CI-CERT", Ct));
        suggested.Questions.Should().BeGreaterThanOrEqualTo(catalog.Questions.Count(x => QuestionnaireService.IsRelevant(x, entity)));
    }

    [Fact]
    public async Task EntityCatalogTypes_DriveTheSuggestion_AndOnlyTheCatalogsTypesAreAccepted()
    {
        await using var world = await DemoWorld.CreateAsync();
        var coordinator = await world.ViewerAsync("coordinator");
        var entities = (Func<IServiceProvider, Rempart.Core.Engagements.EntityService>)(s => s.GetRequiredService<Rempart.Core.Engagements.EntityService>());
        var cert = (await world.With(s => entities(s).ListAsync(coordinator, "CIV-2024", cancellationToken: Ct))).Single(e => e.Acronym == "CI-CERT");
        cert.CatalogTypes.Should().Equal("cert");
        var unknown = () => world.With(async s => { await entities(s).SetCatalogTypesAsync(coordinator, "CIV-2024", cert.Id, ["space-agency"], cert.ConcurrencyStamp, Ct); return true; });
        (await unknown.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Entity.UnknownType");
        await world.With(async s => { await entities(s).SetCatalogTypesAsync(coordinator, "CIV-2024", cert.Id, ["cert", "intelligence"], cert.ConcurrencyStamp, Ct); return true; });
        var stale = () => world.With(async s => { await entities(s).SetCatalogTypesAsync(coordinator, "CIV-2024", cert.Id, ["cert"], cert.ConcurrencyStamp, Ct); return true; });
        await stale.Should().ThrowAsync<DbUpdateConcurrencyException>();

        var catalog = await world.With(s => s.GetRequiredService<Rempart.Core.Catalog.CatalogService>().GetAsync("civ@2026.2-civ.1", Ct));
        var assigned = await world.With(s => s.GetRequiredService<QuestionnaireService>().AssignAsync(coordinator, "CIV-2024", new AssignmentRequest("CI-CERT", AssignmentSelection.Suggested, null, null), Ct));
        var view = await GetAsync(world, coordinator, "CI-CERT");
        view.Items.Select(i => i.Question.Id).Should().Contain(catalog.Questions.Where(q => q.EntityTypes.Contains("intelligence")).Select(q => q.Id));
        assigned.Questions.Should().Be(view.Items.Count);
    }

    [Fact]
    public async Task Evidence_IsCheckedByTypeSizeAndContent_HashedAndVisibleOnlyToThoseWhoMaySeeTheAnswer()
    {
        await using var world = await DemoWorld.CreateAsync();
        var energy = await world.ViewerAsync("energy");
        var togo = await world.ViewerAsync("togo");
        var coordinator = await world.ViewerAsync("coordinator");
        var question = (await GetAsync(world, energy, "MMPE")).Items[0].Question.Id;
        Task<EvidenceView> Upload(byte[] content, string name) =>
            world.With(s => s.GetRequiredService<QuestionnaireService>().AddEvidenceAsync(energy, "CIV-2024", "MMPE", question, new MemoryStream(content), name, Ct));

        var pdf = "%PDF-1.4 arrêté interministériel"u8.ToArray();
        var stored = await Upload(pdf, "arrêté.pdf");
        stored.Sha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)));
        stored.ContentType.Should().Be("application/pdf");
        var renamed = () => Upload("MZ\x90\0"u8.ToArray(), "rapport.pdf");
        (await renamed.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Evidence.Content");
        var exe = () => Upload("MZ"u8.ToArray(), "outil.exe");
        (await exe.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Evidence.Type");
        var huge = () => Upload([.. "%PDF"u8, .. new byte[QuestionnaireService.MaxEvidenceBytes]], "scan.pdf");
        (await huge.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Evidence.Size");

        (await world.With(s => s.GetRequiredService<QuestionnaireService>().EvidenceAsync(coordinator, "CIV-2024", stored.Id, Ct))).Content.Should().Equal(pdf);
        var foreign = () => world.With(s => s.GetRequiredService<QuestionnaireService>().EvidenceAsync(togo, "CIV-2024", stored.Id, Ct));
        await foreign.Should().ThrowAsync<NotFoundException>();
        var wrongEngagement = () => world.With(s => s.GetRequiredService<QuestionnaireService>().EvidenceAsync(coordinator, "TGO-2023", stored.Id, Ct));
        await wrongEngagement.Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task AnswerFromAFinding_KeepsTheFindingAsItsProvenance()
    {
        await using var world = await DemoWorld.CreateAsync();
        var coordinator = await world.ViewerAsync("coordinator");
        var item = (await GetAsync(world, coordinator, "ARTCI")).Items.First(i => !i.Answer.IsAnswered);
        var saved = await SaveAsync(world, coordinator, "ARTCI", item.Question.Id, new AnswerInput(1, false, null, "Dit en séance", null, null, "f-3"));
        saved.Answer.Channel.Should().Be(AnswerChannel.Finding);
        saved.Answer.Source.Should().Be("F-003");
        var unknown = () => SaveAsync(world, coordinator, "ARTCI", item.Question.Id, new AnswerInput(2, false, null, "x", null, saved.Answer.ConcurrencyStamp, "F-999"));
        (await unknown.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Answer.UnknownFinding");
    }
}
