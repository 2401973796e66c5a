using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Core.Questionnaires;
using Rempart.Core.Roadmaps;

namespace Rempart.Core.Monitoring;

/// <summary>A recommendation of the adopted plan with where it stands on the day.</summary>
public sealed record TrackedRecommendation(
    Recommendation Recommendation, string Code, string? Lead, Guid? LeadId, TrackingState State, Guid ConcurrencyStamp, bool CanReport);

/// <summary>A count of recommendations per group (framework, entity, horizon or status) and their mean progress.</summary>
public sealed record GroupCount(string Key, int Count, int Completed, int Late, double MeanProgress);

/// <summary>One point of the plan's progress over time (the mean as of the day).</summary>
public sealed record ProgressPoint(DateOnly Day, double MeanProgress);

/// <summary>The adopted plan as the monitoring pages read it, for one viewer on one day.</summary>
public sealed record MonitoringOverview(
    string EngagementCode, int Edition, DateOnly Adopted, DateOnly Today, string Classification, int ShortMonths, int MediumMonths,
    IReadOnlyList<TrackedRecommendation> Items, IReadOnlyList<ProgressPoint> History, Guid? ViewerEntityId)
{
    public double MeanProgress => Items.Where(i => i.State.Recorded != ImplementationStatus.Cancelled).Select(i => (double)i.State.Progress).DefaultIfEmpty(0).Average();

    public IReadOnlyList<GroupCount> By(Func<TrackedRecommendation, string> key) =>
        [.. Items.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new GroupCount(g.Key, g.Count(), g.Count(i => i.State.Effective == ImplementationStatus.Completed),
            g.Count(i => i.State.Late), g.Select(i => (double)i.State.Progress).Average()))];

    public IReadOnlyList<TrackedRecommendation> Late => [.. Items.Where(i => i.State.Late)];

    /// <summary>What needs the viewer's attention: for a respondent, what its entity leads; for others, everything.</summary>
    public IReadOnlyList<TrackedRecommendation> Attention =>
        [.. Items.Where(i => i.State.Attention.Count > 0 && (ViewerEntityId is null || i.LeadId == ViewerEntityId))];
}

public sealed record UpdateView(Guid Id, DateOnly AsOf, ImplementationStatus Status, int Progress, string Note, string? EvidenceReference, DateTimeOffset RecordedAt, string By,
    IReadOnlyList<EvidenceView> Files);

public sealed record MeasurementView(Guid Id, int Indicator, DateOnly AsOf, string Value, double? Attainment, string? Note, string? EvidenceReference, DateTimeOffset RecordedAt, string By);

public sealed record ActivityLink(string Code, string TitleEn, string TitleFr, ActivityStatus Status);

/// <summary>One recommendation with its reports, measurements and the activities behind it.</summary>
public sealed record TrackingDetail(
    MonitoringOverview Plan, TrackedRecommendation Item, IReadOnlyList<UpdateView> Updates, IReadOnlyList<MeasurementView> Measurements, IReadOnlyList<ActivityLink> Activities);

/// <summary>What a reporter says about a recommendation on a date.</summary>
public sealed record ProgressInput(DateOnly AsOf, ImplementationStatus Status, int Progress, string? Note, string? EvidenceReference);

public sealed record MeasurementInput(int Indicator, DateOnly AsOf, string Value, string? Note, string? EvidenceReference);

/// <summary>
/// Follows the adopted plan: dated progress reports by the lead entity or the programme (with evidence),
/// indicator measurements against baseline and target, milestones reached, and what is late or needs attention,
/// judged by <see cref="TrackingRules"/> on the day given by the clock.
/// </summary>
public sealed class MonitoringService(AppDbContext db, EngagementAccess access, TimeProvider time)
{
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<MonitoringOverview> OverviewAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ReadMonitoring);
        return await OverviewAsync(context, cancellationToken);
    }

    /// <summary>The overview for an engagement already opened (exports and the donor view use it).</summary>
    public async Task<MonitoringOverview> OverviewAsync(EngagementContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var roadmap = await db.Roadmaps.AsNoTracking().Include(r => r.Recommendations).SingleOrDefaultAsync(r => r.EngagementId == context.Id, cancellationToken);
        if (roadmap is not { State: RoadmapState.Adopted, AdoptedAt: not null })
        {
            throw new DomainRuleException("Monitoring.NotAdopted", context.Code);
        }

        var adopted = DateOnly.FromDateTime(roadmap.AdoptedAt.Value.UtcDateTime);
        var today = Today;
        var recommendations = roadmap.Recommendations.Where(r => r.Status == RecommendationStatus.Active).OrderBy(r => r.Framework, StringComparer.Ordinal).ThenBy(r => r.Order).ThenBy(r => r.Number).ToList();
        var ids = recommendations.Select(r => r.Id).ToList();
        var entities = await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == context.Id).ToDictionaryAsync(e => e.Id, e => e.Acronym, cancellationToken);
        var tracking = await db.RecommendationTracking.AsNoTracking().Where(t => t.EngagementId == context.Id).ToDictionaryAsync(t => t.RecommendationId, cancellationToken);
        var reports = (await db.ProgressUpdates.AsNoTracking().Where(u => u.EngagementId == context.Id)
            .Select(u => new { u.RecommendationId, u.AsOf, u.Status, u.Progress }).ToListAsync(cancellationToken))
            .ToLookup(u => u.RecommendationId, u => (u.AsOf, u.Status, u.Progress));
        var reached = (await db.MilestoneCompletions.AsNoTracking().Where(m => m.EngagementId == context.Id).ToListAsync(cancellationToken))
            .ToLookup(m => m.RecommendationId);
        var measured = (await db.IndicatorMeasurements.AsNoTracking().Where(m => m.EngagementId == context.Id).Select(m => new { m.RecommendationId, m.Indicator }).Distinct().ToListAsync(cancellationToken))
            .ToLookup(m => m.RecommendationId, m => m.Indicator);
        var reporter = context.Allows(EngagementAction.ReportProgress);
        var respondent = context.MemberRole == RoleNames.EntityRespondent && !context.Viewer.IsProgrammeAdministrator;
        var items = recommendations.Select(r =>
        {
            var t = tracking.GetValueOrDefault(r.Id);
            var facts = new TrackingFacts(r.Horizon, r.Milestones, r.Indicators.Count, t?.Status ?? ImplementationStatus.NotStarted, t?.Progress ?? 0,
                reports[r.Id].Select(x => x.AsOf).DefaultIfEmpty().Max() is { } last && last != default ? last : null,
                reached[r.Id].ToDictionary(m => m.Milestone, m => m.ReachedOn), measured[r.Id].ToHashSet());
            var state = TrackingRules.Evaluate(facts, adopted, roadmap.ShortMonths, roadmap.MediumMonths, today);
            // A respondent reports only on what its entity leads.
            var canReport = reporter && (!respondent || (context.MemberEntityId is not null && r.LeadEntityId == context.MemberEntityId));
            return new TrackedRecommendation(r, $"{context.Code}-R{r.Number:00}", r.LeadEntityId is { } l ? entities.GetValueOrDefault(l) : null, r.LeadEntityId, state,
                t?.ConcurrencyStamp ?? Guid.Empty, canReport);
        }).ToList();

        var history = new List<ProgressPoint>();
        for (var day = adopted; ; day = day.AddMonths(1))
        {
            var point = day > today ? today : day;
            history.Add(new ProgressPoint(point, TrackingRules.MeanProgressOn(point, ids, reports)));
            if (day >= today)
            {
                break;
            }
        }

        return new MonitoringOverview(context.Code, roadmap.Edition, adopted, today, roadmap.Classification, roadmap.ShortMonths, roadmap.MediumMonths, items, history,
            respondent ? context.MemberEntityId : null);
    }

    public async Task<TrackingDetail> DetailAsync(Viewer viewer, string engagement, int number, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ReadMonitoring);
        var plan = await OverviewAsync(context, cancellationToken);
        var item = plan.Items.SingleOrDefault(i => i.Recommendation.Number == number) ?? throw new NotFoundException("Monitoring.NoRecommendation", $"{context.Code}-R{number:00}");
        var id = item.Recommendation.Id;
        var updates = await db.ProgressUpdates.AsNoTracking().Where(u => u.RecommendationId == id).OrderByDescending(u => u.AsOf).ThenByDescending(u => u.RecordedAt).ToListAsync(cancellationToken);
        var updateIds = updates.Select(u => u.Id).ToList();
        var files = (await db.ProgressEvidence.AsNoTracking().Where(f => updateIds.Contains(f.UpdateId))
            .Select(f => new { f.UpdateId, View = new EvidenceView(f.Id, f.FileName, f.ContentType, f.Size, f.Sha256, f.UploadedAt) }).ToListAsync(cancellationToken))
            .ToLookup(f => f.UpdateId, f => f.View);
        var measurements = await db.IndicatorMeasurements.AsNoTracking().Where(m => m.RecommendationId == id).OrderBy(m => m.Indicator).ThenBy(m => m.AsOf).ThenBy(m => m.RecordedAt).ToListAsync(cancellationToken);
        var people = updates.Select(u => u.By).Concat(measurements.Select(m => m.By)).Distinct().ToList();
        var names = await db.DisplayNamesAsync(people, cancellationToken);
        var ceiling = Tlp.CeilingFor(viewer, context.MemberRole);
        var activities = (await db.AssistanceActivities.AsNoTracking().Where(a => a.EngagementId == context.Id).ToListAsync(cancellationToken))
            .Where(a => a.Recommendations.Contains(id) && Tlp.Within(a.Classification, ceiling)).OrderBy(a => a.Number)
            .Select(a => new ActivityLink(AssistanceService.Code(context.Code, a.Number), a.TitleEn, a.TitleFr, a.Status)).ToList();
        var indicators = item.Recommendation.Indicators;
        return new TrackingDetail(plan, item,
            [.. updates.Select(u => new UpdateView(u.Id, u.AsOf, u.Status, u.Progress, u.Note, u.EvidenceReference, u.RecordedAt, names.GetValueOrDefault(u.By, "?"), [.. files[u.Id]]))],
            [.. measurements.Select(m => new MeasurementView(m.Id, m.Indicator, m.AsOf, m.Value,
                m.Indicator < indicators.Count ? TrackingRules.Attainment(indicators[m.Indicator].Baseline, indicators[m.Indicator].Target, m.Value) : null,
                m.Note, m.EvidenceReference, m.RecordedAt, names.GetValueOrDefault(m.By, "?")))],
            activities);
    }

    /// <summary>Records a dated report; the stamp is the one the reporter saw (Guid.Empty before the first report).</summary>
    public async Task<Guid> ReportAsync(Viewer viewer, string engagement, int number, ProgressInput input, Guid expectedStamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (context, plan, item) = await ReportableAsync(viewer, engagement, number, cancellationToken);
        var note = Norm(input.Note) ?? "";
        if (note.Length > 4000 || (input.EvidenceReference?.Length ?? 0) > 1000)
        {
            throw new DomainRuleException("Monitoring.TooLong");
        }

        TrackingRules.CheckReport(input.Status, input.Progress, note, input.AsOf, plan.Adopted, plan.Today);
        var tracking = await db.RecommendationTracking.SingleOrDefaultAsync(t => t.RecommendationId == item.Recommendation.Id, cancellationToken);
        var current = tracking?.ConcurrencyStamp ?? Guid.Empty;
        if (current != expectedStamp)
        {
            throw new ConflictException("Monitoring.Conflict", item.Code);
        }

        var update = new ProgressUpdate
        {
            EngagementId = context.Id, RecommendationId = item.Recommendation.Id, AsOf = input.AsOf, Status = input.Status, Progress = input.Progress, Note = note,
            EvidenceReference = Norm(input.EvidenceReference), RecordedAt = time.GetUtcNow(), By = viewer.UserId,
        };
        db.ProgressUpdates.Add(update);
        if (tracking is null)
        {
            tracking = new RecommendationTracking { EngagementId = context.Id, RecommendationId = item.Recommendation.Id };
            db.RecommendationTracking.Add(tracking);
        }

        // A report about an earlier day than the latest one is kept in the history but does not replace the current state.
        if (tracking.AsOf is null || input.AsOf >= tracking.AsOf)
        {
            tracking.Status = input.Status;
            tracking.Progress = input.Progress;
            tracking.AsOf = input.AsOf;
        }

        tracking.UpdatedAt = update.RecordedAt;
        tracking.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (expectedStamp == Guid.Empty)
        {
            // Two first reports at once: the unique index lets one through.
            throw new ConflictException("Monitoring.Conflict", item.Code);
        }

        return update.Id;
    }

    /// <summary>Attaches a file to a report (same types and limits as answer evidence).</summary>
    public async Task<EvidenceView> AddEvidenceAsync(Viewer viewer, string engagement, int number, Guid updateId, Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var (context, _, item) = await ReportableAsync(viewer, engagement, number, cancellationToken);
        if (!await db.ProgressUpdates.AnyAsync(u => u.Id == updateId && u.RecommendationId == item.Recommendation.Id, cancellationToken))
        {
            throw new NotFoundException("Monitoring.NoUpdate", updateId);
        }

        var (name, type, bytes) = await QuestionnaireService.ReadEvidenceAsync(content, fileName, cancellationToken);
        var file = new ProgressEvidence
        {
            EngagementId = context.Id, UpdateId = updateId, FileName = name, ContentType = type, Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Content = bytes, UploadedAt = time.GetUtcNow(), UploadedBy = viewer.UserId,
        };
        db.ProgressEvidence.Add(file);
        await db.SaveChangesAsync(cancellationToken);
        return new EvidenceView(file.Id, file.FileName, file.ContentType, file.Size, file.Sha256, file.UploadedAt);
    }

    public async Task<ProgressEvidence> EvidenceAsync(Viewer viewer, string engagement, Guid fileId, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ReadMonitoring);
        return await db.ProgressEvidence.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.EngagementId == context.Id, cancellationToken)
            ?? throw new NotFoundException("Evidence.NotFound", fileId);
    }

    public async Task<Guid> MeasureAsync(Viewer viewer, string engagement, int number, MeasurementInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (context, plan, item) = await ReportableAsync(viewer, engagement, number, cancellationToken);
        if (input.Indicator < 0 || input.Indicator >= item.Recommendation.Indicators.Count)
        {
            throw new DomainRuleException("Monitoring.NoIndicator", input.Indicator + 1, item.Code);
        }

        var value = (input.Value ?? "").Trim();
        if (value.Length is 0 or > 200 || (input.Note?.Length ?? 0) > 2000 || (input.EvidenceReference?.Length ?? 0) > 1000)
        {
            throw new DomainRuleException("Monitoring.ValueRequired");
        }

        // An indicator measured in numbers (a numeric baseline and target) takes a number, not below zero unless its scale is.
        var indicator = item.Recommendation.Indicators[input.Indicator];
        if (TrackingRules.Number(indicator.Baseline) is { } baseline && TrackingRules.Number(indicator.Target) is { } target)
        {
            if (TrackingRules.Number(value) is not { } measured)
            {
                throw new DomainRuleException("Monitoring.ValueNotNumber", value, indicator.Baseline, indicator.Target);
            }

            if (measured < 0 && baseline >= 0 && target >= 0)
            {
                throw new DomainRuleException("Monitoring.ValueNegative", value);
            }
        }

        TrackingRules.CheckDate(input.AsOf, plan.Adopted, plan.Today);
        var measurement = new IndicatorMeasurement
        {
            EngagementId = context.Id, RecommendationId = item.Recommendation.Id, Indicator = input.Indicator, AsOf = input.AsOf, Value = value, Note = Norm(input.Note),
            EvidenceReference = Norm(input.EvidenceReference), RecordedAt = time.GetUtcNow(), By = viewer.UserId,
        };
        db.IndicatorMeasurements.Add(measurement);
        await db.SaveChangesAsync(cancellationToken);
        return measurement.Id;
    }

    /// <summary>Marks a milestone reached on a day, or (reachedOn null) reopens it.</summary>
    public async Task MilestoneAsync(Viewer viewer, string engagement, int number, int milestone, DateOnly? reachedOn, string? note, CancellationToken cancellationToken = default)
    {
        var (context, plan, item) = await ReportableAsync(viewer, engagement, number, cancellationToken);
        if (milestone < 0 || milestone >= item.Recommendation.Milestones.Count)
        {
            throw new DomainRuleException("Monitoring.NoMilestone", milestone + 1, item.Code);
        }

        var existing = await db.MilestoneCompletions.SingleOrDefaultAsync(m => m.RecommendationId == item.Recommendation.Id && m.Milestone == milestone, cancellationToken);
        if (reachedOn is null)
        {
            if (existing is not null)
            {
                db.MilestoneCompletions.Remove(existing);
            }
        }
        else
        {
            TrackingRules.CheckDate(reachedOn.Value, plan.Adopted, plan.Today);
            existing ??= db.MilestoneCompletions.Add(new MilestoneCompletion { EngagementId = context.Id, RecommendationId = item.Recommendation.Id, Milestone = milestone }).Entity;
            existing.ReachedOn = reachedOn.Value;
            existing.Note = Norm(note);
            existing.RecordedAt = time.GetUtcNow();
            existing.By = viewer.UserId;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("Monitoring.Conflict", item.Code);
        }
    }

    private async Task<(EngagementContext Context, MonitoringOverview Plan, TrackedRecommendation Item)> ReportableAsync(
        Viewer viewer, string engagement, int number, CancellationToken cancellationToken)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ReportProgress);
        var plan = await OverviewAsync(context, cancellationToken);
        var item = plan.Items.SingleOrDefault(i => i.Recommendation.Number == number) ?? throw new NotFoundException("Monitoring.NoRecommendation", $"{context.Code}-R{number:00}");
        if (!item.CanReport)
        {
            throw new ForbiddenException("Monitoring.NotLead", item.Code);
        }

        return (context, plan, item);
    }

    private static string? Norm(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
