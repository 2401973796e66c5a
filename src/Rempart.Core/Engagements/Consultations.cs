namespace Rempart.Core.Engagements;

/// <summary>A consultation event: one or more days in one place (Abidjan, 25-27 June 2024).</summary>
public sealed class ConsultationEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    /// <summary>Short code, unique in the engagement (ABJ-2024).</summary>
    public string Code { get; set; } = "";

    public string TitleEn { get; set; } = "";

    public string TitleFr { get; set; } = "";

    public string Place { get; set; } = "";

    /// <summary>First day (inclusive).</summary>
    public DateOnly StartDate { get; set; }

    /// <summary>Last day (inclusive).</summary>
    public DateOnly EndDate { get; set; }

    public List<ConsultationSession> Sessions { get; set; } = [];
}

/// <summary>A session of an event: a slot on one day, on a framework or theme, with a moderator and an agenda item.</summary>
public sealed class ConsultationSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EventId { get; set; }

    /// <summary>Short code, unique in the engagement (J1-S1); sign-in sheets refer to sessions by it.</summary>
    public string Code { get; set; } = "";

    public DateOnly Day { get; set; }

    public TimeOnly Start { get; set; }

    public TimeOnly End { get; set; }

    /// <summary>Catalog framework id (legislative...), or null for a plenary.</summary>
    public string? Framework { get; set; }

    /// <summary>Catalog theme id, when the session has one.</summary>
    public string? Theme { get; set; }

    /// <summary>Who moderates: an organisation or an entity, as written on the agenda.</summary>
    public string Moderator { get; set; } = "";

    public string AgendaEn { get; set; } = "";

    public string AgendaFr { get; set; } = "";

    public List<SessionAttendance> Attendance { get; set; } = [];
}

/// <summary>A participant was present at a session; how it was recorded.</summary>
public sealed class SessionAttendance
{
    public Guid SessionId { get; set; }

    public Guid ParticipantId { get; set; }

    /// <summary>"entered" by hand, or the sign-in sheet's file name and hash.</summary>
    public string Source { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }
}
