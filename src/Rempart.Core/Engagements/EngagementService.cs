using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;

namespace Rempart.Core.Engagements;

/// <summary>One line of an engagement list.</summary>
public sealed record EngagementSummary(
    Guid Id, string Code, string CountryCode, string TitleEn, string TitleFr, DateOnly PeriodStart, DateOnly? PeriodEnd, string? MyRole, int MemberCount,
    string? CatalogVersion, EngagementStage Stage = EngagementStage.Scoping, string? MyEntity = null, string Classification = Tlp.Amber);

/// <summary>A member as shown to other members (no contact details).</summary>
/// <summary>A member as others see them: name, role and, for a respondent, the entity they answer for (its acronym).</summary>
public sealed record EngagementMemberView(Guid UserId, string DisplayName, string Role, string? Entity = null);

/// <summary>What an engagement page shows.</summary>
public sealed record EngagementDetail(EngagementSummary Summary, IReadOnlyList<EngagementMemberView> Members, Guid ConcurrencyStamp);

/// <summary>Who runs an engagement: programme, organisations and the national coordinating entity.</summary>
public sealed record EngagementProfile(
    string ProgrammeEn, string ProgrammeFr, IReadOnlyList<EngagementOrganisation> Organisations, string? Coordinating, string? CoordinatingEn, string? CoordinatingFr,
    string Classification = Tlp.Amber);

/// <summary>An organisation as entered with a profile.</summary>
public sealed record OrganisationInput(OrganisationRole Role, string Code, string NameEn, string NameFr, string? IatiRef = null);

/// <summary>The editable profile of an engagement; <see cref="Organisations"/> replaces the whole list.</summary>
public sealed record ProfileInput(string ProgrammeEn, string ProgrammeFr, Guid? CoordinatingEntityId, IReadOnlyList<OrganisationInput> Organisations, string? Classification = null);

/// <summary>The fields of a new engagement.</summary>
public sealed record NewEngagement(string Code, string CountryCode, string TitleEn, string TitleFr, DateOnly PeriodStart, DateOnly? PeriodEnd, string? Classification = null);

/// <summary>
/// Engagements and their members. A viewer sees and touches only the engagements they belong to; programme
/// administrators see all. An engagement the viewer may not see is reported exactly like one that does not exist.
/// </summary>
public sealed partial class EngagementService(AppDbContext db, TimeProvider time)
{
    /// <summary>The engagements the viewer may see. Every query about engagements starts here.</summary>
    public IQueryable<Engagement> VisibleTo(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.IsProgrammeAdministrator
            ? db.Engagements
            : db.Engagements.Where(e => e.Members.Any(m => m.UserId == viewer.UserId));
    }

    public async Task<IReadOnlyList<EngagementSummary>> ListAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        var rows = await Summaries(VisibleTo(viewer), viewer.UserId).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Code, StringComparer.Ordinal)];
    }

    /// <summary>The engagement by code (<c>CIV-2024</c>) or id, or null when it does not exist or the viewer is not a member.</summary>
    public async Task<EngagementDetail?> FindAsync(Viewer viewer, string codeOrId, CancellationToken cancellationToken = default)
    {
        var engagement = await FindVisibleEntityAsync(viewer, codeOrId, cancellationToken);
        if (engagement is null)
        {
            return null;
        }

        var summary = await Summaries(db.Engagements.Where(e => e.Id == engagement.Id), viewer.UserId).SingleAsync(cancellationToken);
        // Who works on the engagement is for members who may see who takes part (a donor sees no names); one's own
        // membership is always shown.
        var seesPeople = EngagementPermissions.Allows(viewer, summary.MyRole, EngagementAction.ReadParticipants);
        var members = await db.EngagementMembers.AsNoTracking()
            .Where(m => m.EngagementId == engagement.Id && (seesPeople || m.UserId == viewer.UserId))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, m.Role, m.EntityId })
            .ToListAsync(cancellationToken);
        var entityIds = members.Where(m => m.EntityId is not null).Select(m => m.EntityId!.Value).Distinct().ToList();
        var acronyms = await db.NationalEntities.AsNoTracking().Where(e => entityIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Acronym, cancellationToken);
        var views = members.Select(m => new EngagementMemberView(m.Id, m.DisplayName, m.Role, m.EntityId is { } id ? acronyms.GetValueOrDefault(id) : null));
        return new EngagementDetail(summary, [.. views.OrderBy(m => m.DisplayName, StringComparer.CurrentCulture)], engagement.ConcurrencyStamp);
    }

    /// <summary>Programme, organisations and coordinating entity of an engagement the viewer can see.</summary>
    public async Task<EngagementProfile?> ProfileAsync(Viewer viewer, string codeOrId, CancellationToken cancellationToken = default)
    {
        var engagement = await FindVisibleEntityAsync(viewer, codeOrId, cancellationToken);
        if (engagement is null)
        {
            return null;
        }

        var organisations = await db.EngagementOrganisations.AsNoTracking().Where(o => o.EngagementId == engagement.Id).ToListAsync(cancellationToken);
        var coordinating = await db.NationalEntities.AsNoTracking().Where(n => n.Id == engagement.CoordinatingEntityId)
            .Select(n => new { n.Acronym, n.NameEn, n.NameFr }).SingleOrDefaultAsync(cancellationToken);
        return new EngagementProfile(engagement.ProgrammeEn, engagement.ProgrammeFr, [.. organisations.OrderBy(o => o.Role).ThenBy(o => o.NameEn, StringComparer.Ordinal)],
            coordinating?.Acronym, coordinating?.NameEn, coordinating?.NameFr, engagement.Classification);
    }

    /// <summary>
    /// Replaces programme, organisations and coordinating entity. The save is refused when someone changed the
    /// engagement after <paramref name="expectedStamp"/> was read.
    /// </summary>
    public async Task UpdateProfileAsync(Viewer viewer, string codeOrId, ProfileInput input, Guid expectedStamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var visible = await FindVisibleEntityAsync(viewer, codeOrId, cancellationToken) ?? throw new NotFoundException("Engagement.NotFound", codeOrId);
        var role = await db.EngagementMembers.Where(m => m.EngagementId == visible.Id && m.UserId == viewer.UserId).Select(m => m.Role).SingleOrDefaultAsync(cancellationToken);
        if (!EngagementPermissions.Allows(viewer, role, EngagementAction.ManageSetup))
        {
            throw new ForbiddenException("Engagement.Forbidden", visible.Code);
        }

        var engagement = await db.Engagements.Include(e => e.Organisations).SingleAsync(e => e.Id == visible.Id, cancellationToken);
        if (expectedStamp != Guid.Empty && engagement.ConcurrencyStamp != expectedStamp)
        {
            throw new DbUpdateConcurrencyException(CoreMessages.Format("Engagement.Concurrency", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (input.CoordinatingEntityId is { } coordinating && !await db.NationalEntities.AnyAsync(n => n.Id == coordinating && n.EngagementId == engagement.Id, cancellationToken))
        {
            throw new DomainRuleException("Participant.EntityInvalid");
        }

        var organisations = input.Organisations ?? [];
        if (organisations.Any(o => !Enum.IsDefined(o.Role) || string.IsNullOrWhiteSpace(o.Code) || string.IsNullOrWhiteSpace(o.NameEn) || string.IsNullOrWhiteSpace(o.NameFr))
            || organisations.GroupBy(o => (o.Role, o.Code.Trim().ToLowerInvariant())).Any(g => g.Count() > 1))
        {
            throw new DomainRuleException("Engagement.OrganisationInvalid");
        }

        engagement.ProgrammeEn = input.ProgrammeEn?.Trim() ?? "";
        engagement.ProgrammeFr = input.ProgrammeFr?.Trim() ?? "";
        engagement.CoordinatingEntityId = input.CoordinatingEntityId;
        if (input.Classification is not null)
        {
            engagement.Classification = Label(input.Classification);
        }

        if (organisations.FirstOrDefault(o => o.IatiRef is { Length: > 0 } r && !IatiRefPattern().IsMatch(r.Trim())) is { } badRef)
        {
            throw new DomainRuleException("Engagement.IatiRefInvalid", badRef.IatiRef!, badRef.Code);
        }

        // Organisations are kept and updated in place (funding lines point at donors); only those left out are removed.
        var kept = new HashSet<Guid>();
        foreach (var o in organisations)
        {
            var code = o.Code.Trim().ToLowerInvariant();
            var existing = engagement.Organisations.FirstOrDefault(x => x.Role == o.Role && x.Code == code);
            if (existing is null)
            {
                existing = new EngagementOrganisation { EngagementId = engagement.Id, Role = o.Role, Code = code };
                db.EngagementOrganisations.Add(existing);
            }

            existing.NameEn = o.NameEn.Trim();
            existing.NameFr = o.NameFr.Trim();
            existing.IatiRef = string.IsNullOrWhiteSpace(o.IatiRef) ? null : o.IatiRef.Trim();
            kept.Add(existing.Id);
        }

        var removed = engagement.Organisations.Where(x => !kept.Contains(x.Id)).ToList();
        var removedIds = removed.Select(x => x.Id).ToList();
        var funding = await db.ActivityFunding.Where(f => removedIds.Contains(f.DonorId)).Select(f => f.DonorId).Distinct().ToListAsync(cancellationToken);
        if (funding.Count > 0)
        {
            throw new DomainRuleException("Engagement.DonorHasFunding", removed.First(x => x.Id == funding[0]).Code);
        }

        db.EngagementOrganisations.RemoveRange(removed);

        db.Entry(engagement).State = EntityState.Modified;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A TLP label in its canonical form, or a clear refusal naming the labels.</summary>
    public static string Label(string? label) =>
        Tlp.Parse(label) ?? throw new DomainRuleException("Classification.Invalid", label ?? "", string.Join(", ", Tlp.All));

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{1,99}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex IatiRefPattern();

    /// <summary>Creates an engagement; its creator becomes a member unless they are a programme administrator.</summary>
    public async Task<Engagement> CreateAsync(Viewer viewer, NewEngagement request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(request);
        if (!viewer.IsProgrammeStaff)
        {
            throw new ForbiddenException("Engagement.Forbidden", request.Code);
        }

        var code = request.Code.Trim().ToUpperInvariant();
        var country = request.CountryCode.Trim().ToUpperInvariant();
        if (!Engagement.IsValidCode(code))
        {
            throw new DomainRuleException("Engagement.CodeInvalid", request.Code);
        }

        if (!Engagement.IsValidCountry(country))
        {
            throw new DomainRuleException("Engagement.CountryInvalid", request.CountryCode);
        }

        if (!code.StartsWith(country + "-", StringComparison.Ordinal))
        {
            throw new DomainRuleException("Engagement.CodeCountry", code, country);
        }

        if (string.IsNullOrWhiteSpace(request.TitleEn) || string.IsNullOrWhiteSpace(request.TitleFr))
        {
            throw new DomainRuleException("Engagement.TitleRequired");
        }

        if (request.PeriodEnd is { } end && end < request.PeriodStart)
        {
            throw new DomainRuleException("Engagement.PeriodInvalid", request.PeriodStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (await db.Engagements.AnyAsync(e => e.Code == code, cancellationToken))
        {
            throw new DomainRuleException("Engagement.CodeTaken", code);
        }

        var classification = request.Classification is null ? Tlp.Amber : Label(request.Classification);
        var now = time.GetUtcNow();
        var engagement = new Engagement
        {
            Classification = classification,
            Code = code,
            CountryCode = country,
            TitleEn = request.TitleEn.Trim(),
            TitleFr = request.TitleFr.Trim(),
            PeriodStart = request.PeriodStart,
            PeriodEnd = request.PeriodEnd,
            CreatedAt = now,
        };
        if (!viewer.IsProgrammeAdministrator)
        {
            engagement.Members.Add(new EngagementMember { UserId = viewer.UserId, Role = RoleNames.ProgrammeOfficer, AddedAt = now });
        }

        db.Engagements.Add(engagement);
        await db.SaveChangesAsync(cancellationToken);
        return engagement;
    }

    /// <summary>
    /// Adds a person to an engagement the viewer can see, or changes their role there. A respondent answers for one
    /// national entity of the engagement, named by its acronym (or id) in <paramref name="entity"/>: required for
    /// that role, since a respondent without one has nothing to answer; other roles may name one too.
    /// </summary>
    public async Task AddMemberAsync(Viewer viewer, string codeOrId, Guid userId, string role, string? entity = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.IsProgrammeStaff)
        {
            throw new ForbiddenException("Engagement.Forbidden", codeOrId);
        }

        var canonical = RoleNames.Canonical(role) ?? throw new DomainRuleException("Engagement.MemberRoleInvalid", role, string.Join(", ", RoleNames.All));
        var engagement = await FindVisibleEntityAsync(viewer, codeOrId, cancellationToken)
            ?? throw new NotFoundException("Engagement.NotFound", codeOrId);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            throw new DomainRuleException("Account.NotFound");
        }

        var current = await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == engagement.Id && e.ValidTo == null && !e.IsDeactivated)
            .Select(e => new { e.Id, e.Acronym }).ToListAsync(cancellationToken);
        Guid? entityId = null;
        if (!string.IsNullOrWhiteSpace(entity))
        {
            var wanted = entity.Trim();
            entityId = current.FirstOrDefault(e => e.Acronym.Equals(wanted, StringComparison.OrdinalIgnoreCase) || e.Id.ToString().Equals(wanted, StringComparison.OrdinalIgnoreCase))?.Id
                ?? throw new DomainRuleException("Engagement.MemberEntityUnknown", wanted, Acronyms());
        }
        else if (canonical == RoleNames.EntityRespondent)
        {
            throw new DomainRuleException("Engagement.MemberEntityRequired", Acronyms());
        }

        string Acronyms() => current.Count == 0 ? "—" : string.Join(", ", current.Select(e => e.Acronym).Order(StringComparer.OrdinalIgnoreCase));

        var existing = await db.EngagementMembers.SingleOrDefaultAsync(m => m.EngagementId == engagement.Id && m.UserId == userId, cancellationToken);
        if (existing is null)
        {
            db.EngagementMembers.Add(new EngagementMember { EngagementId = engagement.Id, UserId = userId, Role = canonical, EntityId = entityId, AddedAt = time.GetUtcNow() });
        }
        else
        {
            existing.Role = canonical;
            existing.EntityId = entityId;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private Task<Engagement?> FindVisibleEntityAsync(Viewer viewer, string codeOrId, CancellationToken cancellationToken)
    {
        var visible = VisibleTo(viewer).AsNoTracking();
        if (Guid.TryParse(codeOrId, out var id))
        {
            return visible.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        }

        var code = codeOrId.Trim().ToUpperInvariant();
        return visible.SingleOrDefaultAsync(e => e.Code == code, cancellationToken);
    }

    private IQueryable<EngagementSummary> Summaries(IQueryable<Engagement> engagements, Guid userId) =>
        engagements.Select(e => new EngagementSummary(
            e.Id, e.Code, e.CountryCode, e.TitleEn, e.TitleFr, e.PeriodStart, e.PeriodEnd,
            e.Members.Where(m => m.UserId == userId).Select(m => m.Role).FirstOrDefault(),
            e.Members.Count,
            db.CatalogVersions.Where(v => v.Id == e.CatalogVersionId).Select(v => v.Key).FirstOrDefault(),
            e.Stage,
            db.NationalEntities.Where(n => n.Id == e.Members.Where(m => m.UserId == userId).Select(m => m.EntityId).FirstOrDefault()).Select(n => n.Acronym).FirstOrDefault(),
            e.Classification));
}
