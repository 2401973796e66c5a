using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Engagements;

namespace Rempart.Core.Questionnaires;

/// <summary>How the coordinator picks the questions to assign.</summary>
public enum AssignmentSelection
{
    /// <summary>The questions whose usual entity types or sectors match the entity's.</summary>
    Suggested,
    Framework,
    Theme,
    Sector,
    Questions,
}

/// <summary>Assigns questions to one entity; <see cref="Values"/> are framework, theme, sector or question ids.</summary>
public sealed record AssignmentRequest(string Entity, AssignmentSelection By, IReadOnlyList<string>? Values, DateOnly? DueOn);

/// <summary>An entity's questionnaire as lists show it.</summary>
public sealed record AssignmentView(
    Guid Id, Guid EntityId, string Entity, string EntityNameEn, string EntityNameFr, AssignmentState State, DateOnly? DueOn, int Questions, int Answered,
    bool Overdue, string? ReviewComment, DateTimeOffset? SubmittedAt, Guid ConcurrencyStamp)
{
    /// <summary>Share of assigned questions answered, 0-100.</summary>
    public int Progress => Questions == 0 ? 0 : Answered * 100 / Questions;

    /// <summary>Answers may change (not started, in progress, or returned).</summary>
    public bool IsOpen => State is AssignmentState.NotStarted or AssignmentState.InProgress or AssignmentState.Returned;

    public string EntityNameIn(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? EntityNameFr : EntityNameEn;
}

public sealed record EvidenceView(Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt);

/// <summary>One entity's answer with its provenance (null fields while unanswered).</summary>
public sealed record AnswerView(
    string QuestionId, int? Level, bool NotApplicable, string? NotApplicableReason, string? Comment, string? EvidenceReference, int Revision,
    DateTimeOffset? UpdatedAt, string? UpdatedBy, AnswerChannel? Channel, string? Source, Guid? ConcurrencyStamp, IReadOnlyList<EvidenceView> Files)
{
    public bool IsAnswered => Level is not null || NotApplicable;

    public static AnswerView Empty(string questionId) => new(questionId, null, false, null, null, null, 0, null, null, null, null, null, []);
}

/// <summary>One assigned question with the entity's answer.</summary>
public sealed record QuestionnaireItem(Question Question, AnswerView Answer);

/// <summary>An entity's whole questionnaire.</summary>
public sealed record QuestionnaireView(AssignmentView Assignment, string CatalogKey, IReadOnlyList<QuestionnaireItem> Items);

/// <summary>
/// What a respondent saves for one question. <see cref="ExpectedStamp"/> is the concurrency stamp of the answer as
/// read (null when there was none): a save based on an older read is refused with both values.
/// <see cref="FromFinding"/> records the answer from a consultation finding (F-012).
/// </summary>
public sealed record AnswerInput(
    int? Level, bool NotApplicable, string? NotApplicableReason, string? Comment, string? EvidenceReference, Guid? ExpectedStamp, string? FromFinding = null);

/// <summary>What a save did.</summary>
public sealed record AnswerSaved(AnswerView Answer, bool Changed);

/// <summary>Someone else changed the answer after it was read: nothing was overwritten; both values are carried.</summary>
public sealed class AnswerConflictException(string entity, string questionId, AnswerView current, AnswerInput yours)
    : Exception(CoreMessages.Format("Answer.Conflict", CultureInfo.InvariantCulture, questionId, entity))
{
    public string Entity { get; } = entity;

    public string QuestionId { get; } = questionId;

    public AnswerView Current { get; } = current;

    public AnswerInput Yours { get; } = yours;

    public string MessageIn(CultureInfo culture) => CoreMessages.Format("Answer.Conflict", culture, QuestionId, Entity);
}

/// <summary>
/// Questionnaires: the coordinator assigns questions to entities; each entity answers its own (on the web, through
/// the API, or by workbook), submits, and the coordinator returns or accepts. Every answer change is a revision
/// with who, when and through which channel.
/// </summary>
public sealed class QuestionnaireService(AppDbContext db, EngagementAccess access, CatalogService catalogs, TimeProvider time)
{
    /// <summary>Largest evidence file accepted.</summary>
    public const long MaxEvidenceBytes = 10 * 1024 * 1024;

    /// <summary>Evidence types accepted, by extension, with their content type and leading bytes.</summary>
    public static readonly IReadOnlyDictionary<string, (string ContentType, byte[] Magic)> EvidenceTypes = new Dictionary<string, (string, byte[])>(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", "%PDF"u8.ToArray()),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [0x50, 0x4B, 0x03, 0x04]),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [0x50, 0x4B, 0x03, 0x04]),
        [".pptx"] = ("application/vnd.openxmlformats-officedocument.presentationml.presentation", [0x50, 0x4B, 0x03, 0x04]),
        [".odt"] = ("application/vnd.oasis.opendocument.text", [0x50, 0x4B, 0x03, 0x04]),
        [".ods"] = ("application/vnd.oasis.opendocument.spreadsheet", [0x50, 0x4B, 0x03, 0x04]),
        [".png"] = ("image/png", [0x89, 0x50, 0x4E, 0x47]),
        [".jpg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".jpeg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".txt"] = ("text/plain", []),
        [".csv"] = ("text/csv", []),
    };

    /// <summary>Every entity's questionnaire the viewer may see (a respondent: their own only).</summary>
    public async Task<IReadOnlyList<AssignmentView>> ListAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var query = db.Assignments.AsNoTracking().Where(a => a.EngagementId == context.Id);
        if (!context.Allows(EngagementAction.ReadAnswers))
        {
            if (!context.Allows(EngagementAction.AnswerOwnEntity) || context.MemberEntityId is not { } own)
            {
                return [];
            }

            query = query.Where(a => a.EntityId == own);
        }

        var assignments = await query.ToListAsync(cancellationToken);
        return await ViewsAsync(context.Id, assignments, cancellationToken);
    }

    /// <summary>Assigns questions to an entity (adding to what it has), with a due date when given.</summary>
    public async Task<AssignmentView> AssignAsync(Viewer viewer, string engagement, AssignmentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageQuestionnaires);
        var catalog = await CatalogOfAsync(context, cancellationToken);
        var entity = await EntityAsync(context.Id, request.Entity, cancellationToken);
        var values = (request.Values ?? []).Select(v => v.Trim()).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
        IEnumerable<Question> chosen = request.By switch
        {
            AssignmentSelection.Suggested => catalog.Questions.Where(q => IsRelevant(q, entity)),
            AssignmentSelection.Framework => catalog.Questions.Where(q => values.Contains(q.Framework)),
            AssignmentSelection.Theme => catalog.Questions.Where(q => values.Contains(q.Theme)),
            AssignmentSelection.Sector => catalog.Questions.Where(q => q.Sectors.Any(values.Contains)),
            _ => catalog.Questions.Where(q => values.Contains(q.Id)),
        };
        if (request.By == AssignmentSelection.Questions && values.FirstOrDefault(v => catalog.Questions.All(q => q.Id != v)) is { } unknown)
        {
            throw new DomainRuleException("Assignment.UnknownQuestion", unknown, catalog.Key);
        }

        var known = request.By switch
        {
            AssignmentSelection.Framework => catalog.Frameworks.Select(f => f.Id),
            AssignmentSelection.Theme => catalog.Themes.Select(t => t.Id),
            AssignmentSelection.Sector => catalog.Sectors.SelectMany(s => s.Subsectors.Select(x => x.Id).Prepend(s.Id)),
            _ => null,
        };
        if (known is not null && values.FirstOrDefault(v => !known.Contains(v, StringComparer.Ordinal)) is { } unknownValue)
        {
            throw new DomainRuleException("Assignment.UnknownValue", unknownValue);
        }

        var ids = chosen.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            throw new DomainRuleException("Assignment.NothingSelected", entity.Acronym);
        }

        var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.EntityId == entity.Id, cancellationToken);
        if (assignment is null)
        {
            assignment = new Assignment { EngagementId = context.Id, EntityId = entity.Id, AssignedAt = time.GetUtcNow(), AssignedBy = viewer.UserId };
            db.Assignments.Add(assignment);
        }
        else if (assignment.State == AssignmentState.Accepted)
        {
            throw new DomainRuleException("Assignment.Accepted", entity.Acronym);
        }

        ids.UnionWith(assignment.Questions);
        // Catalog order, so that the page and the workbook read like the questionnaire.
        assignment.Questions = [.. catalog.Questions.Where(q => ids.Contains(q.Id)).Select(q => q.Id)];
        if (request.DueOn is { } due)
        {
            assignment.DueOn = due;
        }

        if (assignment.State == AssignmentState.Submitted)
        {
            // New questions reopen a submitted questionnaire: they still need answers.
            assignment.State = AssignmentState.Returned;
        }

        await db.SaveChangesAsync(cancellationToken);
        return (await ViewsAsync(context.Id, [assignment], cancellationToken))[0];
    }

    /// <summary>Takes questions off an entity's questionnaire; answers already given stay in the history.</summary>
    public async Task<AssignmentView> UnassignAsync(Viewer viewer, string engagement, string entityKey, IReadOnlyList<string> questions, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageQuestionnaires);
        var entity = await EntityAsync(context.Id, entityKey, cancellationToken);
        var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.EntityId == entity.Id, cancellationToken)
            ?? throw new NotFoundException("Assignment.NotFound", entity.Acronym);
        assignment.Questions = [.. assignment.Questions.Where(q => !questions.Contains(q, StringComparer.Ordinal))];
        await db.SaveChangesAsync(cancellationToken);
        return (await ViewsAsync(context.Id, [assignment], cancellationToken))[0];
    }

    /// <summary>Questions of the catalog that usually concern the entity (by its catalog types or its sectors).</summary>
    public static bool IsRelevant(Question question, NationalEntity entity)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(entity);
        return question.EntityTypes.Any(entity.CatalogTypes.Contains) || question.Sectors.Any(entity.Sectors.Contains);
    }

    /// <summary>An entity's questionnaire with every answer; a respondent may open only their own entity's.</summary>
    public async Task<QuestionnaireView> GetAsync(Viewer viewer, string engagement, string entityKey, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var entity = await ReadableEntityAsync(context, entityKey, cancellationToken);
        var assignment = await db.Assignments.AsNoTracking().SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.EntityId == entity.Id, cancellationToken)
            ?? throw new NotFoundException("Assignment.NotFound", entity.Acronym);
        var catalog = await CatalogOfAsync(context, cancellationToken);
        var answers = await AnswerViewsAsync(context.Id, entity.Id, cancellationToken);
        var byId = catalog.Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        var items = assignment.Questions.Where(byId.ContainsKey)
            .Select(id => new QuestionnaireItem(byId[id], answers.GetValueOrDefault(id) ?? AnswerView.Empty(id)))
            .ToList();
        return new QuestionnaireView((await ViewsAsync(context.Id, [assignment], cancellationToken))[0], catalog.Key, items);
    }

    /// <summary>Saves one answer. Unchanged values change nothing; an answer changed by someone else since it was read is refused.</summary>
    public async Task<AnswerSaved> SaveAnswerAsync(Viewer viewer, string engagement, string entityKey, string questionId, AnswerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var entity = await WritableEntityAsync(context, entityKey, cancellationToken);
        var assignment = await OpenAssignmentAsync(context, entity, questionId, cancellationToken);
        Validate(input, questionId);
        var (channel, source) = await ChannelAsync(context.Id, input.FromFinding, cancellationToken);
        var answer = await db.Answers.SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.EntityId == entity.Id && a.QuestionId == questionId, cancellationToken);
        if (answer is not null && Same(answer, input))
        {
            return new AnswerSaved(await AnswerViewAsync(answer, cancellationToken), false);
        }

        if ((answer is not null && answer.ConcurrencyStamp != input.ExpectedStamp) || (answer is null && input.ExpectedStamp is not null && input.ExpectedStamp != Guid.Empty))
        {
            throw new AnswerConflictException(entity.Acronym, questionId, answer is null ? AnswerView.Empty(questionId) : await AnswerViewAsync(answer, cancellationToken), input);
        }

        var isNew = answer is null;
        answer = Apply(answer, context.Id, entity.Id, questionId, input, viewer.UserId, channel, source);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // Another save of the same answer won the race (stamp changed, or the first answer was inserted twice).
            db.ChangeTracker.Clear();
            var current = await db.Answers.AsNoTracking().SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.EntityId == entity.Id && a.QuestionId == questionId, cancellationToken);
            if (current is null)
            {
                throw new InvalidOperationException("An answer save failed and no answer is stored.", e);
            }

            throw new AnswerConflictException(entity.Acronym, questionId, await AnswerViewAsync(current, cancellationToken), input);
        }

        if (assignment.State == AssignmentState.NotStarted)
        {
            await MarkStartedAsync(assignment.Id, cancellationToken);
        }

        return new AnswerSaved(await AnswerViewAsync(answer, cancellationToken, withFiles: !isNew), true);
    }

    /// <summary>The rules every answer follows, whatever its channel; a null return means it is valid.</summary>
    public static (string Code, object[] Arguments)? Check(int? level, bool notApplicable, string? notApplicableReason, string? comment, string questionId)
    {
        if (level is < 0 or > 4)
        {
            return ("Answer.LevelRange", [questionId, level.Value]);
        }

        if (notApplicable && level is not null)
        {
            return ("Answer.LevelAndNa", [questionId]);
        }

        if (notApplicable && string.IsNullOrWhiteSpace(notApplicableReason))
        {
            return ("Answer.NaReason", [questionId]);
        }

        if (level == 0 && string.IsNullOrWhiteSpace(comment))
        {
            return ("Answer.ZeroComment", [questionId]);
        }

        return null;
    }

    private static void Validate(AnswerInput input, string questionId)
    {
        if (Check(input.Level, input.NotApplicable, input.NotApplicableReason, input.Comment, questionId) is { } problem)
        {
            throw new DomainRuleException(problem.Code, problem.Arguments);
        }

        if ((input.Comment?.Length ?? 0) > 4000 || (input.NotApplicableReason?.Length ?? 0) > 2000 || (input.EvidenceReference?.Length ?? 0) > 1000)
        {
            throw new DomainRuleException("Answer.TooLong", questionId);
        }
    }

    internal static bool Same(Answer answer, AnswerInput input) =>
        answer.Level == input.Level && answer.NotApplicable == input.NotApplicable
        && Norm(answer.NotApplicableReason) == Norm(input.NotApplicable ? input.NotApplicableReason : null)
        && Norm(answer.Comment) == Norm(input.Comment) && Norm(answer.EvidenceReference) == Norm(input.EvidenceReference);

    internal static string? Norm(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ReplaceLineEndings("\n");

    /// <summary>Creates or changes an answer and adds its revision; the caller saves.</summary>
    internal Answer Apply(Answer? answer, Guid engagementId, Guid entityId, string questionId, AnswerInput input, Guid by, AnswerChannel channel, string? source)
    {
        var now = time.GetUtcNow();
        if (answer is null)
        {
            answer = new Answer { EngagementId = engagementId, EntityId = entityId, QuestionId = questionId, Revision = 0 };
            db.Answers.Add(answer);
        }

        answer.Level = input.NotApplicable ? null : input.Level;
        answer.NotApplicable = input.NotApplicable;
        answer.NotApplicableReason = input.NotApplicable ? Norm(input.NotApplicableReason) : null;
        answer.Comment = Norm(input.Comment);
        answer.EvidenceReference = Norm(input.EvidenceReference);
        answer.Revision++;
        answer.UpdatedAt = now;
        answer.UpdatedBy = by;
        answer.Channel = channel;
        answer.Source = source;
        db.AnswerRevisions.Add(new AnswerRevision
        {
            AnswerId = answer.Id, Revision = answer.Revision, At = now, By = by, Channel = channel, Source = source, Level = answer.Level,
            NotApplicable = answer.NotApplicable, NotApplicableReason = answer.NotApplicableReason, Comment = answer.Comment, EvidenceReference = answer.EvidenceReference,
        });
        return answer;
    }

    /// <summary>The first answer moves a questionnaire from not started to in progress (without touching its stamp).</summary>
    internal Task MarkStartedAsync(Guid assignmentId, CancellationToken cancellationToken) =>
        db.Assignments.Where(a => a.Id == assignmentId && a.State == AssignmentState.NotStarted)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AssignmentState.InProgress), cancellationToken);

    private async Task<(AnswerChannel Channel, string? Source)> ChannelAsync(Guid engagementId, string? finding, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(finding))
        {
            return (AnswerChannel.Web, null);
        }

        var reference = finding.Trim().ToUpperInvariant();
        var number = reference.StartsWith("F-", StringComparison.Ordinal) && int.TryParse(reference[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        if (!await db.Findings.AnyAsync(f => f.EngagementId == engagementId && f.Number == number, cancellationToken))
        {
            throw new DomainRuleException("Answer.UnknownFinding", finding);
        }

        return (AnswerChannel.Finding, $"F-{number:000}");
    }

    /// <summary>The revisions of one answer, oldest first, with who made each.</summary>
    public async Task<IReadOnlyList<(AnswerRevision Revision, string By)>> HistoryAsync(Viewer viewer, string engagement, string entityKey, string questionId, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var entity = await ReadableEntityAsync(context, entityKey, cancellationToken);
        var answerId = await db.Answers.Where(a => a.EngagementId == context.Id && a.EntityId == entity.Id && a.QuestionId == questionId).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(cancellationToken);
        if (answerId is null)
        {
            return [];
        }

        var revisions = await db.AnswerRevisions.AsNoTracking().Where(r => r.AnswerId == answerId).ToListAsync(cancellationToken);
        var names = await NamesAsync(revisions.Select(r => r.By), cancellationToken);
        return [.. revisions.OrderBy(r => r.Revision).Select(r => (r, names.GetValueOrDefault(r.By, "?")))];
    }

    /// <summary>Sends the answers to the coordinator: every assigned question needs a level or N/A.</summary>
    public async Task<AssignmentView> SubmitAsync(Viewer viewer, string engagement, string entityKey, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var entity = await WritableEntityAsync(context, entityKey, cancellationToken);
        var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.EntityId == entity.Id, cancellationToken)
            ?? throw new NotFoundException("Assignment.NotFound", entity.Acronym);
        if (!assignment.IsOpen)
        {
            throw new DomainRuleException("Assignment.NotOpen", entity.Acronym, assignment.State.ToString());
        }

        var answered = await db.Answers.Where(a => a.EngagementId == context.Id && a.EntityId == entity.Id && (a.Level != null || a.NotApplicable))
            .Select(a => a.QuestionId).ToListAsync(cancellationToken);
        var missing = assignment.Questions.Except(answered, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new DomainRuleException("Assignment.Incomplete", entity.Acronym, missing.Count, string.Join(", ", missing.Take(5)));
        }

        assignment.State = AssignmentState.Submitted;
        assignment.SubmittedAt = time.GetUtcNow();
        assignment.SubmittedBy = viewer.UserId;
        await db.SaveChangesAsync(cancellationToken);
        return (await ViewsAsync(context.Id, [assignment], cancellationToken))[0];
    }

    /// <summary>The coordinator returns submitted (or accepted) answers with a comment, or accepts submitted ones.</summary>
    public async Task<AssignmentView> ReviewAsync(Viewer viewer, string engagement, string entityKey, bool accept, string? comment, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageQuestionnaires);
        var entity = await EntityAsync(context.Id, entityKey, cancellationToken);
        var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.EntityId == entity.Id, cancellationToken)
            ?? throw new NotFoundException("Assignment.NotFound", entity.Acronym);
        if (accept && assignment.State != AssignmentState.Submitted)
        {
            throw new DomainRuleException("Assignment.AcceptNotSubmitted", entity.Acronym);
        }

        if (!accept && assignment.State is not (AssignmentState.Submitted or AssignmentState.Accepted))
        {
            throw new DomainRuleException("Assignment.ReturnNotSubmitted", entity.Acronym);
        }

        if (!accept && string.IsNullOrWhiteSpace(comment))
        {
            throw new DomainRuleException("Assignment.ReturnComment", entity.Acronym);
        }

        assignment.State = accept ? AssignmentState.Accepted : AssignmentState.Returned;
        assignment.ReviewComment = Norm(comment);
        assignment.ReviewedAt = time.GetUtcNow();
        assignment.ReviewedBy = viewer.UserId;
        await db.SaveChangesAsync(cancellationToken);
        return (await ViewsAsync(context.Id, [assignment], cancellationToken))[0];
    }

    /// <summary>Stores an uploaded evidence file for an answer (type and size checked, SHA-256 kept).</summary>
    public async Task<EvidenceView> AddEvidenceAsync(
        Viewer viewer, string engagement, string entityKey, string questionId, Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var entity = await WritableEntityAsync(context, entityKey, cancellationToken);
        await OpenAssignmentAsync(context, entity, questionId, cancellationToken);
        var (name, contentType, bytes) = await ReadEvidenceAsync(content, fileName, cancellationToken);

        var answer = await db.Answers.SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.EntityId == entity.Id && a.QuestionId == questionId, cancellationToken)
            ?? Apply(null, context.Id, entity.Id, questionId, new AnswerInput(null, false, null, null, null, null), viewer.UserId, AnswerChannel.Web, null);
        var file = new EvidenceFile
        {
            EngagementId = context.Id, AnswerId = answer.Id, FileName = name, ContentType = contentType, Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Content = bytes, UploadedAt = time.GetUtcNow(), UploadedBy = viewer.UserId,
        };
        db.EvidenceFiles.Add(file);
        await db.SaveChangesAsync(cancellationToken);
        return new EvidenceView(file.Id, file.FileName, file.ContentType, file.Size, file.Sha256, file.UploadedAt);
    }

    /// <summary>
    /// Reads an uploaded evidence file and checks it: an accepted type by extension and by its leading bytes, not
    /// empty, at most <see cref="MaxEvidenceBytes"/>. Returns the cleaned file name, the content type and the bytes.
    /// </summary>
    public static async Task<(string Name, string ContentType, byte[] Bytes)> ReadEvidenceAsync(Stream content, string? fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = Path.GetFileName(fileName ?? "").Trim();
        var extension = Path.GetExtension(name);
        if (name.Length == 0 || !EvidenceTypes.TryGetValue(extension, out var type))
        {
            throw new DomainRuleException("Evidence.Type", name, string.Join(", ", EvidenceTypes.Keys));
        }

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0 || buffer.Length > MaxEvidenceBytes)
        {
            throw new DomainRuleException("Evidence.Size", name, MaxEvidenceBytes / (1024 * 1024));
        }

        var bytes = buffer.ToArray();
        if (!bytes.AsSpan().StartsWith(type.Magic))
        {
            throw new DomainRuleException("Evidence.Content", name, extension);
        }

        return (name.Length > 255 ? name[^255..] : name, type.ContentType, bytes);
    }

    /// <summary>An evidence file, for someone who may read its entity's answers.</summary>
    public async Task<EvidenceFile> EvidenceAsync(Viewer viewer, string engagement, Guid fileId, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var found = await db.EvidenceFiles.AsNoTracking().Where(f => f.Id == fileId && f.EngagementId == context.Id)
            .Join(db.Answers, f => f.AnswerId, a => a.Id, (f, a) => new { File = f, a.EntityId })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Evidence.NotFound", fileId);
        if (!CanRead(context, found.EntityId))
        {
            throw new NotFoundException("Evidence.NotFound", fileId);
        }

        return found.File;
    }

    internal static bool CanRead(EngagementContext context, Guid entityId) =>
        context.Allows(EngagementAction.ReadAnswers) || (context.Allows(EngagementAction.AnswerOwnEntity) && context.MemberEntityId == entityId);

    internal static bool CanWrite(EngagementContext context, Guid entityId) =>
        context.Allows(EngagementAction.ManageQuestionnaires) || (context.Allows(EngagementAction.AnswerOwnEntity) && context.MemberEntityId == entityId);

    /// <summary>The entity, if the viewer may read its answers; otherwise it does not exist for them (404).</summary>
    internal async Task<NationalEntity> ReadableEntityAsync(EngagementContext context, string entityKey, CancellationToken cancellationToken)
    {
        var entity = await EntityAsync(context.Id, entityKey, cancellationToken);
        return CanRead(context, entity.Id) ? entity : throw new NotFoundException("Entity.NotFound", entityKey);
    }

    internal async Task<NationalEntity> WritableEntityAsync(EngagementContext context, string entityKey, CancellationToken cancellationToken)
    {
        var entity = await ReadableEntityAsync(context, entityKey, cancellationToken);
        return CanWrite(context, entity.Id) ? entity : throw new ForbiddenException("Answer.Forbidden", entity.Acronym);
    }

    internal async Task<Assignment> OpenAssignmentAsync(EngagementContext context, NationalEntity entity, string questionId, CancellationToken cancellationToken)
    {
        var assignment = await db.Assignments.AsNoTracking().SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.EntityId == entity.Id, cancellationToken)
            ?? throw new NotFoundException("Assignment.NotFound", entity.Acronym);
        if (!assignment.Questions.Contains(questionId, StringComparer.Ordinal))
        {
            throw new DomainRuleException("Answer.NotAssigned", questionId, entity.Acronym);
        }

        return assignment.IsOpen ? assignment : throw new DomainRuleException("Answer.Locked", entity.Acronym, assignment.State.ToString());
    }

    /// <summary>An entity of the engagement by acronym or id.</summary>
    internal async Task<NationalEntity> EntityAsync(Guid engagementId, string entityKey, CancellationToken cancellationToken)
    {
        var key = (entityKey ?? "").Trim();
        var query = db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == engagementId);
        var entity = Guid.TryParse(key, out var id)
            ? await query.SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            : (await query.Where(e => e.Acronym == key).OrderBy(e => e.IsDeactivated).FirstOrDefaultAsync(cancellationToken))
                ?? (await query.ToListAsync(cancellationToken)).Where(e => string.Equals(e.Acronym, key, StringComparison.OrdinalIgnoreCase)).OrderBy(e => e.IsDeactivated).FirstOrDefault();
        return entity ?? throw new NotFoundException("Entity.NotFound", key);
    }

    internal async Task<CatalogDefinition> CatalogOfAsync(EngagementContext context, CancellationToken cancellationToken)
    {
        var key = await catalogs.PinnedKeyAsync(context.Id, cancellationToken) ?? throw new DomainRuleException("Questionnaire.NoCatalog", context.Code);
        return await catalogs.GetAsync(key, cancellationToken);
    }

    internal async Task<Dictionary<string, AnswerView>> AnswerViewsAsync(Guid engagementId, Guid? entityId, CancellationToken cancellationToken)
    {
        var query = db.Answers.AsNoTracking().Where(a => a.EngagementId == engagementId);
        if (entityId is { } e)
        {
            query = query.Where(a => a.EntityId == e);
        }

        var answers = await query.ToListAsync(cancellationToken);
        var ids = answers.Select(a => a.Id).ToList();
        var files = await db.EvidenceFiles.AsNoTracking().Where(f => f.EngagementId == engagementId)
            .Select(f => new { f.AnswerId, View = new EvidenceView(f.Id, f.FileName, f.ContentType, f.Size, f.Sha256, f.UploadedAt) })
            .ToListAsync(cancellationToken);
        var byAnswer = files.Where(f => ids.Contains(f.AnswerId)).GroupBy(f => f.AnswerId).ToDictionary(g => g.Key, g => g.Select(f => f.View).OrderBy(f => f.UploadedAt).ToList());
        var names = await NamesAsync(answers.Select(a => a.UpdatedBy), cancellationToken);
        return answers.ToDictionary(a => entityId is null ? $"{a.EntityId:N}/{a.QuestionId}" : a.QuestionId, a => View(a, names, byAnswer.GetValueOrDefault(a.Id) ?? []), StringComparer.Ordinal);
    }

    private async Task<AnswerView> AnswerViewAsync(Answer answer, CancellationToken cancellationToken, bool withFiles = true)
    {
        // An answer created by this very save has no evidence file yet: no need to ask.
        var files = !withFiles ? [] : await db.EvidenceFiles.AsNoTracking().Where(f => f.AnswerId == answer.Id)
            .Select(f => new EvidenceView(f.Id, f.FileName, f.ContentType, f.Size, f.Sha256, f.UploadedAt)).ToListAsync(cancellationToken);
        return View(answer, await NamesAsync([answer.UpdatedBy], cancellationToken), files);
    }

    private static AnswerView View(Answer a, IReadOnlyDictionary<Guid, string> names, IReadOnlyList<EvidenceView> files) =>
        new(a.QuestionId, a.Level, a.NotApplicable, a.NotApplicableReason, a.Comment, a.EvidenceReference, a.Revision, a.UpdatedAt,
            names.GetValueOrDefault(a.UpdatedBy), a.Channel, a.Source, a.ConcurrencyStamp, files);

    internal Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> users, CancellationToken cancellationToken) => db.DisplayNamesAsync(users, cancellationToken);

    internal async Task<IReadOnlyList<AssignmentView>> ViewsAsync(Guid engagementId, IReadOnlyList<Assignment> assignments, CancellationToken cancellationToken)
    {
        var entityIds = assignments.Select(a => a.EntityId).ToList();
        var entities = await db.NationalEntities.AsNoTracking().Where(e => entityIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        var answered = await db.Answers.AsNoTracking().Where(a => a.EngagementId == engagementId && entityIds.Contains(a.EntityId) && (a.Level != null || a.NotApplicable))
            .Select(a => new { a.EntityId, a.QuestionId }).ToListAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return
        [
            .. assignments.Select(a =>
            {
                var e = entities[a.EntityId];
                var done = answered.Count(x => x.EntityId == a.EntityId && a.Questions.Contains(x.QuestionId));
                var overdue = a.DueOn is { } due && due < today && a.State is not (AssignmentState.Submitted or AssignmentState.Accepted);
                return new AssignmentView(a.Id, a.EntityId, e.Acronym, e.NameEn, e.NameFr, a.State, a.DueOn, a.Questions.Count, done, overdue, a.ReviewComment, a.SubmittedAt, a.ConcurrencyStamp);
            }).OrderBy(v => v.Entity, StringComparer.Ordinal),
        ];
    }
}
