using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Core.Questionnaires;
using Rempart.Core.Scoring;

namespace Rempart.Core.Monitoring;

/// <summary>What starting the follow-up assessment did.</summary>
public sealed record ReviewStarted(SnapshotView? Frozen, int ReopenedQuestionnaires, EngagementStage Stage);

/// <summary>
/// Starts the follow-up assessment of an engagement under implementation: the current national position is frozen
/// as a cycle (so the next one is compared with it), every questionnaire sent in is reopened for the entities to
/// update their answers, and the engagement moves to the Review stage. Nothing is deleted: the plan, its follow-up
/// and the answers carry forward.
/// </summary>
public sealed class ReviewCycleService(AppDbContext db, EngagementAccess access, ScoringService scoring, StageService stages, EngagementService engagements, TimeProvider time)
{
    public async Task<ReviewStarted> StartAsync(Viewer viewer, string engagement, string? label, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ChangeStage);
        context.Demand(EngagementAction.Consolidate);
        var row = await db.Engagements.AsNoTracking().SingleAsync(e => e.Id == context.Id, cancellationToken);
        if (row.Stage != EngagementStage.Implementation)
        {
            throw new DomainRuleException("Monitoring.ReviewFromImplementation", context.Code);
        }

        if ((label?.Trim().Length ?? 0) > 200)
        {
            throw new DomainRuleException("Monitoring.TooLong");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        SnapshotView? frozen = null;
        if (await db.ConsolidatedAnswers.AnyAsync(c => c.EngagementId == context.Id, cancellationToken))
        {
            frozen = await scoring.StartFollowUpAsync(viewer, engagement, label, null, engagements, cancellationToken);
        }

        var sentIn = await db.Assignments.Where(a => a.EngagementId == context.Id && (a.State == AssignmentState.Submitted || a.State == AssignmentState.Accepted))
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var assignment in sentIn)
        {
            assignment.State = AssignmentState.Returned;
            assignment.ReviewComment = CoreMessages.Format("Monitoring.ReviewComment", System.Globalization.CultureInfo.GetCultureInfo("fr"), frozen?.Label ?? context.Code)
                + " / " + CoreMessages.Format("Monitoring.ReviewComment", System.Globalization.CultureInfo.GetCultureInfo("en"), frozen?.Label ?? context.Code);
            assignment.ReviewedAt = now;
            assignment.ReviewedBy = viewer.UserId;
        }

        await db.SaveChangesAsync(cancellationToken);
        await stages.MoveAsync(viewer, engagement, EngagementStage.Review, null, false, Guid.Empty, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReviewStarted(frozen, sentIn.Count, EngagementStage.Review);
    }
}
