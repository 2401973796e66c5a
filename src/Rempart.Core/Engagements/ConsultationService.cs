using System.Globalization;
using System.Net.Mail;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Documents;

namespace Rempart.Core.Engagements;

/// <summary>A new consultation event.</summary>
public sealed record EventInput(string Code, string TitleEn, string TitleFr, string Place, DateOnly StartDate, DateOnly EndDate);

/// <summary>A new session of an event.</summary>
public sealed record SessionInput(string Code, DateOnly Day, TimeOnly Start, TimeOnly End, string? Framework, string? Theme, string Moderator, string AgendaEn, string AgendaFr);

/// <summary>An event with its sessions, as the agenda shows them.</summary>
public sealed record EventView(Guid Id, string Code, string TitleEn, string TitleFr, string Place, DateOnly StartDate, DateOnly EndDate, IReadOnlyList<SessionView> Sessions);

public sealed record SessionView(
    Guid Id, string Code, DateOnly Day, TimeOnly Start, TimeOnly End, string? Framework, string? Theme, string Moderator, string AgendaEn, string AgendaFr,
    IReadOnlyList<Guid> Attendees);

/// <summary>One refused row of a sign-in sheet: where, which field, and why (a message key with its arguments).</summary>
public sealed record ImportRowError(int Row, string? Field, string Code, IReadOnlyList<object> Arguments)
{
    public string MessageIn(CultureInfo culture) => CoreMessages.Format(Code, culture, [.. Arguments]);
}

/// <summary>What an attendance import did, or, when <see cref="Errors"/> is not empty, why it did nothing.</summary>
public sealed record AttendanceImportReport(
    string FileName, int Rows, IReadOnlyList<ImportRowError> Errors, int NewParticipants, int Recorded, int AlreadyRecorded)
{
    public bool Imported => Errors.Count == 0;
}

/// <summary>
/// Consultation events, their sessions and who attended. Sign-in sheets import all or nothing: every bad row is
/// named with its reason, and importing the same sheet twice changes nothing.
/// </summary>
public sealed class ConsultationService(AppDbContext db, EngagementAccess access, CatalogService catalogs, LanguageSettings languages, TimeProvider time)
{
    /// <summary>The columns a sign-in sheet may have, and the names people give them in French and English.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> SheetColumns = new Dictionary<string, string[]>
    {
        ["session"] = ["session", "séance", "code session"],
        ["name"] = ["name", "full name", "nom", "nom et prénoms", "nom et prénom", "nom complet", "participant", "prénom et nom"],
        ["entity"] = ["entity", "entité", "structure", "ministère", "institution", "organisme", "sigle"],
        ["title"] = ["title", "position", "fonction", "titre", "poste"],
        ["gender"] = ["gender", "sex", "sexe", "genre", "h/f", "f/m"],
        ["email"] = ["email", "e-mail", "courriel", "adresse électronique", "mail"],
        ["phone"] = ["phone", "telephone", "téléphone", "tél", "tel", "contact", "mobile"],
        ["language"] = ["language", "langue"],
    };

    public async Task<IReadOnlyList<EventView>> ListAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var events = await db.ConsultationEvents.AsNoTracking().Include(e => e.Sessions).ThenInclude(s => s.Attendance)
            .Where(e => e.EngagementId == context.Id).ToListAsync(cancellationToken);
        return
        [
            .. events.OrderBy(e => e.StartDate).Select(e => new EventView(e.Id, e.Code, e.TitleEn, e.TitleFr, e.Place, e.StartDate, e.EndDate,
                [.. e.Sessions.OrderBy(s => s.Day).ThenBy(s => s.Start).Select(s => new SessionView(s.Id, s.Code, s.Day, s.Start, s.End, s.Framework, s.Theme, s.Moderator,
                    s.AgendaEn, s.AgendaFr, [.. s.Attendance.Select(a => a.ParticipantId)]))])),
        ];
    }

    public async Task<ConsultationEvent> CreateEventAsync(Viewer viewer, string engagement, EventInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageSetup);
        var code = (input.Code ?? "").Trim().ToUpperInvariant();
        if (code.Length is 0 or > 30 || string.IsNullOrWhiteSpace(input.TitleEn) || string.IsNullOrWhiteSpace(input.TitleFr))
        {
            throw new DomainRuleException("Event.Invalid");
        }

        if (input.EndDate < input.StartDate)
        {
            throw new DomainRuleException("Engagement.PeriodInvalid", input.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), input.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        // Consultations happen within the engagement's period (when it has an end, up to it).
        var period = await db.Engagements.Where(e => e.Id == context.Id).Select(e => new { e.PeriodStart, e.PeriodEnd }).SingleAsync(cancellationToken);
        if (input.StartDate < period.PeriodStart || (period.PeriodEnd is { } end && input.EndDate > end))
        {
            throw new DomainRuleException("Event.OutsidePeriod", code, input.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), input.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                period.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), period.PeriodEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…");
        }

        if (await db.ConsultationEvents.AnyAsync(e => e.EngagementId == context.Id && e.Code == code, cancellationToken))
        {
            throw new DomainRuleException("Event.CodeTaken", code);
        }

        var created = new ConsultationEvent
        {
            EngagementId = context.Id, Code = code, TitleEn = input.TitleEn.Trim(), TitleFr = input.TitleFr.Trim(), Place = input.Place.Trim(),
            StartDate = input.StartDate, EndDate = input.EndDate,
        };
        db.ConsultationEvents.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    public async Task<ConsultationSession> AddSessionAsync(Viewer viewer, string engagement, string eventCode, SessionInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageSetup);
        var wanted = eventCode.Trim().ToUpperInvariant();
        var ev = await db.ConsultationEvents.SingleOrDefaultAsync(e => e.EngagementId == context.Id && e.Code == wanted, cancellationToken)
            ?? throw new NotFoundException("Event.NotFound", eventCode);
        var code = input.Code.Trim().ToUpperInvariant();
        if (code.Length is 0 or > 30 || input.End <= input.Start)
        {
            throw new DomainRuleException("Session.Invalid");
        }

        if (input.Day < ev.StartDate || input.Day > ev.EndDate)
        {
            throw new DomainRuleException("Session.OutsideEvent", input.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ev.Code);
        }

        if (await SessionsOf(context.Id).AnyAsync(s => s.Code == code, cancellationToken))
        {
            throw new DomainRuleException("Session.CodeTaken", code);
        }

        await CheckCatalogIdsAsync(context.Id, input.Framework, input.Theme, cancellationToken);
        var session = new ConsultationSession
        {
            EventId = ev.Id, Code = code, Day = input.Day, Start = input.Start, End = input.End, Framework = Blank(input.Framework), Theme = Blank(input.Theme),
            Moderator = input.Moderator.Trim(), AgendaEn = input.AgendaEn.Trim(), AgendaFr = input.AgendaFr.Trim(),
        };
        db.ConsultationSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>Records by hand that participants attended a session (idempotent).</summary>
    public async Task<int> RecordAttendanceAsync(Viewer viewer, string engagement, string sessionCode, IReadOnlyList<Guid> participantIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(participantIds);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageSetup);
        var wanted = sessionCode.Trim().ToUpperInvariant();
        var session = await SessionsOf(context.Id).Include(s => s.Attendance).SingleOrDefaultAsync(s => s.Code == wanted, cancellationToken)
            ?? throw new NotFoundException("Session.NotFound", sessionCode);
        var ofEngagement = await db.Participants.Where(p => p.EngagementId == context.Id && participantIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        if (ofEngagement.Count != participantIds.Distinct().Count())
        {
            throw new DomainRuleException("Attendance.ParticipantInvalid");
        }

        var added = 0;
        foreach (var id in ofEngagement.Where(id => session.Attendance.All(a => a.ParticipantId != id)))
        {
            session.Attendance.Add(new SessionAttendance { SessionId = session.Id, ParticipantId = id, Source = "entered", RecordedAt = time.GetUtcNow() });
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    /// <summary>
    /// Imports a signed attendance sheet (CSV or XLSX). Rows name the participant (e-mail, or name and entity), and the
    /// session in a column or through <paramref name="sessionCode"/>. Unknown participants of the engagement's
    /// entities are added. Any bad row stops the whole import; the report lists them all.
    /// </summary>
    public async Task<AttendanceImportReport> ImportAttendanceAsync(
        Viewer viewer, string engagement, Stream file, string fileName, string? sessionCode, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageSetup);
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy, cancellationToken);
        var hash = Convert.ToHexStringLower(SHA256.HashData(copy.ToArray()))[..12];
        copy.Position = 0;
        var data = TabularFile.Read(copy, fileName, SheetColumns);

        var errors = new List<ImportRowError>();
        void Fail(int row, string? field, string code, params object[] args) => errors.Add(new ImportRowError(row, field is null ? null : data.HeaderOf(field), code, args));
        if (!data.Columns.Contains("name") && !data.Columns.Contains("email"))
        {
            Fail(1, null, "Attendance.NoIdentityColumn");
        }

        if (!data.Columns.Contains("session") && string.IsNullOrWhiteSpace(sessionCode))
        {
            Fail(1, null, "Attendance.NoSession");
        }

        var sessions = await SessionsOf(context.Id).Include(s => s.Attendance).ToListAsync(cancellationToken);
        var entities = await db.NationalEntities.Where(e => e.EngagementId == context.Id).ToListAsync(cancellationToken);
        var participants = await db.Participants.Where(p => p.EngagementId == context.Id).ToListAsync(cancellationToken);
        var defaultSession = sessionCode is { Length: > 0 } ? sessions.SingleOrDefault(s => s.Code.Equals(sessionCode.Trim(), StringComparison.OrdinalIgnoreCase)) : null;
        if (sessionCode is { Length: > 0 } && defaultSession is null)
        {
            Fail(1, "session", "Attendance.SessionUnknown", sessionCode);
        }

        var planned = new List<(ConsultationSession Session, Participant Participant, bool IsNew)>();
        var newByKey = new Dictionary<string, Participant>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<(Guid, string)>();
        foreach (var row in errors.Count > 0 ? [] : data.Rows)
        {
            var before = errors.Count;
            var session = defaultSession;
            if (row.Get("session") is { Length: > 0 } code)
            {
                session = sessions.SingleOrDefault(s => s.Code.Equals(code, StringComparison.OrdinalIgnoreCase));
                if (session is null)
                {
                    Fail(row.Number, "session", "Attendance.SessionUnknown", code);
                }
            }
            else if (session is null)
            {
                Fail(row.Number, "session", "Attendance.SessionMissing");
            }

            var email = row.Get("email");
            var name = row.Get("name");
            if (email.Length > 0 && !MailAddress.TryCreate(email, out _))
            {
                Fail(row.Number, "email", "Participant.EmailInvalid", email);
            }

            var entityText = row.Get("entity");
            NationalEntity? entity = null;
            if (entityText.Length > 0)
            {
                entity = NationalEntity.Named(entities, entityText);
                if (entity is null)
                {
                    Fail(row.Number, "entity", "Attendance.EntityUnknown", entityText);
                }
            }

            var gender = ParseGender(row.Get("gender"));
            if (gender is null)
            {
                Fail(row.Number, "gender", "Attendance.GenderInvalid", row.Get("gender"));
            }

            var language = row.Get("language") is { Length: > 0 } lang ? lang.ToLowerInvariant() : languages.Default;
            if (!languages.Supports(language))
            {
                Fail(row.Number, "language", "Account.LanguageUnknown", language, string.Join(", ", languages.Cultures));
            }

            Participant? participant = null;
            if (email.Length > 0)
            {
                participant = participants.FirstOrDefault(p => p.Email.Equals(email, StringComparison.OrdinalIgnoreCase));
            }

            if (participant is null && name.Length > 0 && entity is not null)
            {
                participant = participants.FirstOrDefault(p => p.EntityId == entity.Id && CatalogAnalysis.Fold(p.FullName) == CatalogAnalysis.Fold(name));
            }

            var isNew = false;
            if (participant is null && errors.Count == before)
            {
                if (name.Length == 0)
                {
                    Fail(row.Number, "name", "Attendance.NameMissing");
                }
                else if (entity is null)
                {
                    Fail(row.Number, "entity", "Attendance.EntityMissing", name);
                }
                else
                {
                    var key = email.Length > 0 ? email : $"{entity.Id}|{CatalogAnalysis.Fold(name)}";
                    if (!newByKey.TryGetValue(key, out participant))
                    {
                        participant = new Participant
                        {
                            EngagementId = context.Id, EntityId = entity.Id, FullName = name, Title = row.Get("title"), Gender = gender!.Value,
                            Email = email, Phone = row.Get("phone"), PreferredLanguage = language,
                        };
                        newByKey[key] = participant;
                        isNew = true;
                    }
                }
            }

            if (errors.Count == before && session is not null && participant is not null)
            {
                if (!seen.Add((session.Id, participant.Email.Length > 0 ? participant.Email.ToUpperInvariant() : participant.Id.ToString())))
                {
                    Fail(row.Number, null, "Attendance.Duplicate", participant.FullName, session.Code);
                }
                else
                {
                    planned.Add((session, participant, isNew));
                }
            }
        }

        if (errors.Count > 0)
        {
            return new AttendanceImportReport(fileName, data.Rows.Count, errors, 0, 0, 0);
        }

        var source = $"{Path.GetFileName(fileName)} ({hash})";
        var now = time.GetUtcNow();
        var recorded = 0;
        var already = 0;
        foreach (var participant in newByKey.Values)
        {
            db.Participants.Add(participant);
        }

        foreach (var (session, participant, _) in planned)
        {
            if (session.Attendance.Any(a => a.ParticipantId == participant.Id))
            {
                already++;
                continue;
            }

            db.SessionAttendance.Add(new SessionAttendance { SessionId = session.Id, ParticipantId = participant.Id, Source = source, RecordedAt = now });
            recorded++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new AttendanceImportReport(fileName, data.Rows.Count, [], newByKey.Count, recorded, already);
    }

    /// <summary>F/M in French and English; blank is "not stated"; anything else is refused.</summary>
    public static Gender? ParseGender(string text) => CatalogAnalysis.Fold(text.Trim()) switch
    {
        "" or "-" or "nd" or "n/a" => Gender.Undisclosed,
        "f" or "femme" or "female" or "w" or "woman" or "feminin" or "mme" => Gender.Female,
        "m" or "h" or "homme" or "male" or "man" or "masculin" or "m." => Gender.Male,
        _ => null,
    };

    private IQueryable<ConsultationSession> SessionsOf(Guid engagementId) =>
        db.ConsultationSessions.Where(s => db.ConsultationEvents.Any(e => e.Id == s.EventId && e.EngagementId == engagementId));

    private async Task CheckCatalogIdsAsync(Guid engagementId, string? framework, string? theme, CancellationToken cancellationToken)
    {
        if (Blank(framework) is null && Blank(theme) is null)
        {
            return;
        }

        var key = await catalogs.PinnedKeyAsync(engagementId, cancellationToken);
        var catalog = key is null ? null : await catalogs.FindAsync(key, cancellationToken);
        if (catalog is null)
        {
            return;
        }

        if (Blank(framework) is { } f && catalog.Frameworks.All(x => x.Id != f))
        {
            throw new DomainRuleException("Session.FrameworkUnknown", f);
        }

        if (Blank(theme) is { } t && catalog.Themes.All(x => x.Id != t))
        {
            throw new DomainRuleException("Session.ThemeUnknown", t);
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
