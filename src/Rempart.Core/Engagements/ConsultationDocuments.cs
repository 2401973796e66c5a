using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Documents;

namespace Rempart.Core.Engagements;

/// <summary>
/// The agenda and the attendance list of a consultation event as editable Word documents, in French or English.
/// The attendance list names people, their position and entity only: contact details never go into documents.
/// </summary>
public sealed class ConsultationDocuments(AppDbContext db, EngagementAccess access, ConsultationService consultations)
{
    public async Task<(byte[] Bytes, string FileName)> AgendaAsync(Viewer viewer, string engagement, string eventCode, string language, CancellationToken cancellationToken = default)
    {
        var (context, ev, culture) = await OpenAsync(viewer, engagement, eventCode, language, cancellationToken);
        var fr = culture.TwoLetterISOLanguageName == "fr";
        string T(string key, params object[] args) => CoreMessages.Format(key, culture, args);
        var doc = new WordDocument(culture.TwoLetterISOLanguageName, context.Classification)
            .Heading(fr ? ev.TitleFr : ev.TitleEn)
            .Paragraph(T("Doc.EventLine", context.Code, ev.Place, Cultures.WrittenDate(ev.StartDate, culture), Cultures.WrittenDate(ev.EndDate, culture)))
            .Paragraph(T("Doc.Confidential"), italic: true);
        foreach (var day in ev.Sessions.GroupBy(s => s.Day).OrderBy(g => g.Key))
        {
            doc.Heading(Capitalised(Cultures.WrittenDate(day.Key, culture, weekday: true), culture), 2);
            doc.Table([T("Doc.Time"), T("Doc.Session"), T("Doc.Agenda"), T("Doc.Moderator")],
                day.OrderBy(s => s.Start).Select(s => (IReadOnlyList<string>)[
                    $"{s.Start.ToString("HH:mm", CultureInfo.InvariantCulture)}–{s.End.ToString("HH:mm", CultureInfo.InvariantCulture)}", s.Code, fr ? s.AgendaFr : s.AgendaEn, s.Moderator]),
                [1400, 1100, 5600, 1500]);
        }

        return (doc.ToBytes(fr ? ev.TitleFr : ev.TitleEn), $"{context.Code}-{ev.Code}-{T("Doc.AgendaFile")}.docx");
    }

    public async Task<(byte[] Bytes, string FileName)> AttendanceAsync(Viewer viewer, string engagement, string eventCode, string language, CancellationToken cancellationToken = default)
    {
        var (context, ev, culture) = await OpenAsync(viewer, engagement, eventCode, language, cancellationToken);
        var fr = culture.TwoLetterISOLanguageName == "fr";
        string T(string key, params object[] args) => CoreMessages.Format(key, culture, args);
        var people = await db.Participants.AsNoTracking().Where(p => p.EngagementId == context.Id)
            .Join(db.NationalEntities, p => p.EntityId, e => e.Id, (p, e) => new { p.Id, p.FullName, p.Title, p.Gender, e.Acronym })
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var doc = new WordDocument(culture.TwoLetterISOLanguageName, context.Classification)
            .Heading(T("Doc.AttendanceTitle", fr ? ev.TitleFr : ev.TitleEn))
            .Paragraph(T("Doc.EventLine", context.Code, ev.Place, Cultures.WrittenDate(ev.StartDate, culture), Cultures.WrittenDate(ev.EndDate, culture)))
            .Paragraph(T("Doc.NoContacts"), italic: true);
        foreach (var s in ev.Sessions)
        {
            var present = s.Attendees.Select(id => people[id]).OrderBy(p => p.Acronym, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.FullName, StringComparer.Create(culture, true)).ToList();
            doc.Heading($"{s.Code} · {Cultures.WrittenDate(s.Day, culture, year: false)} · {(fr ? s.AgendaFr : s.AgendaEn)}", 2);
            doc.Paragraph(T("Doc.PresentCount", present.Count, present.Count(p => p.Gender == Gender.Female), present.Count(p => p.Gender == Gender.Male)));
            // Printed for signing at the session: a signature column, and blank rows for those who come unannounced.
            doc.Table([T("Doc.Number"), T("Doc.Name"), T("Doc.Position"), T("Doc.Entity"), T("Doc.Signature")],
                [.. present.Select((p, i) => (IReadOnlyList<string>)[(i + 1).ToString(culture), p.FullName, p.Title, p.Acronym, ""]),
                    .. Enumerable.Range(present.Count + 1, BlankRows).Select(n => (IReadOnlyList<string>)[n.ToString(culture), "", "", "", ""])],
                [600, 2700, 3000, 1500, 1800]);
        }

        return (doc.ToBytes(T("Doc.AttendanceTitle", fr ? ev.TitleFr : ev.TitleEn)), $"{context.Code}-{ev.Code}-{T("Doc.AttendanceFile")}.docx");
    }

    /// <summary>Whether the reader may have the agenda and attendance list: who may see who takes part, up to the engagement's label.</summary>
    public static bool MayRead(EngagementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Allows(EngagementAction.ReadParticipants) && Tlp.Within(context.Classification, context.Ceiling);
    }

    /// <summary>Blank rows at the end of each session's sheet, for participants not yet on the list.</summary>
    public const int BlankRows = 5;

    /// <summary>A heading's first letter in capitals, the rest as the language writes it ("Mardi 25 juin 2024", not "Mardi 25 Juin 2024").</summary>
    private static string Capitalised(string text, CultureInfo culture) => text.Length == 0 ? text : char.ToUpper(text[0], culture) + text[1..];

    private async Task<(EngagementContext, EventView, CultureInfo)> OpenAsync(Viewer viewer, string engagement, string eventCode, string language, CancellationToken cancellationToken)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        // Both documents carry the engagement's label and name the people and bodies at work: for members who may see
        // who takes part, and only up to their own ceiling (a donor, cleared to TLP:GREEN, receives neither).
        if (!MayRead(context))
        {
            throw new ForbiddenException("Engagement.Forbidden", context.Code);
        }

        var ev = (await consultations.ListAsync(viewer, engagement, cancellationToken)).SingleOrDefault(e => e.Code.Equals(eventCode, StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException("Event.NotFound", eventCode);
        return (context, ev, CultureInfo.GetCultureInfo(language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr-FR" : "en-GB"));
    }
}
