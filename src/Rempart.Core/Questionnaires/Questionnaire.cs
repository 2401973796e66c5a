using System.Text.Json.Serialization;

namespace Rempart.Core.Questionnaires;

/// <summary>Where an entity's questionnaire stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AssignmentState>))]
public enum AssignmentState
{
    /// <summary>Assigned; nothing answered yet.</summary>
    NotStarted = 0,

    /// <summary>At least one answer saved.</summary>
    InProgress = 1,

    /// <summary>Sent to the coordinator; answers are locked until returned.</summary>
    Submitted = 2,

    /// <summary>Sent back by the coordinator with comments; open again for answering.</summary>
    Returned = 3,

    /// <summary>Accepted by the coordinator; answers are locked.</summary>
    Accepted = 4,
}

/// <summary>How an answer reached Rempart: its provenance.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnswerChannel>))]
public enum AnswerChannel
{
    /// <summary>Typed on the answering page or sent through the API.</summary>
    Web = 0,

    /// <summary>Imported from an offline workbook (the source is the file's SHA-256).</summary>
    Workbook = 1,

    /// <summary>Recorded from a consultation finding (the source is the finding's reference).</summary>
    Finding = 2,
}

/// <summary>How the suggested national level is drawn from the entities' answers.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConsolidationRule>))]
public enum ConsolidationRule
{
    /// <summary>The median level; with an even count, the lower middle value (capacity is not overstated).</summary>
    Median = 0,

    /// <summary>The lowest level: the country is as strong as its weakest answering entity.</summary>
    Minimum = 1,

    /// <summary>The mean weighted by each entity's relevance to the question, rounded half down.</summary>
    Weighted = 2,
}

/// <summary>
/// The questions one national entity is asked to answer in one engagement, with a due date and a state. One per
/// engagement and entity; adding questions later extends it.
/// </summary>
public sealed class Assignment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public Guid EntityId { get; set; }

    /// <summary>Catalog question ids, in catalog order.</summary>
    public List<string> Questions { get; set; } = [];

    public DateOnly? DueOn { get; set; }

    public AssignmentState State { get; set; }

    /// <summary>The coordinator's comment when returning (or accepting) the answers.</summary>
    public string? ReviewComment { get; set; }

    public DateTimeOffset AssignedAt { get; set; }

    public Guid AssignedBy { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public Guid? SubmittedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public Guid? ReviewedBy { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    /// <summary>Answers may change only while the questionnaire is open.</summary>
    public bool IsOpen => State is AssignmentState.NotStarted or AssignmentState.InProgress or AssignmentState.Returned;
}

/// <summary>
/// One entity's answer to one question: a maturity level (0-4) or not applicable with a reason, a comment and
/// evidence. Every change is a numbered revision that keeps who, when and through which channel.
/// </summary>
public sealed class Answer
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public Guid EntityId { get; set; }

    public string QuestionId { get; set; } = "";

    /// <summary>0-4; null while unanswered or when not applicable.</summary>
    public int? Level { get; set; }

    public bool NotApplicable { get; set; }

    public string? NotApplicableReason { get; set; }

    public string? Comment { get; set; }

    /// <summary>A reference to evidence held elsewhere (a decree number, a link, a document title).</summary>
    public string? EvidenceReference { get; set; }

    public int Revision { get; set; } = 1;

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid UpdatedBy { get; set; }

    public AnswerChannel Channel { get; set; }

    /// <summary>The workbook file's SHA-256, or the finding's reference, for the last change.</summary>
    public string? Source { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    /// <summary>A level or N/A was given.</summary>
    public bool IsAnswered => Level is not null || NotApplicable;
}

/// <summary>An answer as it stood after one change, with the change's provenance.</summary>
public sealed class AnswerRevision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AnswerId { get; set; }

    public int Revision { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid By { get; set; }

    public AnswerChannel Channel { get; set; }

    public string? Source { get; set; }

    public int? Level { get; set; }

    public bool NotApplicable { get; set; }

    public string? NotApplicableReason { get; set; }

    public string? Comment { get; set; }

    public string? EvidenceReference { get; set; }
}

/// <summary>A file uploaded as evidence for an answer, kept in the database with its SHA-256.</summary>
public sealed class EvidenceFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public Guid AnswerId { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public string Sha256 { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public DateTimeOffset UploadedAt { get; set; }

    public Guid UploadedBy { get; set; }
}

/// <summary>
/// A workbook handed out for offline answering. The file carries this record's id and checksum; an import is
/// matched against it, so a forged, edited or foreign workbook is refused, and answers changed on the web after
/// the export are told apart from the workbook's own changes.
/// </summary>
public sealed class WorkbookExport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public Guid EntityId { get; set; }

    public string CatalogKey { get; set; } = "";

    public string Language { get; set; } = "en";

    public DateTimeOffset ExportedAt { get; set; }

    public Guid ExportedBy { get; set; }

    /// <summary>Question id and the answer's revision when exported (0: no answer yet), in row order, as JSON.</summary>
    public string Rows { get; set; } = "[]";

    /// <summary>Lower-case hex SHA-256 of the control data written in the file.</summary>
    public string Checksum { get; set; } = "";
}

/// <summary>
/// The national answer to one question, decided by the coordinator from the entities' answers, with the rule's
/// suggestion at the time, a rationale, and findings attached as evidence.
/// </summary>
public sealed class ConsolidatedAnswer
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public string QuestionId { get; set; } = "";

    public int? Level { get; set; }

    public bool NotApplicable { get; set; }

    public string Rationale { get; set; } = "";

    /// <summary>The level the rule suggested when this was decided (null: no level to suggest from).</summary>
    public int? SuggestedLevel { get; set; }

    public ConsolidationRule Rule { get; set; }

    /// <summary>Spread (highest minus lowest level) among the entities' answers when decided.</summary>
    public int Spread { get; set; }

    /// <summary>Ids of consultation findings attached as evidence.</summary>
    public List<Guid> Findings { get; set; } = [];

    public int Revision { get; set; } = 1;

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid UpdatedBy { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}

/// <summary>A consolidated answer as it stood after one change.</summary>
public sealed class ConsolidationRevision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ConsolidatedAnswerId { get; set; }

    public int Revision { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid By { get; set; }

    public int? Level { get; set; }

    public bool NotApplicable { get; set; }

    public string Rationale { get; set; } = "";

    public int? SuggestedLevel { get; set; }

    public ConsolidationRule Rule { get; set; }

    public int Spread { get; set; }

    public List<Guid> Findings { get; set; } = [];
}

/// <summary>
/// A workbook uploaded on the questionnaire page and waiting for its preview to be confirmed. Kept in the
/// database (not in one server's memory) so that any instance can commit it; only its uploader can, within a day.
/// </summary>
public sealed class StagedUpload
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public Guid UserId { get; set; }

    public string FileName { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public DateTimeOffset UploadedAt { get; set; }
}
