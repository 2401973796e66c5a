using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;

namespace Rempart.Core.Engagements;

/// <summary>The fields of a national entity as it is created or edited.</summary>
public sealed record EntityInput(
    EntityKind Kind, string Acronym, string NameEn, string NameFr, string MandateEn, string MandateFr, IReadOnlyList<string> Sectors,
    Guid? ParentId, DateOnly ValidFrom);

/// <summary>An entity as lists show it, with its current name and what refers to it.</summary>
public sealed record EntityView(
    Guid Id, EntityKind Kind, string Acronym, string NameEn, string NameFr, string MandateEn, string MandateFr, IReadOnlyList<string> Sectors,
    Guid? ParentId, DateOnly ValidFrom, DateOnly? ValidTo, Guid? SuccessorId, bool IsDeactivated, int Participants, Guid ConcurrencyStamp);

/// <summary>
/// National entities of an engagement. Renames keep the id and add to the name history; merges close the merged
/// entities with a successor; an entity that something refers to cannot be deleted, only deactivated.
/// </summary>
public sealed class EntityService(AppDbContext db, EngagementAccess access)
{
    public async Task<IReadOnlyList<EntityView>> ListAsync(Viewer viewer, string engagement, bool includeClosed = true, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var rows = await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == context.Id)
            .Select(e => new EntityView(e.Id, e.Kind, e.Acronym, e.NameEn, e.NameFr, e.MandateEn, e.MandateFr, e.Sectors, e.ParentId, e.ValidFrom, e.ValidTo,
                e.SuccessorId, e.IsDeactivated, db.Participants.Count(p => p.EntityId == e.Id), e.ConcurrencyStamp))
            .ToListAsync(cancellationToken);
        return [.. rows.Where(r => includeClosed || (r.ValidTo is null && !r.IsDeactivated)).OrderBy(r => r.Acronym, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.NameEn, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<EntityNameRecord>> HistoryAsync(Viewer viewer, string engagement, Guid entityId, CancellationToken cancellationToken = default)
    {
        var entity = await LoadAsync(viewer, engagement, entityId, EngagementAction.Read, cancellationToken);
        return [.. entity.NameHistory.OrderBy(n => n.ValidFrom)];
    }

    public async Task<NationalEntity> CreateAsync(Viewer viewer, string engagement, EntityInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageSetup);
        await CheckAsync(context.Id, input, null, cancellationToken);
        var entity = new NationalEntity
        {
            EngagementId = context.Id,
            Kind = input.Kind,
            Acronym = input.Acronym.Trim(),
            NameEn = input.NameEn.Trim(),
            NameFr = input.NameFr.Trim(),
            MandateEn = input.MandateEn.Trim(),
            MandateFr = input.MandateFr.Trim(),
            Sectors = [.. input.Sectors.Distinct(StringComparer.Ordinal)],
            ParentId = input.ParentId,
            ValidFrom = input.ValidFrom,
        };
        entity.NameHistory.Add(new EntityNameRecord { Acronym = entity.Acronym, NameEn = entity.NameEn, NameFr = entity.NameFr, ValidFrom = input.ValidFrom, ChangedByUserId = viewer.UserId });
        db.NationalEntities.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return entity;
    }

    /// <summary>
    /// Renames an entity from a day on (a government reshuffle): the old name is kept in its history until the day
    /// before, and everything linked to the entity stays linked.
    /// </summary>
    public async Task<NationalEntity> RenameAsync(
        Viewer viewer, string engagement, Guid entityId, string acronym, string nameEn, string nameFr, DateOnly effective, string? reason, Guid expectedStamp,
        CancellationToken cancellationToken = default)
    {
        var entity = await LoadAsync(viewer, engagement, entityId, EngagementAction.ManageSetup, cancellationToken);
        Concurrency(entity, expectedStamp);
        if (string.IsNullOrWhiteSpace(nameEn) || string.IsNullOrWhiteSpace(nameFr))
        {
            throw new DomainRuleException("Entity.NameRequired");
        }

        var current = entity.NameHistory.Single(n => n.ValidTo is null);
        if (effective <= current.ValidFrom)
        {
            throw new DomainRuleException("Entity.RenameDate", current.ValidFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        current.ValidTo = effective.AddDays(-1);
        entity.NameHistory.Add(new EntityNameRecord
        {
            EntityId = entity.Id, Acronym = acronym.Trim(), NameEn = nameEn.Trim(), NameFr = nameFr.Trim(), ValidFrom = effective, ChangedByUserId = viewer.UserId, Reason = reason?.Trim(),
        });
        entity.Acronym = acronym.Trim();
        entity.NameEn = nameEn.Trim();
        entity.NameFr = nameFr.Trim();
        await SaveAsync(cancellationToken);
        return entity;
    }

    /// <summary>Closes entities that merged into another one (existing or new) on a day; their links stay, and lead to the successor.</summary>
    public async Task MergeAsync(Viewer viewer, string engagement, IReadOnlyList<Guid> merged, Guid successorId, DateOnly effective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(merged);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageSetup);
        var all = await db.NationalEntities.Include(e => e.NameHistory).Where(e => e.EngagementId == context.Id && (merged.Contains(e.Id) || e.Id == successorId)).ToListAsync(cancellationToken);
        var successor = all.SingleOrDefault(e => e.Id == successorId) ?? throw new NotFoundException("Entity.NotFound", successorId);
        if (merged.Contains(successorId) || merged.Count == 0 || all.Count != merged.Count + 1)
        {
            throw new DomainRuleException("Entity.MergeInvalid");
        }

        foreach (var entity in all.Where(e => e.Id != successorId))
        {
            if (entity.ValidTo is not null)
            {
                throw new DomainRuleException("Entity.AlreadyClosed", entity.NameEn);
            }

            entity.ValidTo = effective.AddDays(-1);
            entity.SuccessorId = successor.Id;
            foreach (var name in entity.NameHistory.Where(n => n.ValidTo is null))
            {
                name.ValidTo = effective.AddDays(-1);
            }
        }

        await SaveAsync(cancellationToken);
    }

    /// <summary>Deletes an entity nothing refers to; otherwise says what refers to it (deactivate it instead).</summary>
    public async Task DeleteAsync(Viewer viewer, string engagement, Guid entityId, CancellationToken cancellationToken = default)
    {
        var entity = await LoadAsync(viewer, engagement, entityId, EngagementAction.ManageSetup, cancellationToken);
        var references = await ReferencesAsync(entity, cancellationToken);
        if (references.Count > 0)
        {
            throw new DomainRuleException("Entity.InUse", entity.NameEn, string.Join("; ", references));
        }

        db.NationalEntities.Remove(entity);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeactivateAsync(Viewer viewer, string engagement, Guid entityId, bool deactivated, CancellationToken cancellationToken = default)
    {
        var entity = await LoadAsync(viewer, engagement, entityId, EngagementAction.ManageSetup, cancellationToken);
        entity.IsDeactivated = deactivated;
        await SaveAsync(cancellationToken);
    }

    /// <summary>What points at an entity, in words of the caller's language.</summary>
    private async Task<List<string>> ReferencesAsync(NationalEntity entity, CancellationToken cancellationToken)
    {
        var references = new List<string>();
        var participants = await db.Participants.CountAsync(p => p.EntityId == entity.Id, cancellationToken);
        if (participants > 0)
        {
            references.Add(CoreMessages.Format("Entity.Ref.Participants", System.Globalization.CultureInfo.CurrentUICulture, participants));
        }

        if (await db.Engagements.AnyAsync(e => e.CoordinatingEntityId == entity.Id, cancellationToken))
        {
            references.Add(CoreMessages.Format("Entity.Ref.Coordinating", System.Globalization.CultureInfo.CurrentUICulture));
        }

        var children = await db.NationalEntities.CountAsync(e => e.ParentId == entity.Id || e.SuccessorId == entity.Id, cancellationToken);
        if (children > 0)
        {
            references.Add(CoreMessages.Format("Entity.Ref.Children", System.Globalization.CultureInfo.CurrentUICulture, children));
        }

        return references;
    }

    private async Task<NationalEntity> LoadAsync(Viewer viewer, string engagement, Guid entityId, EngagementAction action, CancellationToken cancellationToken)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(action);
        return await db.NationalEntities.Include(e => e.NameHistory).SingleOrDefaultAsync(e => e.Id == entityId && e.EngagementId == context.Id, cancellationToken)
            ?? throw new NotFoundException("Entity.NotFound", entityId);
    }

    private async Task CheckAsync(Guid engagementId, EntityInput input, Guid? self, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.NameEn) || string.IsNullOrWhiteSpace(input.NameFr))
        {
            throw new DomainRuleException("Entity.NameRequired");
        }

        if (input.ParentId is { } parent && (parent == self || !await db.NationalEntities.AnyAsync(e => e.Id == parent && e.EngagementId == engagementId, cancellationToken)))
        {
            throw new DomainRuleException("Entity.ParentInvalid");
        }
    }

    private static void Concurrency(NationalEntity entity, Guid expected)
    {
        if (expected != Guid.Empty && entity.ConcurrencyStamp != expected)
        {
            throw new DbUpdateConcurrencyException(CoreMessages.Format("Engagement.Concurrency", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private Task<int> SaveAsync(CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);
}
