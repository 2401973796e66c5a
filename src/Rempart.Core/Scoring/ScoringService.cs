using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Core.Questionnaires;

namespace Rempart.Core.Scoring;

/// <summary>A scoring decision as its history shows it.</summary>
public sealed record ScoringDecisionView(string QuestionId, ScoringDecisionKind Kind, int Value, string Reason, DateTimeOffset At, string By);

/// <summary>A frozen cycle as lists show it.</summary>
public sealed record SnapshotView(int Cycle, string Label, string CatalogKey, DateTimeOffset TakenAt, string By);

/// <summary>
/// Scores an engagement from its national answers: per question and per area, strengths, needs and priorities;
/// targets and priority overrides with their reasons; follow-up cycles frozen and compared.
/// </summary>
public sealed class ScoringService(AppDbContext db, EngagementAccess access, CatalogService catalogs, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ScoreCard> ScoreAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ReadAnswers);
        var catalog = await CatalogOfAsync(context, cancellationToken);
        return Scorer.Score(await InputAsync(context.Id, catalog, cancellationToken));
    }

    /// <summary>Sets a question's target level for this engagement, with the reason (kept in the history).</summary>
    public Task SetTargetAsync(Viewer viewer, string engagement, string questionId, int target, string? reason, CancellationToken cancellationToken = default) =>
        target is < 1 or > 4
            ? throw new DomainRuleException("Scoring.TargetRange", questionId, target)
            : DecideAsync(viewer, engagement, questionId, ScoringDecisionKind.Target, target, reason, cancellationToken);

    /// <summary>Overrides the priority band of a need (null removes the override), with the reason.</summary>
    public Task OverridePriorityAsync(Viewer viewer, string engagement, string questionId, PriorityBand? band, string? reason, CancellationToken cancellationToken = default) =>
        band is { } b && !Enum.IsDefined(b)
            ? throw new DomainRuleException("Scoring.UnknownBand", b.ToString())
            : DecideAsync(viewer, engagement, questionId, ScoringDecisionKind.Priority, band is null ? -1 : (int)band.Value, reason, cancellationToken);

    private async Task DecideAsync(Viewer viewer, string engagement, string questionId, ScoringDecisionKind kind, int value, string? reason, CancellationToken cancellationToken)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.Consolidate);
        var catalog = await CatalogOfAsync(context, cancellationToken);
        if (catalog.Questions.All(q => q.Id != questionId))
        {
            throw new NotFoundException("Question.NotFound", questionId);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleException("Scoring.Reason", questionId);
        }

        db.ScoringDecisions.Add(new ScoringDecision
        {
            EngagementId = context.Id, QuestionId = questionId, Kind = kind, Value = value, Reason = reason.Trim(), At = time.GetUtcNow(), By = viewer.UserId,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ScoringDecisionView>> HistoryAsync(Viewer viewer, string engagement, string questionId, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ReadAnswers);
        var rows = await db.ScoringDecisions.AsNoTracking().Where(d => d.EngagementId == context.Id && d.QuestionId == questionId).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.By).Distinct().ToList();
        var names = await db.DisplayNamesAsync(ids, cancellationToken);
        return [.. rows.OrderBy(r => r.At).ThenBy(r => r.Id).Select(r => new ScoringDecisionView(r.QuestionId, r.Kind, r.Value, r.Reason, r.At, names.GetValueOrDefault(r.By, "?")))];
    }

    /// <summary>
    /// Freezes the current scores as a cycle and starts a follow-up assessment, optionally against another catalog
    /// version (questionnaires stay; entities revise their answers; the coordinator decides again).
    /// </summary>
    public async Task<SnapshotView> StartFollowUpAsync(Viewer viewer, string engagement, string? label, string? catalogKey, EngagementService engagements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engagements);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.Consolidate);
        var catalog = await CatalogOfAsync(context, cancellationToken);
        var card = Scorer.Score(await InputAsync(context.Id, catalog, cancellationToken));
        if (card.Questions.All(q => q.Status == QuestionStatus.Undecided))
        {
            throw new DomainRuleException("Scoring.NothingToFreeze", context.Code);
        }

        var cycle = await db.AssessmentSnapshots.CountAsync(s => s.EngagementId == context.Id, cancellationToken) + 1;
        var snapshot = new AssessmentSnapshot
        {
            EngagementId = context.Id, Cycle = cycle, Label = string.IsNullOrWhiteSpace(label) ? $"{context.Code} #{cycle}" : label.Trim(), CatalogKey = catalog.Key,
            TakenAt = time.GetUtcNow(), TakenBy = viewer.UserId, Content = JsonSerializer.Serialize(Cycles.Freeze(card), Json),
        };
        db.AssessmentSnapshots.Add(snapshot);
        await db.SaveChangesAsync(cancellationToken);
        if (catalogKey is { Length: > 0 } key && key != catalog.Key)
        {
            await catalogs.PinCheckedAsync(viewer, engagements, engagement, key, cancellationToken);
        }

        return new SnapshotView(snapshot.Cycle, snapshot.Label, snapshot.CatalogKey, snapshot.TakenAt, "");
    }

    public async Task<IReadOnlyList<SnapshotView>> SnapshotsAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ReadAnswers);
        var rows = await db.AssessmentSnapshots.AsNoTracking().Where(s => s.EngagementId == context.Id)
            .Select(s => new { s.Cycle, s.Label, s.CatalogKey, s.TakenAt, s.TakenBy }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.TakenBy).Distinct().ToList();
        var names = await db.DisplayNamesAsync(ids, cancellationToken);
        return [.. rows.OrderBy(r => r.Cycle).Select(r => new SnapshotView(r.Cycle, r.Label, r.CatalogKey, r.TakenAt, names.GetValueOrDefault(r.TakenBy, "?")))];
    }

    /// <summary>A frozen cycle compared with the current scores, item by item.</summary>
    public async Task<CycleComparison> CompareAsync(Viewer viewer, string engagement, int cycle, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ReadAnswers);
        var snapshot = await db.AssessmentSnapshots.AsNoTracking().SingleOrDefaultAsync(s => s.EngagementId == context.Id && s.Cycle == cycle, cancellationToken)
            ?? throw new NotFoundException("Scoring.NoCycle", cycle);
        var catalog = await CatalogOfAsync(context, cancellationToken);
        var card = Scorer.Score(await InputAsync(context.Id, catalog, cancellationToken));
        var before = JsonSerializer.Deserialize<List<SnapshotItem>>(snapshot.Content, Json) ?? [];
        return Cycles.Compare(snapshot, before, await catalogs.FindAsync(snapshot.CatalogKey, cancellationToken), card, catalog);
    }

    private async Task<CatalogDefinition> CatalogOfAsync(EngagementContext context, CancellationToken cancellationToken)
    {
        var key = await catalogs.PinnedKeyAsync(context.Id, cancellationToken) ?? throw new DomainRuleException("Questionnaire.NoCatalog", context.Code);
        return await catalogs.GetAsync(key, cancellationToken);
    }

    /// <summary>Reads what the scorer needs: national answers, evidence, decisions, voiced priorities and each entity's levels.</summary>
    private async Task<ScoringInput> InputAsync(Guid engagementId, CatalogDefinition catalog, CancellationToken cancellationToken)
    {
        var consolidated = await db.ConsolidatedAnswers.AsNoTracking().Where(c => c.EngagementId == engagementId).ToListAsync(cancellationToken);
        var assignments = await db.Assignments.AsNoTracking().Where(a => a.EngagementId == engagementId).ToListAsync(cancellationToken);
        var counted = assignments.Where(a => a.State is AssignmentState.Submitted or AssignmentState.Accepted).Select(a => a.EntityId).ToHashSet();
        var answers = await db.Answers.AsNoTracking().Where(a => a.EngagementId == engagementId)
            .Select(a => new { a.Id, a.EntityId, a.QuestionId, a.Level, a.NotApplicable, a.EvidenceReference }).ToListAsync(cancellationToken);
        var withFiles = (await db.EvidenceFiles.AsNoTracking().Where(f => f.EngagementId == engagementId).Select(f => f.AnswerId).ToListAsync(cancellationToken)).ToHashSet();
        var evidenced = answers.Where(a => counted.Contains(a.EntityId) && (!string.IsNullOrWhiteSpace(a.EvidenceReference) || withFiles.Contains(a.Id)))
            .Select(a => a.QuestionId).ToHashSet(StringComparer.Ordinal);
        var national = consolidated.ToDictionary(c => c.QuestionId,
            c => new NationalAnswer(c.Level, c.NotApplicable, c.Findings.Count > 0 || evidenced.Contains(c.QuestionId), c.Spread), StringComparer.Ordinal);

        var decisions = await db.ScoringDecisions.AsNoTracking().Where(d => d.EngagementId == engagementId).ToListAsync(cancellationToken);
        Dictionary<string, Override> Latest(ScoringDecisionKind kind) => decisions.Where(d => d.Kind == kind)
            .GroupBy(d => d.QuestionId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(d => d.At).ThenBy(d => d.Id).Last())
            .Where(d => d.Value >= 0)
            .ToDictionary(d => d.QuestionId, d => new Override(d.Value, d.Reason), StringComparer.Ordinal);

        var voiced = (await db.Findings.AsNoTracking().Where(f => f.EngagementId == engagementId && f.Kind == FindingKind.Priority && f.Status == FindingStatus.Active)
            .Select(f => f.Questions).ToListAsync(cancellationToken)).SelectMany(q => q).ToHashSet(StringComparer.Ordinal);

        var entities = await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == engagementId).ToDictionaryAsync(e => e.Id, cancellationToken);
        var levels = assignments.Select(a => new EntityLevels(entities[a.EntityId].Acronym, LocalizedText.Of(entities[a.EntityId].NameEn, entities[a.EntityId].NameFr), a.Questions,
            answers.Where(x => x.EntityId == a.EntityId && !x.NotApplicable && x.Level is not null).ToDictionary(x => x.QuestionId, x => x.Level!.Value, StringComparer.Ordinal))).ToList();
        return new ScoringInput(catalog, national, Latest(ScoringDecisionKind.Target), Latest(ScoringDecisionKind.Priority), voiced, levels,
            await Targets.SiteService.ExposureAsync(db, engagementId, catalog, cancellationToken));
    }
}
