using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;

namespace Rempart.Core.Engagements;

/// <summary>An engagement the viewer may see, with the viewer's role in it.</summary>
public sealed record EngagementContext(Guid Id, string Code, string? MemberRole, Viewer Viewer, Guid? MemberEntityId = null, string Classification = Tlp.Amber)
{
    /// <summary>The most restricted TLP label this viewer may read here.</summary>
    public string Ceiling => Tlp.CeilingFor(Viewer, MemberRole);

    public bool Allows(EngagementAction action) => EngagementPermissions.Allows(Viewer, MemberRole, action);

    /// <summary>Throws when the viewer may not take the action here (403 for the API).</summary>
    public void Demand(EngagementAction action)
    {
        if (!Allows(action))
        {
            throw new ForbiddenException("Engagement.Forbidden", Code);
        }
    }
}

/// <summary>Opens an engagement for a viewer: not a member and no such engagement look the same (404).</summary>
public sealed class EngagementAccess(AppDbContext db)
{
    public async Task<EngagementContext> OpenAsync(Viewer viewer, string codeOrId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var query = db.Engagements.AsNoTracking();
        var code = codeOrId.Trim().ToUpperInvariant();
        query = Guid.TryParse(codeOrId, out var id) ? query.Where(e => e.Id == id) : query.Where(e => e.Code == code);
        var found = await query
            .Select(e => new
            {
                e.Id,
                e.Code,
                e.Classification,
                Role = e.Members.Where(m => m.UserId == viewer.UserId).Select(m => m.Role).FirstOrDefault(),
                Entity = e.Members.Where(m => m.UserId == viewer.UserId).Select(m => m.EntityId).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || (found.Role is null && !viewer.IsProgrammeAdministrator))
        {
            throw new NotFoundException("Engagement.NotFound", codeOrId);
        }

        return new EngagementContext(found.Id, found.Code, found.Role, viewer, found.Entity, found.Classification);
    }

    /// <summary>What the engagement's navigation needs: where it stands and, for a respondent, its entity's acronym.</summary>
    public async Task<(EngagementStage Stage, string? MemberEntity)> WhereAsync(EngagementContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stage = await db.Engagements.AsNoTracking().Where(e => e.Id == context.Id).Select(e => e.Stage).SingleAsync(cancellationToken);
        var entity = context.MemberEntityId is { } id
            ? await db.NationalEntities.AsNoTracking().Where(n => n.Id == id).Select(n => n.Acronym).SingleOrDefaultAsync(cancellationToken)
            : null;
        return (stage, entity);
    }
}
