using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;

namespace Rempart.Core.Engagements;

/// <summary>A participant as shown to a viewer; <see cref="Email"/> and <see cref="Phone"/> are null unless the viewer's role needs them.</summary>
public sealed record ParticipantView(
    Guid Id, Guid EntityId, string EntityAcronym, string FullName, string Title, Gender Gender, string PreferredLanguage, string? Email, string? Phone);

/// <summary>The fields of a participant as entered or imported.</summary>
public sealed record ParticipantInput(Guid EntityId, string FullName, string Title, Gender Gender, string? Email, string? Phone, string PreferredLanguage);

/// <summary>
/// The officials who take part. Their contact details are personal data: only roles that organise the work
/// (<see cref="EngagementAction.ViewContacts"/>) receive them; other members who may see who takes part
/// (<see cref="EngagementAction.ReadParticipants"/>) get names, titles and entities only; a donor, nobody.
/// </summary>
public sealed class ParticipantService(AppDbContext db, EngagementAccess access, LanguageSettings languages)
{
    public async Task<IReadOnlyList<ParticipantView>> ListAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        if (!context.Allows(EngagementAction.ReadParticipants))
        {
            // A donor follows the funded activities, not the officials who took part: nobody is listed.
            return [];
        }

        var contacts = context.Allows(EngagementAction.ViewContacts);
        var rows = await db.Participants.AsNoTracking().Where(p => p.EngagementId == context.Id)
            .Join(db.NationalEntities, p => p.EntityId, e => e.Id, (p, e) => new { p, e.Acronym })
            .ToListAsync(cancellationToken);
        return
        [
            .. rows.OrderBy(r => r.Acronym, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.p.FullName, StringComparer.CurrentCulture)
                .Select(r => new ParticipantView(r.p.Id, r.p.EntityId, r.Acronym, r.p.FullName, r.p.Title, r.p.Gender, r.p.PreferredLanguage,
                    contacts ? r.p.Email : null, contacts ? r.p.Phone : null)),
        ];
    }

    public async Task<Participant> CreateAsync(Viewer viewer, string engagement, ParticipantInput input, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageSetup);
        var participant = new Participant { EngagementId = context.Id };
        await ApplyAsync(context.Id, participant, input, cancellationToken);
        db.Participants.Add(participant);
        await db.SaveChangesAsync(cancellationToken);
        return participant;
    }

    public async Task UpdateAsync(Viewer viewer, string engagement, Guid participantId, ParticipantInput input, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageSetup);
        var participant = await db.Participants.SingleOrDefaultAsync(p => p.Id == participantId && p.EngagementId == context.Id, cancellationToken)
            ?? throw new NotFoundException("Participant.NotFound", participantId);
        await ApplyAsync(context.Id, participant, input, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ApplyAsync(Guid engagementId, Participant participant, ParticipantInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.FullName) || input.FullName.Length > 200)
        {
            throw new DomainRuleException("Participant.NameRequired");
        }

        // An entity of another engagement is refused exactly like one that does not exist.
        if (!await db.NationalEntities.AnyAsync(e => e.Id == input.EntityId && e.EngagementId == engagementId, cancellationToken))
        {
            throw new DomainRuleException("Participant.EntityInvalid");
        }

        var email = input.Email?.Trim() ?? "";
        if (email.Length > 0 && !MailAddress.TryCreate(email, out _))
        {
            throw new DomainRuleException("Participant.EmailInvalid", email);
        }

        var language = string.IsNullOrWhiteSpace(input.PreferredLanguage) ? languages.Default : input.PreferredLanguage.Trim().ToLowerInvariant();
        if (!languages.Supports(language))
        {
            throw new DomainRuleException("Account.LanguageUnknown", language, string.Join(", ", languages.Cultures));
        }

        participant.EntityId = input.EntityId;
        participant.FullName = input.FullName.Trim();
        participant.Title = input.Title?.Trim() ?? "";
        participant.Gender = input.Gender;
        participant.Email = email;
        participant.Phone = input.Phone?.Trim() ?? "";
        participant.PreferredLanguage = language;
    }
}
