using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Engagements;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Rempart.Core.Data;

/// <summary>
/// Loads a demo engagement's consultation days and findings (<c>demo/consultations-*.yaml</c>) as part of the demo
/// workspace: events, sessions, attendance by participant e-mail, and findings with their first revision.
/// </summary>
internal static class DemoConsultations
{
    public static async Task LoadAsync(AppDbContext db, string path, Guid authorId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        File file;
        try
        {
            using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
            file = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build().Deserialize<File>(reader) ?? new File();
        }
        catch (YamlException e)
        {
            throw new DomainRuleException("Demo.FileInvalid", path, e.Start.Line, e.Start.Column, (e.InnerException ?? e).Message);
        }

        Exception Invalid(string what) => new DomainRuleException("Demo.FileInvalid", path, 0, 0, what);
        var engagement = await db.Engagements.SingleOrDefaultAsync(e => e.Code == file.Engagement, cancellationToken) ?? throw Invalid($"no engagement {file.Engagement}");
        var participants = await db.Participants.Where(p => p.EngagementId == engagement.Id).ToDictionaryAsync(p => p.Email.ToUpperInvariant(), cancellationToken);
        var entities = await db.NationalEntities.Where(e => e.EngagementId == engagement.Id).ToDictionaryAsync(e => e.Acronym, e => e.Id, cancellationToken);
        var sessions = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        foreach (var ev in file.Events)
        {
            var created = new ConsultationEvent
            {
                EngagementId = engagement.Id, Code = ev.Code, TitleEn = ev.Title.En, TitleFr = ev.Title.Fr, Place = ev.Place, StartDate = ev.Start, EndDate = ev.End,
            };
            foreach (var s in ev.Sessions)
            {
                var session = new ConsultationSession
                {
                    EventId = created.Id, Code = s.Code, Day = s.Day, Start = TimeOnly.Parse(s.Start, System.Globalization.CultureInfo.InvariantCulture),
                    End = TimeOnly.Parse(s.End, System.Globalization.CultureInfo.InvariantCulture), Framework = s.Framework, Theme = s.Theme,
                    Moderator = s.Moderator, AgendaEn = s.Agenda.En, AgendaFr = s.Agenda.Fr,
                };
                foreach (var email in s.Attendance.Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    var participant = participants.GetValueOrDefault(email.ToUpperInvariant()) ?? throw Invalid($"session {s.Code}: no participant {email}");
                    session.Attendance.Add(new SessionAttendance { SessionId = session.Id, ParticipantId = participant.Id, Source = "demo sign-in sheet", RecordedAt = now });
                }

                sessions[s.Code] = session.Id;
                created.Sessions.Add(session);
            }

            db.ConsultationEvents.Add(created);
        }

        var number = 0;
        foreach (var f in file.Findings)
        {
            var finding = new Finding
            {
                EngagementId = engagement.Id,
                Number = ++number,
                SessionId = sessions.TryGetValue(f.Session, out var sessionId) ? sessionId : throw Invalid($"finding {number}: no session {f.Session}"),
                Kind = ParseKind(f.Kind) ?? throw Invalid($"finding {number}: kind {f.Kind}"),
                TextEn = f.Text.En, TextFr = f.Text.Fr,
                Questions = f.Questions, Provisions = f.Provisions, Sectors = f.Sectors,
                Entities = [.. f.Entities.Select(a => entities.TryGetValue(a, out var id) ? id : throw Invalid($"finding {number}: no entity {a}"))],
                Confidence = Enum.Parse<Confidence>(f.Confidence, ignoreCase: true),
                Classification = f.Classification is null ? engagement.Classification
                    : Access.Tlp.Parse(f.Classification) ?? throw Invalid($"finding {number}: classification {f.Classification} is not a TLP label"),
                CreatedAt = now, CreatedBy = authorId, UpdatedAt = now, UpdatedBy = authorId,
            };
            db.Findings.Add(finding);
            db.FindingRevisions.Add(new FindingRevision
            {
                FindingId = finding.Id, Revision = 1, At = now, By = authorId, Change = "created",
                Snapshot = JsonSerializer.Serialize(new { finding.Kind, finding.TextEn, finding.TextFr, finding.Questions, finding.Entities }),
            });
        }
    }

    public static FindingKind? ParseKind(string kind) => kind.Trim().ToLowerInvariant() switch
    {
        "gap" or "need" => FindingKind.Gap,
        "strength" => FindingKind.Strength,
        "good-practice" => FindingKind.GoodPractice,
        "challenge" => FindingKind.Challenge,
        "priority" => FindingKind.Priority,
        _ => null,
    };

    private sealed class File
    {
        public string Engagement { get; set; } = "";

        public List<Event> Events { get; set; } = [];

        public List<FindingEntry> Findings { get; set; } = [];
    }

    private sealed class Text
    {
        public string En { get; set; } = "";

        public string Fr { get; set; } = "";
    }

    private sealed class Event
    {
        public string Code { get; set; } = "";

        public Text Title { get; set; } = new();

        public string Place { get; set; } = "";

        public DateOnly Start { get; set; }

        public DateOnly End { get; set; }

        public List<Session> Sessions { get; set; } = [];
    }

    private sealed class Session
    {
        public string Code { get; set; } = "";

        public DateOnly Day { get; set; }

        public string Start { get; set; } = "";

        public string End { get; set; } = "";

        public string? Framework { get; set; }

        public string? Theme { get; set; }

        public string Moderator { get; set; } = "";

        public Text Agenda { get; set; } = new();

        public List<string> Attendance { get; set; } = [];
    }

    private sealed class FindingEntry
    {
        public string Session { get; set; } = "";

        public string Kind { get; set; } = "";

        public Text Text { get; set; } = new();

        public List<string> Questions { get; set; } = [];

        public List<string> Provisions { get; set; } = [];

        public List<string> Entities { get; set; } = [];

        public List<string> Sectors { get; set; } = [];

        public string Confidence { get; set; } = "medium";

        /// <summary>The finding's TLP label; the engagement's when absent.</summary>
        public string? Classification { get; set; }
    }
}
