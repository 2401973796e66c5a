using System.Text;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Core.Monitoring;
using Rempart.Core.Roadmaps;
using Rempart.Core.Scoring;

namespace Rempart.Core.Exports;

/// <summary>An export ready to be written or sent.</summary>
/// <summary>A file to hand out, with its TLP label (null: the engagement's).</summary>
public sealed record ExportFile(byte[] Content, string ContentType, string FileName, string? Classification = null);

/// <summary>
/// Exports of an engagement in standard formats, each for one viewer and scrubbed to what the viewer may see:
/// OSCAL (plan of action and milestones, assessment results) for those who may export the plan; IATI and the
/// activity, funding and participant lists for every member, limited to the activities they may read; the plan,
/// updates, indicators and milestones lists for those who follow the monitoring.
/// </summary>
public sealed class ExportService(
    AppDbContext db, EngagementAccess access, ScoringService scoring, CatalogService catalogs, MonitoringService monitoring, AssistanceService assistance, TimeProvider time)
{
    public const string JsonType = "application/json";
    public const string XmlType = "application/xml";
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static string Language(string? language) => (language ?? "").StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";

    public async Task<ExportFile> OscalPoamAsync(Viewer viewer, string engagement, string? language, CancellationToken cancellationToken = default)
    {
        var lang = Language(language);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ExportPlan);
        var row = await db.Engagements.AsNoTracking().SingleAsync(e => e.Id == context.Id, cancellationToken);
        var roadmap = await db.Roadmaps.AsNoTracking().Include(r => r.Recommendations).SingleOrDefaultAsync(r => r.EngagementId == context.Id, cancellationToken)
            ?? throw new NotFoundException("Roadmap.NotFound", context.Code);
        var recommendations = roadmap.Recommendations.Where(r => r.Status == RecommendationStatus.Active).OrderBy(r => r.Framework, StringComparer.Ordinal).ThenBy(r => r.Order).ThenBy(r => r.Number).ToList();
        if (recommendations.Count == 0)
        {
            throw new DomainRuleException("Export.EmptyPlan", context.Code);
        }

        var card = await scoring.ScoreAsync(viewer, context.Code, cancellationToken);
        var catalog = await catalogs.FindAsync(card.CatalogKey, cancellationToken);
        var tracking = new Dictionary<Guid, PoamTracking>();
        // Dates are read and compared here: SQLite cannot aggregate DateTimeOffset values.
        var lastModified = (await db.RoadmapRevisions.AsNoTracking().Where(r => r.RoadmapId == roadmap.Id).Select(r => r.At).ToListAsync(cancellationToken))
            .Append(roadmap.GeneratedAt).Max();
        if (roadmap is { State: RoadmapState.Adopted, AdoptedAt: not null })
        {
            var plan = await monitoring.OverviewAsync(context, cancellationToken);
            foreach (var item in plan.Items)
            {
                tracking[item.Recommendation.Id] = new PoamTracking(item.State.Recorded, item.State.Effective, item.State.Progress, item.State.LastReport,
                    item.State.Milestones.Where(m => m.ReachedOn is not null).Select(m => m.Index).ToHashSet());
            }

            var reported = await db.ProgressUpdates.AsNoTracking().Where(u => u.EngagementId == context.Id).Select(u => u.RecordedAt).ToListAsync(cancellationToken);
            var reached = await db.MilestoneCompletions.AsNoTracking().Where(m => m.EngagementId == context.Id).Select(m => m.RecordedAt).ToListAsync(cancellationToken);
            var measured = await db.IndicatorMeasurements.AsNoTracking().Where(m => m.EngagementId == context.Id).Select(m => m.RecordedAt).ToListAsync(cancellationToken);
            lastModified = reported.Concat(reached).Concat(measured).Append(lastModified).Max();
        }

        var input = new PoamInput(context.Code, row.TitleEn, row.TitleFr, roadmap.State, roadmap.Edition, roadmap.Revision,
            roadmap.AdoptedAt is { } adopted ? DateOnly.FromDateTime(adopted.UtcDateTime) : null, roadmap.ShortMonths, roadmap.MediumMonths, roadmap.Classification,
            recommendations, await EntitiesAsync(context, cancellationToken), await OrganisationsAsync(context, cancellationToken), await FindingsAsync(context, cancellationToken),
            catalog, card.Questions.ToDictionary(q => q.Question.Id, StringComparer.Ordinal), tracking, lastModified);
        return new ExportFile(Encoding.UTF8.GetBytes(OscalPoam.Build(input, lang)), JsonType, $"{context.Code}-poam.json",
            Tlp.Strictest(input.Findings.Select(f => f.Classification).Append(roadmap.Classification).Append(context.Classification)));
    }

    public async Task<ExportFile> OscalResultsAsync(Viewer viewer, string engagement, string? language, CancellationToken cancellationToken = default)
    {
        var lang = Language(language);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ExportPlan);
        var row = await db.Engagements.AsNoTracking().SingleAsync(e => e.Id == context.Id, cancellationToken);
        var card = await scoring.ScoreAsync(viewer, context.Code, cancellationToken);
        var catalog = await catalogs.GetAsync(card.CatalogKey, cancellationToken);
        var consolidated = await db.ConsolidatedAnswers.AsNoTracking().Where(c => c.EngagementId == context.Id).ToListAsync(cancellationToken);
        var evidenced = (await db.Answers.AsNoTracking().Where(a => a.EngagementId == context.Id && a.EvidenceReference != null).Select(a => a.QuestionId).ToListAsync(cancellationToken))
            .Concat(await db.EvidenceFiles.AsNoTracking().Where(f => f.EngagementId == context.Id)
                .Join(db.Answers.AsNoTracking(), f => f.AnswerId, a => a.Id, (f, a) => a.QuestionId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var answers = consolidated.Select(c => new ExportNationalAnswer(c.QuestionId, c.Level, c.NotApplicable, c.Rationale, c.Findings, c.UpdatedAt, evidenced.Contains(c.QuestionId))).ToList();
        var lastModified = answers.Count > 0 ? answers.Max(a => a.DecidedAt) : time.GetUtcNow();
        var decisions = await db.ScoringDecisions.AsNoTracking().Where(d => d.EngagementId == context.Id).Select(d => d.At).ToListAsync(cancellationToken);
        lastModified = decisions.Append(lastModified).Max();

        var input = new AssessmentInput(context.Code, row.TitleEn, row.TitleFr, row.PeriodStart, catalog, card, answers, await EntitiesAsync(context, cancellationToken),
            await OrganisationsAsync(context, cancellationToken), await FindingsAsync(context, cancellationToken), lastModified);
        return new ExportFile(Encoding.UTF8.GetBytes(OscalAssessmentResults.Build(input, lang)), JsonType, $"{context.Code}-assessment-results.json",
            Tlp.Strictest(input.Findings.Select(f => f.Classification).Append(context.Classification)));
    }

    /// <summary>
    /// The activities the viewer may read as an IATI 2.03 file (a donor: funded ones at TLP:GREEN or below), only those
    /// at or below <paramref name="classification"/> when given: IATI is a publication format, and a file meant for the
    /// registry asks for TLP:CLEAR.
    /// </summary>
    public async Task<ExportFile> IatiAsync(Viewer viewer, string engagement, string? classification = null, CancellationToken cancellationToken = default)
    {
        var limit = string.IsNullOrWhiteSpace(classification) ? Tlp.Red
            : Tlp.Parse(classification) ?? throw new DomainRuleException("Classification.Invalid", classification, string.Join(", ", Tlp.All));
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var activities = (await assistance.VisibleAsync(context, cancellationToken)).Where(a => Tlp.Within(a.Activity.Classification, limit)).ToList();
        var row = await db.Engagements.AsNoTracking().SingleAsync(e => e.Id == context.Id, cancellationToken);
        var input = new IatiInput(context.Code, row.CountryCode, await OrganisationsAsync(context, cancellationToken), activities, time.GetUtcNow());
        // Labelled by what it holds: a donor's file (funded activities at TLP:GREEN or below) is at most TLP:GREEN.
        return new ExportFile(IatiActivities.Build(input), XmlType, $"{context.Code}-iati.xml", Tlp.Strictest(activities.Select(a => a.Activity.Classification)));
    }

    /// <summary>One monitoring list as CSV or XLSX (format <c>csv</c> or <c>xlsx</c>).</summary>
    public async Task<ExportFile> ListAsync(Viewer viewer, string engagement, string list, string format, string? language, CancellationToken cancellationToken = default)
    {
        var lang = Language(language);
        var name = (list ?? "").Trim().ToLowerInvariant();
        if (!MonitoringLists.Names.Contains(name))
        {
            throw new NotFoundException("Export.NoList", list ?? "", string.Join(", ", MonitoringLists.Names));
        }

        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        if (!xlsx && !string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotFoundException("Export.NoFormat", format ?? "");
        }

        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        Documents.SheetData table;
        if (MonitoringLists.AssistanceLists.Contains(name))
        {
            var activities = await assistance.VisibleAsync(context, cancellationToken);
            table = name switch
            {
                "activities" => MonitoringLists.Activities(activities, lang),
                "funding" => MonitoringLists.Funding(activities, lang),
                _ => MonitoringLists.Participants(activities, lang),
            };
        }
        else
        {
            context.Demand(EngagementAction.ReadMonitoring);
            var plan = await monitoring.OverviewAsync(context, cancellationToken);
            table = name switch
            {
                "plan" => MonitoringLists.Plan(plan, lang),
                "milestones" => MonitoringLists.Milestones(plan, lang),
                "updates" => MonitoringLists.Updates(await UpdatesAsync(context, plan, cancellationToken), lang),
                _ => MonitoringLists.Indicators(await MeasurementsAsync(context, plan, cancellationToken), lang),
            };
        }

        return xlsx
            ? new ExportFile(MonitoringLists.Xlsx(table), XlsxType, $"{context.Code}-{name}.xlsx")
            : new ExportFile(MonitoringLists.Csv(table), CsvType, $"{context.Code}-{name}.csv");
    }

    private async Task<IReadOnlyList<UpdateRow>> UpdatesAsync(EngagementContext context, MonitoringOverview plan, CancellationToken cancellationToken)
    {
        var codes = plan.Items.ToDictionary(i => i.Recommendation.Id, i => i.Code);
        var updates = await db.ProgressUpdates.AsNoTracking().Where(u => u.EngagementId == context.Id).ToListAsync(cancellationToken);
        var people = updates.Select(u => u.By).Distinct().ToList();
        var names = await db.DisplayNamesAsync(people, cancellationToken);
        return [.. updates.Where(u => codes.ContainsKey(u.RecommendationId)).OrderBy(u => codes[u.RecommendationId], StringComparer.Ordinal).ThenBy(u => u.AsOf).ThenBy(u => u.RecordedAt)
            .Select(u => new UpdateRow(codes[u.RecommendationId], u.AsOf, u.Status, u.Progress, u.Note, u.EvidenceReference, u.RecordedAt, names.GetValueOrDefault(u.By, "?")))];
    }

    private async Task<IReadOnlyList<MeasurementRow>> MeasurementsAsync(EngagementContext context, MonitoringOverview plan, CancellationToken cancellationToken)
    {
        var items = plan.Items.ToDictionary(i => i.Recommendation.Id);
        var measurements = await db.IndicatorMeasurements.AsNoTracking().Where(m => m.EngagementId == context.Id).ToListAsync(cancellationToken);
        return [.. measurements.Where(m => items.ContainsKey(m.RecommendationId) && m.Indicator < items[m.RecommendationId].Recommendation.Indicators.Count)
            .OrderBy(m => items[m.RecommendationId].Code, StringComparer.Ordinal).ThenBy(m => m.Indicator).ThenBy(m => m.AsOf).ThenBy(m => m.RecordedAt)
            .Select(m =>
            {
                var item = items[m.RecommendationId];
                var indicator = item.Recommendation.Indicators[m.Indicator];
                return new MeasurementRow(item.Code, indicator.NameEn, indicator.NameFr, indicator.Baseline, indicator.Target, m.AsOf, m.Value,
                    TrackingRules.Attainment(indicator.Baseline, indicator.Target, m.Value), m.Note);
            })];
    }

    private async Task<IReadOnlyList<ExportEntity>> EntitiesAsync(EngagementContext context, CancellationToken cancellationToken) =>
        [.. (await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == context.Id).ToListAsync(cancellationToken))
            .OrderBy(e => e.Acronym, StringComparer.Ordinal).ThenBy(e => e.ValidFrom).Select(e => new ExportEntity(e.Id, e.Acronym, e.NameEn, e.NameFr))];

    private async Task<IReadOnlyList<EngagementOrganisation>> OrganisationsAsync(EngagementContext context, CancellationToken cancellationToken) =>
        [.. (await db.EngagementOrganisations.AsNoTracking().Where(o => o.EngagementId == context.Id).ToListAsync(cancellationToken))
            .OrderBy(o => o.Role).ThenBy(o => o.Code, StringComparer.Ordinal)];

    private async Task<IReadOnlyList<ExportFinding>> FindingsAsync(EngagementContext context, CancellationToken cancellationToken) =>
        [.. (await db.Findings.AsNoTracking().Where(f => f.EngagementId == context.Id && f.Status == FindingStatus.Active).ToListAsync(cancellationToken))
            .Where(f => Tlp.Within(f.Classification, context.Ceiling))
            .OrderBy(f => f.Number).Select(f => new ExportFinding(f.Id, f.Reference, f.Kind, f.TextEn, f.TextFr, f.Entities, f.Questions, f.CreatedAt, f.Classification))];
}
