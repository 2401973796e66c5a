using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;

namespace Rempart.Core.Engagements;

/// <summary>An engagement's stage, what the next one needs, and its recorded moves.</summary>
public sealed record StageStatus(EngagementStage Stage, EngagementStage? Next, IReadOnlyList<StageRequirement> NextRequires, IReadOnlyList<StageTransition> History);

/// <summary>
/// Moves engagements through the cycle. Each move is recorded with who and when. Moving on checks the work each
/// stage needs and names what is missing; a programme officer may still move on with a written reason, which is
/// kept. Going back always needs a reason.
/// </summary>
public sealed class StageService(AppDbContext db, EngagementAccess access, TimeProvider time)
{
    /// <summary>The work an engagement must have done before it leaves <paramref name="stage"/>.</summary>
    public async Task<IReadOnlyList<StageRequirement>> RequirementsToLeaveAsync(Guid engagementId, EngagementStage stage, CancellationToken cancellationToken = default)
    {
        var e = await db.Engagements.AsNoTracking().Where(x => x.Id == engagementId)
            .Select(x => new
            {
                x.CatalogVersionId,
                x.CoordinatingEntityId,
                Coordinators = x.Members.Count(m => m.Role == RoleNames.NationalCoordinator),
                Entities = db.NationalEntities.Count(n => n.EngagementId == x.Id && n.ValidTo == null && !n.IsDeactivated),
                Participants = db.Participants.Count(p => p.EngagementId == x.Id),
                // Current entities without a respondent among the members: nobody to answer for them.
                Unanswered = db.NationalEntities.Count(n => n.EngagementId == x.Id && n.ValidTo == null && !n.IsDeactivated
                    && !x.Members.Any(m => m.Role == RoleNames.EntityRespondent && m.EntityId == n.Id)),
                Sessions = db.ConsultationSessions.Count(cs => db.ConsultationEvents.Any(ev => ev.Id == cs.EventId && ev.EngagementId == x.Id)),
                Organisations = x.Organisations.Count(o => o.Role == OrganisationRole.Lead),
                Answered = db.Assignments.Count(a => a.EngagementId == x.Id
                    && (a.State == Questionnaires.AssignmentState.Submitted || a.State == Questionnaires.AssignmentState.Accepted)),
            })
            .SingleAsync(cancellationToken);
        // The entities nobody answers for yet, named so that the officer knows whom to invite.
        var unanswered = stage != EngagementStage.Scoping || e.Unanswered == 0 ? [] : await db.NationalEntities.AsNoTracking()
            .Where(n => n.EngagementId == engagementId && n.ValidTo == null && !n.IsDeactivated
                && !db.EngagementMembers.Any(m => m.EngagementId == engagementId && m.Role == RoleNames.EntityRespondent && m.EntityId == n.Id))
            .OrderBy(n => n.Acronym).Select(n => n.Acronym).ToListAsync(cancellationToken);
        return stage switch
        {
            EngagementStage.Scoping =>
            [
                new StageRequirement("Stage.Req.Catalog", e.CatalogVersionId is not null),
                new StageRequirement("Stage.Req.LeadOrganisation", e.Organisations > 0, e.Organisations),
                new StageRequirement("Stage.Req.CoordinatingEntity", e.CoordinatingEntityId is not null),
                new StageRequirement("Stage.Req.Entities", e.Entities > 0, e.Entities),
                new StageRequirement("Stage.Req.Coordinator", e.Coordinators > 0, e.Coordinators),
                new StageRequirement("Stage.Req.Respondents", e.Entities > 0 && e.Unanswered == 0, e.Unanswered, unanswered),
                new StageRequirement("Stage.Req.Sessions", e.Sessions > 0, e.Sessions),
            ],
            EngagementStage.Consultations =>
            [
                new StageRequirement("Stage.Req.Participants", e.Participants > 0, e.Participants),
                new StageRequirement("Stage.Req.Questionnaires", e.Answered > 0, e.Answered),
            ],
            EngagementStage.Analysis => [await UndecidedAsync(engagementId, cancellationToken)],
            EngagementStage.RoadmapDrafting =>
            [
                new StageRequirement("Stage.Req.RoadmapSubmitted", await db.Roadmaps.AnyAsync(r => r.EngagementId == engagementId && r.State != Roadmaps.RoadmapState.Draft, cancellationToken)),
            ],
            EngagementStage.NationalValidation =>
            [
                new StageRequirement("Stage.Req.RoadmapAdopted", await db.Roadmaps.AnyAsync(r => r.EngagementId == engagementId && r.State == Roadmaps.RoadmapState.Adopted, cancellationToken)),
            ],
            _ => [],
        };
    }

    /// <summary>Every question assigned to an entity needs a national answer before the roadmap is drafted.</summary>
    private async Task<StageRequirement> UndecidedAsync(Guid engagementId, CancellationToken cancellationToken)
    {
        var assigned = (await db.Assignments.AsNoTracking().Where(a => a.EngagementId == engagementId).Select(a => a.Questions).ToListAsync(cancellationToken))
            .SelectMany(q => q).ToHashSet(StringComparer.Ordinal);
        var decided = await db.ConsolidatedAnswers.AsNoTracking().Where(c => c.EngagementId == engagementId).Select(c => c.QuestionId).ToListAsync(cancellationToken);
        assigned.ExceptWith(decided);
        return new StageRequirement("Stage.Req.Consolidated", assigned.Count == 0 && decided.Count > 0, assigned.Count);
    }

    public async Task<StageStatus> StatusAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var stage = await db.Engagements.Where(e => e.Id == context.Id).Select(e => e.Stage).SingleAsync(cancellationToken);
        EngagementStage? next = stage == EngagementStage.Closed ? null : stage + 1;
        var history = await db.StageTransitions.AsNoTracking().Where(t => t.EngagementId == context.Id).ToListAsync(cancellationToken);
        return new StageStatus(stage, next, next is null ? [] : await RequirementsToLeaveAsync(context.Id, stage, cancellationToken), [.. history.OrderBy(t => t.At)]);
    }

    /// <summary>
    /// Moves the engagement to <paramref name="to"/>. Forward moves check every stage left behind; what is missing is
    /// refused (<c>Stage.Missing</c>) unless <paramref name="force"/> is set with a reason.
    /// </summary>
    public async Task<StageTransition> MoveAsync(Viewer viewer, string engagement, EngagementStage to, string? reason, bool force, Guid expectedStamp, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ChangeStage);
        var entity = await db.Engagements.SingleAsync(e => e.Id == context.Id, cancellationToken);
        if (expectedStamp != Guid.Empty && entity.ConcurrencyStamp != expectedStamp)
        {
            throw new DbUpdateConcurrencyException(CoreMessages.Format("Engagement.Concurrency", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!Enum.IsDefined(to) || to == entity.Stage)
        {
            throw new DomainRuleException("Stage.Same");
        }

        var text = reason?.Trim();
        var missing = new List<StageRequirement>();
        if (to > entity.Stage)
        {
            for (var stage = entity.Stage; stage < to; stage++)
            {
                missing.AddRange((await RequirementsToLeaveAsync(entity.Id, stage, cancellationToken)).Where(r => !r.Met));
            }

            if (missing.Count > 0 && !force)
            {
                throw new StageBlockedException(missing);
            }
        }

        if ((to < entity.Stage || missing.Count > 0) && string.IsNullOrWhiteSpace(text))
        {
            throw new DomainRuleException(to < entity.Stage ? "Stage.BackNeedsReason" : "Stage.ForceNeedsReason");
        }

        var transition = new StageTransition
        {
            EngagementId = entity.Id,
            From = entity.Stage,
            To = to,
            At = time.GetUtcNow(),
            ByUserId = viewer.UserId,
            Reason = text,
            OverriddenRequirements = missing.Count == 0 ? null : string.Join(",", missing.Select(m => m.Code)),
        };
        entity.Stage = to;
        db.StageTransitions.Add(transition);
        await db.SaveChangesAsync(cancellationToken);
        return transition;
    }
}

/// <summary>Moving on was refused: <see cref="Missing"/> lists the work still to do.</summary>
public sealed class StageBlockedException(IReadOnlyList<StageRequirement> missing)
    : Exception("The engagement cannot move on yet: " + string.Join(", ", missing.Select(m => m.Code)))
{
    public IReadOnlyList<StageRequirement> Missing { get; } = missing;
}
