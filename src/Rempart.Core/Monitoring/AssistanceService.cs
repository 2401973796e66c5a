using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Core.Roadmaps;

namespace Rempart.Core.Monitoring;

/// <summary>What an editor says about an activity (both languages side by side).</summary>
public sealed record ActivityInput(
    AssistanceKind Kind, ActivityStatus Status, string TitleEn, string TitleFr, string? DescriptionEn, string? DescriptionFr,
    DateOnly PlannedStart, DateOnly PlannedEnd, DateOnly? ActualStart, DateOnly? ActualEnd, string? Place, IReadOnlyList<string>? Partners,
    IReadOnlyList<int>? Recommendations, IReadOnlyList<ParticipantInput>? Participants, string? Classification);

/// <summary>Participants for one national entity (by acronym) or another organisation (by name), by sex.</summary>
public sealed record ParticipantInput(string Who, int Women, int Men);

public sealed record FundingInput(string Donor, FundingKind Kind, decimal Amount, string Currency, DateOnly Date, string? Note);

public sealed record FundingView(Guid Id, string DonorCode, string DonorEn, string DonorFr, FundingKind Kind, decimal Amount, string Currency, DateOnly Date, string? Note);

public sealed record ParticipantView(string Who, bool IsEntity, int Women, int Men);

/// <summary>An activity as people read it: codes and names instead of ids.</summary>
public sealed record ActivityView(
    AssistanceActivity Activity, string Code, IReadOnlyList<(string Code, string NameEn, string NameFr)> Partners, IReadOnlyList<(int Number, string Code, string TitleEn, string TitleFr)> Recommendations,
    IReadOnlyList<ParticipantView> Participants, IReadOnlyList<FundingView> Funding)
{
    public int Women => Participants.Sum(p => p.Women);

    public int Men => Participants.Sum(p => p.Men);

    /// <summary>Totals per donor, kind and currency (amounts in different currencies are never added).</summary>
    public IReadOnlyList<(string Donor, FundingKind Kind, string Currency, decimal Amount)> Totals =>
        [.. Funding.GroupBy(f => (f.DonorCode, f.Kind, f.Currency)).OrderBy(g => g.Key.DonorCode, StringComparer.Ordinal).ThenBy(g => g.Key.Kind).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => (g.Key.DonorCode, g.Key.Kind, g.Key.Currency, g.Sum(f => f.Amount)))];
}

/// <summary>A recommendation as a donor sees it: its code, its title only when the plan is TLP:GREEN or below, where it stands.</summary>
public sealed record DonorRecommendation(string Code, string? TitleEn, string? TitleFr, ImplementationStatus Status, int Progress);

/// <summary>The donor view: funded activities at TLP:GREEN or below, and the progress of what they implement.</summary>
public sealed record DonorView(string EngagementCode, IReadOnlyList<ActivityView> Activities, IReadOnlyList<DonorRecommendation> Recommendations,
    IReadOnlyList<(string Donor, FundingKind Kind, string Currency, decimal Amount)> Totals);

/// <summary>
/// Technical-assistance activities of an engagement: what the programme delivers (workshops, trainings, expert
/// missions, equipment), for which recommendations, with whom, and who pays. Every reader sees only activities at
/// or below their TLP ceiling; a donor viewer only funded ones at TLP:GREEN or below.
/// </summary>
public sealed partial class AssistanceService(AppDbContext db, EngagementAccess access, MonitoringService monitoring, TimeProvider time)
{
    public static string Code(string engagement, int number) => $"{engagement}-TA{number:00}";

    public async Task<IReadOnlyList<ActivityView>> ListAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        return await VisibleAsync(context, cancellationToken);
    }

    /// <summary>The activities this member may read, as views (donors: funded, TLP:GREEN or below).</summary>
    public async Task<IReadOnlyList<ActivityView>> VisibleAsync(EngagementContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Demand(EngagementAction.Read);
        var ceiling = Tlp.CeilingFor(context.Viewer, context.MemberRole);
        var donorOnly = !context.Allows(EngagementAction.ReadMonitoring);
        var activities = (await db.AssistanceActivities.AsNoTracking().Include(a => a.Funding).Where(a => a.EngagementId == context.Id).ToListAsync(cancellationToken))
            .Where(a => Tlp.Within(a.Classification, donorOnly ? Tlp.Green : ceiling) && (!donorOnly || a.Funding.Count > 0))
            .OrderBy(a => a.PlannedStart).ThenBy(a => a.Number).ToList();
        return await ViewsAsync(context, activities, cancellationToken);
    }

    public async Task<ActivityView> GetAsync(Viewer viewer, string engagement, int number, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        return (await VisibleAsync(context, cancellationToken)).SingleOrDefault(a => a.Activity.Number == number)
            ?? throw new NotFoundException("Assistance.NotFound", Code(context.Code, number));
    }

    public async Task<ActivityView> CreateAsync(Viewer viewer, string engagement, ActivityInput input, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageAssistance);
        var activity = new AssistanceActivity { EngagementId = context.Id, CreatedAt = time.GetUtcNow(), CreatedBy = viewer.UserId };
        await ApplyAsync(context, activity, input, cancellationToken);
        activity.Number = (await db.AssistanceActivities.Where(a => a.EngagementId == context.Id).MaxAsync(a => (int?)a.Number, cancellationToken) ?? 0) + 1;
        db.AssistanceActivities.Add(activity);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("Assistance.Conflict", Code(context.Code, activity.Number));
        }

        return await GetAsync(viewer, engagement, activity.Number, cancellationToken);
    }

    public async Task<ActivityView> UpdateAsync(Viewer viewer, string engagement, int number, ActivityInput input, Guid expectedStamp, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageAssistance);
        var activity = await db.AssistanceActivities.SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.Number == number, cancellationToken)
            ?? throw new NotFoundException("Assistance.NotFound", Code(context.Code, number));
        if (activity.ConcurrencyStamp != expectedStamp)
        {
            throw new ConflictException("Assistance.Conflict", Code(context.Code, number));
        }

        await ApplyAsync(context, activity, input, cancellationToken);
        activity.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(viewer, engagement, number, cancellationToken);
    }

    public async Task<FundingView> AddFundingAsync(Viewer viewer, string engagement, int number, FundingInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageAssistance);
        var activity = await db.AssistanceActivities.SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.Number == number, cancellationToken)
            ?? throw new NotFoundException("Assistance.NotFound", Code(context.Code, number));
        var donors = await db.EngagementOrganisations.AsNoTracking().Where(o => o.EngagementId == context.Id && o.Role == OrganisationRole.Donor).ToListAsync(cancellationToken);
        var donor = donors.SingleOrDefault(o => string.Equals(o.Code, input.Donor?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new DomainRuleException("Assistance.UnknownDonor", input.Donor ?? "", string.Join(", ", donors.Select(d => d.Code)));
        var currency = (input.Currency ?? "").Trim().ToUpperInvariant();
        if (!CurrencyPattern().IsMatch(currency))
        {
            throw new DomainRuleException("Assistance.Currency", input.Currency ?? "");
        }

        if (input.Amount <= 0 || input.Amount > 1_000_000_000_000m)
        {
            throw new DomainRuleException("Assistance.Amount", input.Amount);
        }

        if ((input.Note?.Length ?? 0) > 1000)
        {
            throw new DomainRuleException("Monitoring.TooLong");
        }

        var funding = new ActivityFunding
        {
            ActivityId = activity.Id, DonorId = donor.Id, Kind = input.Kind, Amount = decimal.Round(input.Amount, 2), Currency = currency, Date = input.Date,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
        };
        db.ActivityFunding.Add(funding);
        activity.ConcurrencyStamp = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
        return new FundingView(funding.Id, donor.Code, donor.NameEn, donor.NameFr, funding.Kind, funding.Amount, funding.Currency, funding.Date, funding.Note);
    }

    public async Task RemoveFundingAsync(Viewer viewer, string engagement, int number, Guid fundingId, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageAssistance);
        var activity = await db.AssistanceActivities.Include(a => a.Funding).SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.Number == number, cancellationToken)
            ?? throw new NotFoundException("Assistance.NotFound", Code(context.Code, number));
        var funding = activity.Funding.SingleOrDefault(f => f.Id == fundingId) ?? throw new NotFoundException("Assistance.NoFunding", fundingId);
        db.ActivityFunding.Remove(funding);
        activity.ConcurrencyStamp = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>What a donor may see: funded activities at TLP:GREEN or below and the progress of the recommendations they implement.</summary>
    public async Task<DonorView> DonorViewAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.Read);
        var activities = (await VisibleAsync(context, cancellationToken)).Where(a => a.Funding.Count > 0 && Tlp.Within(a.Activity.Classification, Tlp.Green)).ToList();
        var linked = activities.SelectMany(a => a.Activity.Recommendations).ToHashSet();
        var recommendations = new List<DonorRecommendation>();
        var roadmap = await db.Roadmaps.AsNoTracking().SingleOrDefaultAsync(r => r.EngagementId == context.Id, cancellationToken);
        if (roadmap is { State: RoadmapState.Adopted } && linked.Count > 0)
        {
            var plan = await monitoring.OverviewAsync(context, cancellationToken);
            var titles = Tlp.Within(roadmap.Classification, Tlp.Green);
            recommendations.AddRange(plan.Items.Where(i => linked.Contains(i.Recommendation.Id)).OrderBy(i => i.Recommendation.Number)
                .Select(i => new DonorRecommendation(i.Code, titles ? i.Recommendation.TitleEn : null, titles ? i.Recommendation.TitleFr : null, i.State.Effective, i.State.Progress)));
        }

        // Titles of recommendations above TLP:GREEN do not travel with the activities either.
        var shown = recommendations.ToDictionary(r => r.Code);
        var scrubbed = activities.Select(a => a with
        {
            Recommendations = [.. a.Recommendations.Select(r => shown.TryGetValue(r.Code, out var d) && d.TitleEn is not null ? r : (r.Number, r.Code, "", ""))],
        }).ToList();
        var totals = scrubbed.SelectMany(a => a.Funding).GroupBy(f => (f.DonorCode, f.Kind, f.Currency)).OrderBy(g => g.Key.DonorCode, StringComparer.Ordinal).ThenBy(g => g.Key.Kind)
            .Select(g => (g.Key.DonorCode, g.Key.Kind, g.Key.Currency, g.Sum(f => f.Amount))).ToList();
        return new DonorView(context.Code, scrubbed, recommendations, totals);
    }

    private async Task ApplyAsync(EngagementContext context, AssistanceActivity activity, ActivityInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var titleEn = (input.TitleEn ?? "").Trim();
        var titleFr = (input.TitleFr ?? "").Trim();
        if (titleEn.Length == 0 || titleFr.Length == 0 || titleEn.Length > 500 || titleFr.Length > 500)
        {
            throw new DomainRuleException("Assistance.Title");
        }

        if ((input.DescriptionEn?.Length ?? 0) > 8000 || (input.DescriptionFr?.Length ?? 0) > 8000 || (input.Place?.Length ?? 0) > 300)
        {
            throw new DomainRuleException("Monitoring.TooLong");
        }

        if (input.PlannedEnd < input.PlannedStart || (input.ActualStart is { } s && input.ActualEnd is { } e && e < s))
        {
            throw new DomainRuleException("Assistance.Dates");
        }

        var classification = string.IsNullOrWhiteSpace(input.Classification) ? Tlp.Green : Tlp.Parse(input.Classification)
            ?? throw new DomainRuleException("Assistance.Classification", input.Classification, string.Join(", ", Tlp.All));
        if (input.Status == ActivityStatus.Completed && input.ActualEnd is null)
        {
            throw new DomainRuleException("Assistance.CompletedNeedsEnd");
        }

        var organisations = await db.EngagementOrganisations.AsNoTracking().Where(o => o.EngagementId == context.Id).ToListAsync(cancellationToken);
        var partners = new List<string>();
        foreach (var partner in (input.Partners ?? []).Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            var found = organisations.FirstOrDefault(o => string.Equals(o.Code, partner, StringComparison.OrdinalIgnoreCase))
                ?? throw new DomainRuleException("Assistance.UnknownPartner", partner, string.Join(", ", organisations.Select(o => o.Code).Distinct()));
            if (!partners.Contains(found.Code))
            {
                partners.Add(found.Code);
            }
        }

        var recommendations = new List<Guid>();
        if (input.Recommendations is { Count: > 0 } numbers)
        {
            var plan = await db.Roadmaps.AsNoTracking().Include(r => r.Recommendations).SingleOrDefaultAsync(r => r.EngagementId == context.Id, cancellationToken);
            foreach (var number in numbers.Distinct())
            {
                var found = plan?.Recommendations.SingleOrDefault(r => r.Number == number && r.Status == RecommendationStatus.Active)
                    ?? throw new DomainRuleException("Assistance.UnknownRecommendation", $"{context.Code}-R{number:00}");
                recommendations.Add(found.Id);
            }
        }

        var entities = await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == context.Id).ToListAsync(cancellationToken);
        var participants = new List<ParticipantCount>();
        foreach (var p in input.Participants ?? [])
        {
            var who = (p.Who ?? "").Trim();
            if (who.Length is 0 or > 200 || p.Women < 0 || p.Men < 0 || p.Women + p.Men > 100_000)
            {
                throw new DomainRuleException("Assistance.Participants", who);
            }

            var entity = entities.FirstOrDefault(e => string.Equals(e.Acronym, who, StringComparison.OrdinalIgnoreCase) && e.ValidTo == null)
                ?? entities.FirstOrDefault(e => string.Equals(e.Acronym, who, StringComparison.OrdinalIgnoreCase));
            participants.Add(entity is null ? new ParticipantCount(null, who, p.Women, p.Men) : new ParticipantCount(entity.Id, null, p.Women, p.Men));
        }

        activity.Kind = input.Kind;
        activity.Status = input.Status;
        activity.TitleEn = titleEn;
        activity.TitleFr = titleFr;
        activity.DescriptionEn = (input.DescriptionEn ?? "").Trim();
        activity.DescriptionFr = (input.DescriptionFr ?? "").Trim();
        activity.PlannedStart = input.PlannedStart;
        activity.PlannedEnd = input.PlannedEnd;
        activity.ActualStart = input.ActualStart;
        activity.ActualEnd = input.ActualEnd;
        activity.Place = (input.Place ?? "").Trim();
        activity.Partners = partners;
        activity.Recommendations = recommendations;
        activity.Participants = participants;
        activity.Classification = classification;
    }

    private async Task<IReadOnlyList<ActivityView>> ViewsAsync(EngagementContext context, IReadOnlyList<AssistanceActivity> activities, CancellationToken cancellationToken)
    {
        var organisations = await db.EngagementOrganisations.AsNoTracking().Where(o => o.EngagementId == context.Id).ToListAsync(cancellationToken);
        var entities = await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == context.Id).ToDictionaryAsync(e => e.Id, e => e.Acronym, cancellationToken);
        var recommendations = (await db.Roadmaps.AsNoTracking().Include(r => r.Recommendations).SingleOrDefaultAsync(r => r.EngagementId == context.Id, cancellationToken))
            ?.Recommendations.ToDictionary(r => r.Id) ?? [];
        return [.. activities.Select(a => new ActivityView(
            a, Code(context.Code, a.Number),
            [.. a.Partners.Select(p => organisations.FirstOrDefault(o => o.Code == p) is { } o ? (o.Code, o.NameEn, o.NameFr) : (p, p, p))],
            [.. a.Recommendations.Where(recommendations.ContainsKey).Select(id => recommendations[id]).OrderBy(r => r.Number)
                .Select(r => (r.Number, $"{context.Code}-R{r.Number:00}", r.TitleEn, r.TitleFr))],
            [.. a.Participants.Select(p => new ParticipantView(p.EntityId is { } id ? entities.GetValueOrDefault(id, "?") : p.Organisation ?? "?", p.EntityId is not null, p.Women, p.Men))],
            [.. a.Funding.OrderBy(f => f.Date).Select(f => organisations.FirstOrDefault(o => o.Id == f.DonorId) is { } d
                ? new FundingView(f.Id, d.Code, d.NameEn, d.NameFr, f.Kind, f.Amount, f.Currency, f.Date, f.Note)
                : new FundingView(f.Id, "?", "?", "?", f.Kind, f.Amount, f.Currency, f.Date, f.Note))]))];
    }

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();
}
