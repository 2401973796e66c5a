using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rempart.Core.Data;
using Rempart.Core.Monitoring;
using Rempart.Core.Tests.Questionnaires;

namespace Rempart.Core.Tests.Monitoring;

/// <summary>The Togo demo plan (adopted 15 January 2024), followed on 1 December 2026 by a fake clock.</summary>
public sealed class MonitoringServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private DemoWorld _world = default!;

    public async ValueTask InitializeAsync() => _world = await DemoWorld.CreateAsync(_time);

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    private Task<T> Monitoring<T>(Func<MonitoringService, Task<T>> work) => _world.With(s => work(s.GetRequiredService<MonitoringService>()));

    private Task<int> Monitoring(Func<MonitoringService, Task> work) => _world.With(async s => { await work(s.GetRequiredService<MonitoringService>()); return 0; });

    private Task<T> Assistance<T>(Func<AssistanceService, Task<T>> work) => _world.With(s => work(s.GetRequiredService<AssistanceService>()));

    [Fact]
    public async Task The_overview_judges_each_recommendation_on_the_clock_s_day()
    {
        var officer = await _world.ViewerAsync("officer");
        var plan = await Monitoring(m => m.OverviewAsync(officer, "TGO-2023"));
        Assert.Equal(new DateOnly(2024, 1, 15), plan.Adopted);
        Assert.Equal(new DateOnly(2026, 12, 1), plan.Today);
        var byNumber = plan.Items.ToDictionary(i => i.Recommendation.Number);
        Assert.Equal(6, byNumber.Count);

        // R01: completed in December 2024.
        Assert.Equal(ImplementationStatus.Completed, byNumber[1].State.Effective);
        Assert.Empty(byNumber[1].State.Attention);

        // R02: medium horizon, the bill was due in the Assembly at month 18 (15 July 2025) and is not: delayed.
        Assert.Equal(ImplementationStatus.InProgress, byNumber[2].State.Recorded);
        Assert.Equal(ImplementationStatus.Delayed, byNumber[2].State.Effective);
        Assert.True(byNumber[2].State.Milestones[0].Overdue);

        // R04: short horizon, past its deadline of 15 January 2025 at 70 %.
        Assert.True(byNumber[4].State.PastDeadline);
        Assert.Equal(70, byNumber[4].State.Progress);

        // R03: the strategy was due for adoption at month 30 (15 July 2026).
        Assert.Equal(ImplementationStatus.Delayed, byNumber[3].State.Effective);
        Assert.False(byNumber[3].State.Milestones[1].Overdue);
        Assert.True(byNumber[3].State.Milestones[2].Overdue);

        // R06: long horizon, no report at all, milestone at month 40: not late but not reported for 90 days.
        Assert.False(byNumber[6].State.Late);
        Assert.True(byNumber[6].State.Stale);
        Assert.Equal(ImplementationStatus.NotStarted, byNumber[6].State.Effective);

        var byStatus = plan.By(i => i.State.Effective.ToString());
        Assert.Equal(6, byStatus.Sum(g => g.Count));
        Assert.Equal(1, byStatus.Single(g => g.Key == "Completed").Count);
        Assert.Equal(plan.Items.Count(i => i.State.Late), plan.Late.Count);

        // Progress over time climbs month by month from zero at adoption.
        Assert.Equal(0, plan.History[0].MeanProgress);
        Assert.Equal(new DateOnly(2026, 12, 1), plan.History[^1].Day);
        Assert.True(plan.History[^1].MeanProgress > plan.History[6].MeanProgress);
        Assert.Equal((100 + 45 + 80 + 70 + 30 + 0) / 6.0, plan.History[^1].MeanProgress, 6);
    }

    [Fact]
    public async Task A_respondent_reports_on_what_its_entity_leads_and_nothing_else()
    {
        var togo = await _world.ViewerAsync("togo");
        var plan = await Monitoring(m => m.OverviewAsync(togo, "TGO-2023"));
        Assert.Equal([3, 4, 5], plan.Items.Where(i => i.CanReport).Select(i => i.Recommendation.Number).Order());
        Assert.All(plan.Attention, i => Assert.Equal("MSPC", i.Lead));

        var stamp = plan.Items.Single(i => i.Recommendation.Number == 4).ConcurrencyStamp;
        await Monitoring(m => m.ReportAsync(togo, "TGO-2023", 4, new ProgressInput(new DateOnly(2025, 11, 28), ImplementationStatus.InProgress, 85, "Cascade au port autonome de Lomé.", null), stamp));
        var e = await Assert.ThrowsAsync<ForbiddenException>(() =>
            Monitoring(m => m.ReportAsync(togo, "TGO-2023", 1, new ProgressInput(new DateOnly(2025, 11, 28), ImplementationStatus.Completed, 100, null, null), Guid.Empty)));
        Assert.Equal("Monitoring.NotLead", e.Code);

        var detail = await Monitoring(m => m.DetailAsync(togo, "TGO-2023", 4));
        Assert.Equal(85, detail.Item.State.Progress);
        Assert.Equal("Cascade au port autonome de Lomé.", detail.Updates[0].Note);
        Assert.Equal(3, detail.Updates.Count);
    }

    [Fact]
    public async Task Two_reports_from_the_same_reading_do_not_overwrite_each_other()
    {
        var officer = await _world.ViewerAsync("officer");
        var togo = await _world.ViewerAsync("togo");
        var stamp = (await Monitoring(m => m.DetailAsync(officer, "TGO-2023", 3))).Item.ConcurrencyStamp;
        await Monitoring(m => m.ReportAsync(togo, "TGO-2023", 3, new ProgressInput(new DateOnly(2026, 11, 30), ImplementationStatus.InProgress, 85, null, null), stamp));
        var e = await Assert.ThrowsAsync<ConflictException>(() =>
            Monitoring(m => m.ReportAsync(officer, "TGO-2023", 3, new ProgressInput(new DateOnly(2026, 11, 30), ImplementationStatus.InProgress, 90, null, null), stamp)));
        Assert.Equal("Monitoring.Conflict", e.Code);
        var detail = await Monitoring(m => m.DetailAsync(officer, "TGO-2023", 3));
        Assert.Equal(85, detail.Item.State.Progress);

        // An earlier-dated report joins the history without replacing the current state.
        await Monitoring(m => m.ReportAsync(officer, "TGO-2023", 3, new ProgressInput(new DateOnly(2025, 1, 10), ImplementationStatus.InProgress, 40, "Late entry", null), detail.Item.ConcurrencyStamp));
        detail = await Monitoring(m => m.DetailAsync(officer, "TGO-2023", 3));
        Assert.Equal(85, detail.Item.State.Progress);
        Assert.Contains(detail.Updates, u => u.Note == "Late entry");
    }

    [Fact]
    public async Task Indicator_values_build_a_dated_history_against_baseline_and_target()
    {
        var togo = await _world.ViewerAsync("togo");
        await Monitoring(m => m.MeasureAsync(togo, "TGO-2023", 4, new MeasurementInput(1, new DateOnly(2025, 10, 1), "320", null, "Feuilles de présence")));
        await Monitoring(m => m.MeasureAsync(togo, "TGO-2023", 4, new MeasurementInput(1, new DateOnly(2025, 6, 1), "250", null, null)));
        var detail = await Monitoring(m => m.DetailAsync(togo, "TGO-2023", 4));
        var staff = detail.Measurements.Where(x => x.Indicator == 1).ToList();
        Assert.Equal(["180", "250", "320"], staff.Select(x => x.Value));
        Assert.Equal(0.8, staff[^1].Attainment!.Value, 6);
        var e = await Assert.ThrowsAsync<DomainRuleException>(() => Monitoring(m => m.MeasureAsync(togo, "TGO-2023", 4, new MeasurementInput(2, new DateOnly(2025, 10, 1), "1", null, null))));
        Assert.Equal("Monitoring.NoIndicator", e.Code);
        e = await Assert.ThrowsAsync<DomainRuleException>(() => Monitoring(m => m.MeasureAsync(togo, "TGO-2023", 4, new MeasurementInput(0, new DateOnly(2026, 12, 2), "1", null, null))));
        Assert.Equal("Monitoring.DateInFuture", e.Code);

        // The staff indicator runs from a number to a number: a word or a negative count is refused, and nothing is recorded.
        e = await Assert.ThrowsAsync<DomainRuleException>(() => Monitoring(m => m.MeasureAsync(togo, "TGO-2023", 4, new MeasurementInput(1, new DateOnly(2025, 10, 2), "abc", null, null))));
        Assert.Equal("Monitoring.ValueNotNumber", e.Code);
        Assert.Contains("« abc » n'est pas un nombre", e.MessageIn(new System.Globalization.CultureInfo("fr")), StringComparison.Ordinal);
        e = await Assert.ThrowsAsync<DomainRuleException>(() => Monitoring(m => m.MeasureAsync(togo, "TGO-2023", 4, new MeasurementInput(1, new DateOnly(2025, 10, 2), "-5", null, null))));
        Assert.Equal("Monitoring.ValueNegative", e.Code);
        await Monitoring(m => m.MeasureAsync(togo, "TGO-2023", 4, new MeasurementInput(1, new DateOnly(2025, 10, 2), "330 %", null, null)));
        Assert.Equal(["180", "250", "320", "330 %"], (await Monitoring(m => m.DetailAsync(togo, "TGO-2023", 4))).Measurements.Where(x => x.Indicator == 1).Select(x => x.Value));
    }

    [Fact]
    public async Task Reaching_a_milestone_clears_the_delay_it_caused()
    {
        var officer = await _world.ViewerAsync("officer");
        await Monitoring(m => m.MilestoneAsync(officer, "TGO-2023", 2, 0, new DateOnly(2025, 11, 20), "Tabled"));
        var item = (await Monitoring(m => m.DetailAsync(officer, "TGO-2023", 2))).Item;
        Assert.False(item.State.Milestones[0].Overdue);
        Assert.True(item.State.Milestones[1].Overdue);
        Assert.Equal(ImplementationStatus.Delayed, item.State.Effective);
        await Monitoring(m => m.MilestoneAsync(officer, "TGO-2023", 2, 1, new DateOnly(2026, 10, 2), "Promulgated"));
        item = (await Monitoring(m => m.DetailAsync(officer, "TGO-2023", 2))).Item;
        Assert.Equal(ImplementationStatus.InProgress, item.State.Effective);
        await Monitoring(m => m.MilestoneAsync(officer, "TGO-2023", 2, 1, null, null));
        item = (await Monitoring(m => m.DetailAsync(officer, "TGO-2023", 2))).Item;
        Assert.Equal(ImplementationStatus.Delayed, item.State.Effective);
    }

    [Fact]
    public async Task A_donor_sees_funded_activities_at_green_or_below_and_no_title_of_an_amber_plan()
    {
        var donor = await _world.ViewerAsync("donor");
        var view = await Assistance(a => a.DonorViewAsync(donor, "TGO-2023"));
        Assert.Equal(["TGO-2023-TA01", "TGO-2023-TA02"], view.Activities.Select(a => a.Code));
        Assert.All(view.Recommendations, r => Assert.Null(r.TitleEn));
        Assert.Equal(["TGO-2023-R01", "TGO-2023-R02", "TGO-2023-R03", "TGO-2023-R04"], view.Recommendations.Select(r => r.Code));
        Assert.All(view.Activities.SelectMany(a => a.Recommendations), r => Assert.Equal("", r.TitleEn));
        Assert.Equal(48000m + 95000m, view.Totals.Single(t => t.Kind == FundingKind.Commitment).Amount);
        Assert.Equal(["TGO-2023-TA01", "TGO-2023-TA02"], (await Assistance(a => a.ListAsync(donor, "TGO-2023"))).Select(a => a.Code));
        await Assert.ThrowsAsync<ForbiddenException>(() => Monitoring(m => m.OverviewAsync(donor, "TGO-2023")));

        var officer = await _world.ViewerAsync("officer");
        Assert.Equal(4, (await Assistance(a => a.ListAsync(officer, "TGO-2023"))).Count);
        var togo = await _world.ViewerAsync("togo");
        Assert.Equal(4, (await Assistance(a => a.ListAsync(togo, "TGO-2023"))).Count);
    }

    [Fact]
    public async Task A_member_of_another_engagement_finds_nothing()
    {
        var energy = await _world.ViewerAsync("energy");
        await Assert.ThrowsAsync<NotFoundException>(() => Monitoring(m => m.OverviewAsync(energy, "TGO-2023")));
        await Assert.ThrowsAsync<NotFoundException>(() => Monitoring(m => m.DetailAsync(energy, "TGO-2023", 1)));
        await Assert.ThrowsAsync<NotFoundException>(() => Assistance(a => a.ListAsync(energy, "TGO-2023")));
        await Assert.ThrowsAsync<NotFoundException>(() => Assistance(a => a.DonorViewAsync(energy, "TGO-2023")));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            Monitoring(m => m.ReportAsync(energy, "TGO-2023", 4, new ProgressInput(new DateOnly(2025, 11, 28), ImplementationStatus.InProgress, 85, null, null), Guid.Empty)));
    }

    [Fact]
    public async Task Activities_are_recorded_with_participants_by_sex_and_funding_in_their_currency()
    {
        var officer = await _world.ViewerAsync("officer");
        var created = await Assistance(a => a.CreateAsync(officer, "TGO-2023", new ActivityInput(
            AssistanceKind.Equipment, ActivityStatus.Ongoing, "Walk-through metal detectors", "Portiques de détection", null, null,
            new DateOnly(2025, 11, 1), new DateOnly(2026, 2, 28), new DateOnly(2025, 11, 3), null, "Lomé", ["unoct"], [4],
            [new ParticipantInput("MSPC", 2, 3), new ParticipantInput("Stade de Kégué", 0, 4)], "tlp:green")));
        Assert.Equal("TGO-2023-TA05", created.Code);
        Assert.Equal(2, created.Women);
        Assert.Equal(7, created.Men);
        Assert.True(created.Participants[0].IsEntity);
        Assert.Equal("TLP:GREEN", created.Activity.Classification);
        await Assistance(a => a.AddFundingAsync(officer, "TGO-2023", 5, new FundingInput("FRANCE", FundingKind.Commitment, 12_000_000m, "xof", new DateOnly(2025, 10, 15), null)));
        var view = await Assistance(a => a.GetAsync(officer, "TGO-2023", 5));
        Assert.Equal(("france", FundingKind.Commitment, "XOF", 12_000_000m), view.Totals.Single());

        var e = await Assert.ThrowsAsync<DomainRuleException>(() => Assistance(a => a.AddFundingAsync(officer, "TGO-2023", 5, new FundingInput("unoct", FundingKind.Commitment, 1m, "EUR", new DateOnly(2025, 10, 15), null))));
        Assert.Equal("Assistance.UnknownDonor", e.Code);
        e = await Assert.ThrowsAsync<DomainRuleException>(() => Assistance(a => a.AddFundingAsync(officer, "TGO-2023", 5, new FundingInput("france", FundingKind.Commitment, 1m, "EURO", new DateOnly(2025, 10, 15), null))));
        Assert.Equal("Assistance.Currency", e.Code);

        // An edit based on an older reading is refused.
        var stale = created.Activity.ConcurrencyStamp;
        var c = await Assert.ThrowsAsync<ConflictException>(() => Assistance(a => a.UpdateAsync(officer, "TGO-2023", 5, new ActivityInput(
            AssistanceKind.Equipment, ActivityStatus.Ongoing, "x", "x", null, null, new DateOnly(2025, 11, 1), new DateOnly(2026, 2, 28), null, null, null, null, null, null, null), stale)));
        Assert.Equal("Assistance.Conflict", c.Code);

        var togo = await _world.ViewerAsync("togo");
        await Assert.ThrowsAsync<ForbiddenException>(() => Assistance(a => a.AddFundingAsync(togo, "TGO-2023", 5, new FundingInput("france", FundingKind.Commitment, 1m, "EUR", new DateOnly(2025, 10, 15), null))));
    }

    [Fact]
    public async Task Starting_the_follow_up_freezes_the_national_position_reopens_questionnaires_and_moves_to_review()
    {
        var officer = await _world.ViewerAsync("officer");
        await _world.With(s => s.GetRequiredService<Rempart.Core.Engagements.StageService>()
            .MoveAsync(officer, "CIV-2024", Rempart.Core.Engagements.EngagementStage.Implementation, "Test: plan adopted outside the tool", true, Guid.Empty));
        var coordinator = await _world.ViewerAsync("coordinator");
        await Assert.ThrowsAsync<ForbiddenException>(() => _world.With(s => s.GetRequiredService<ReviewCycleService>().StartAsync(coordinator, "CIV-2024", null)));

        var started = await _world.With(s => s.GetRequiredService<ReviewCycleService>().StartAsync(officer, "CIV-2024", "Follow-up 2026"));
        Assert.Equal(Rempart.Core.Engagements.EngagementStage.Review, started.Stage);
        Assert.Equal(1, started.Frozen!.Cycle);
        Assert.Equal("Follow-up 2026", started.Frozen.Label);
        Assert.True(started.ReopenedQuestionnaires > 0);
        var comparison = await _world.With(s => s.GetRequiredService<Rempart.Core.Scoring.ScoringService>().CompareAsync(officer, "CIV-2024", 1));
        Assert.NotEmpty(comparison.Items);
        var reopened = await _world.With(s => s.GetRequiredService<Rempart.Core.Questionnaires.QuestionnaireService>().ListAsync(officer, "CIV-2024"));
        Assert.DoesNotContain(reopened, a => a.State is Rempart.Core.Questionnaires.AssignmentState.Submitted or Rempart.Core.Questionnaires.AssignmentState.Accepted);

        var again = await Assert.ThrowsAsync<DomainRuleException>(() => _world.With(s => s.GetRequiredService<ReviewCycleService>().StartAsync(officer, "CIV-2024", null)));
        Assert.Equal("Monitoring.ReviewFromImplementation", again.Code);

        // Togo has a plan but no national answers in the tool: the follow-up starts without a frozen cycle.
        var togo = await _world.With(s => s.GetRequiredService<ReviewCycleService>().StartAsync(officer, "TGO-2023", null));
        Assert.Null(togo.Frozen);
        Assert.Equal(Rempart.Core.Engagements.EngagementStage.Review, togo.Stage);
    }

    [Fact]
    public async Task Editing_the_organisations_keeps_donors_that_fund_activities_and_their_IATI_identifier()
    {
        var officer = await _world.ViewerAsync("officer");
        var engagements = (Func<IServiceProvider, Rempart.Core.Engagements.EngagementService>)(s => s.GetRequiredService<Rempart.Core.Engagements.EngagementService>());
        var profile = (await _world.With(s => engagements(s).ProfileAsync(officer, "TGO-2023")))!;
        var france = profile.Organisations.Single(o => o.Code == "france");
        var inputs = profile.Organisations.Select(o => new Rempart.Core.Engagements.OrganisationInput(o.Role, o.Code, o.NameEn, o.NameFr, o.Code == "unoct" ? "XI-IATI-TEST" : o.IatiRef)).ToList();
        await _world.With(async s => { await engagements(s).UpdateProfileAsync(officer, "TGO-2023", new(profile.ProgrammeEn, profile.ProgrammeFr, null, inputs), Guid.Empty); return 0; });
        var after = (await _world.With(s => engagements(s).ProfileAsync(officer, "TGO-2023")))!;
        Assert.Equal(france.Id, after.Organisations.Single(o => o.Code == "france").Id);
        Assert.Equal("XI-IATI-TEST", after.Organisations.Single(o => o.Code == "unoct").IatiRef);
        Assert.Equal(4, (await Assistance(a => a.ListAsync(officer, "TGO-2023"))).Count);

        var withoutFrance = inputs.Where(o => o.Code != "france").ToList();
        var e = await Assert.ThrowsAsync<DomainRuleException>(() => _world.With(async s => { await engagements(s).UpdateProfileAsync(officer, "TGO-2023", new(profile.ProgrammeEn, profile.ProgrammeFr, null, withoutFrance), Guid.Empty); return 0; }));
        Assert.Equal("Engagement.DonorHasFunding", e.Code);
        var bad = inputs.Select(o => o.Code == "unoct" ? o with { IatiRef = "not an id" } : o).ToList();
        e = await Assert.ThrowsAsync<DomainRuleException>(() => _world.With(async s => { await engagements(s).UpdateProfileAsync(officer, "TGO-2023", new(profile.ProgrammeEn, profile.ProgrammeFr, null, bad), Guid.Empty); return 0; }));
        Assert.Equal("Engagement.IatiRefInvalid", e.Code);
    }
}
