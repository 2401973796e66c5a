using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Engagements;

namespace Rempart.Core.Questionnaires;

/// <summary>What the import would do to one answer.</summary>
public enum RowOutcome
{
    /// <summary>The row is blank, untouched since the export, or equal to the current answer.</summary>
    Unchanged,

    /// <summary>No answer existed; the workbook gives one.</summary>
    New,

    /// <summary>The workbook changes an answer nobody changed since the export.</summary>
    Changed,

    /// <summary>The answer was changed on the web after the export, and the workbook says something else.</summary>
    Conflict,
}

/// <summary>How to treat conflicts when committing.</summary>
public enum ConflictResolution
{
    /// <summary>Refuse the whole import while any conflict remains (the default).</summary>
    Refuse,

    /// <summary>Keep the answers given on the web; import the other rows.</summary>
    KeepWeb,

    /// <summary>The workbook's answers replace the web's (the web's stay in the history).</summary>
    TakeWorkbook,
}

/// <summary>One row of the preview: the answer now and what the workbook gives.</summary>
public sealed record ImportRowPreview(int Row, string QuestionId, RowOutcome Outcome, AnswerView Current, AnswerInput? Workbook);

/// <summary>What an import found and (when committed) did.</summary>
public sealed record WorkbookImportReport(
    string FileName, string FileSha256, string? Entity, DateTimeOffset? ExportedAt, bool Superseded, IReadOnlyList<WorkbookProblem> Problems,
    IReadOnlyList<ImportRowPreview> Rows, bool Committed, int Applied)
{
    public bool IsValid => Problems.Count == 0;

    public int Count(RowOutcome outcome) => Rows.Count(r => r.Outcome == outcome);
}

/// <summary>Exports an entity's offline workbook and imports it back: validated whole, previewed, committed all or nothing.</summary>
public sealed class WorkbookService(AppDbContext db, EngagementAccess access, QuestionnaireService questionnaires, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The largest workbook accepted for import.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Writes the entity's workbook in the language asked for (the respondent's) and records the export.</summary>
    public async Task<(byte[] Content, string FileName)> ExportAsync(Viewer viewer, string engagement, string entityKey, string language, CancellationToken cancellationToken = default)
    {
        var lang = language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";
        var view = await questionnaires.GetAsync(viewer, engagement, entityKey, cancellationToken);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var catalog = await questionnaires.CatalogOfAsync(context, cancellationToken);
        var export = new WorkbookExport
        {
            EngagementId = context.Id, EntityId = view.Assignment.EntityId, CatalogKey = catalog.Key, Language = lang, ExportedBy = viewer.UserId,
            // Whole seconds: the instant round-trips exactly through the file's text.
            ExportedAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds()),
        };
        var rows = view.Items.Select(i => (i.Question.Id, i.Answer.Revision)).ToList();
        var control = new WorkbookControl(export.Id, context.Id, context.Code, view.Assignment.EntityId, view.Assignment.Entity, catalog.Key, lang, export.ExportedAt, rows);
        export.Rows = JsonSerializer.Serialize(rows.Select(r => new[] { r.Id, r.Revision.ToString(CultureInfo.InvariantCulture) }), Json);
        export.Checksum = control.Checksum();
        db.WorkbookExports.Add(export);
        await db.SaveChangesAsync(cancellationToken);
        var culture = Rempart.Core.Access.Cultures.For(lang);
        var instructions = CoreMessages.Format("Workbook.Instructions", culture, context.Code, view.Assignment.EntityNameIn(lang), view.Assignment.DueOn?.ToString("d", culture) ?? "—",
            AnswerWorkbook.NotApplicableToken(lang));
        var bytes = AnswerWorkbook.Write(control, catalog, [.. view.Items.Select(i => (i.Question, i.Answer))], instructions);
        return (bytes, $"{context.Code}-{view.Assignment.Entity}-{lang}.xlsx");
    }

    /// <summary>
    /// Validates a filled workbook and shows what it would change; with <paramref name="commit"/>, applies it all or
    /// nothing. <paramref name="expectedEntity"/>, when given, is the entity the file must be for. Each conflict is
    /// settled by its own choice in <paramref name="choices"/> (question id to resolution), else by
    /// <paramref name="resolution"/>; one left to refuse refuses the whole import.
    /// </summary>
    public async Task<WorkbookImportReport> ImportAsync(
        Viewer viewer, string engagement, Stream file, string fileName, bool commit, ConflictResolution resolution = ConflictResolution.Refuse,
        string? expectedEntity = null, IReadOnlyDictionary<string, ConflictResolution>? choices = null, CancellationToken cancellationToken = default)
    {
        ConflictResolution For(string question) => choices is not null && choices.TryGetValue(question, out var chosen) ? chosen : resolution;
        ArgumentNullException.ThrowIfNull(file);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxBytes)
        {
            throw new DomainRuleException("Import.TooLarge", fileName, MaxBytes / (1024 * 1024));
        }

        var bytes = buffer.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        WorkbookImportReport Refused(IReadOnlyList<WorkbookProblem> problems, string? entity = null, DateTimeOffset? at = null) =>
            new(fileName, sha, entity, at, false, problems, [], false, 0);

        var content = AnswerWorkbook.Read(bytes, fileName);
        if (content.Control is not { } control)
        {
            return Refused(content.Problems);
        }

        // Whose file is it, and is it one we handed out, unchanged?
        if (control.EngagementId != context.Id)
        {
            return Refused([new WorkbookProblem($"{AnswerWorkbook.ControlSheet}!B4", "Workbook.WrongEngagement", [fileName, control.EngagementCode, context.Code])]);
        }

        var export = await db.WorkbookExports.AsNoTracking().SingleOrDefaultAsync(x => x.Id == control.ExportId && x.EngagementId == context.Id, cancellationToken);
        var checksum = control.Checksum();
        if (export is null || export.Checksum != checksum || content.StoredChecksum != checksum || export.EntityId != control.EntityId)
        {
            return Refused([new WorkbookProblem($"{AnswerWorkbook.ControlSheet}!B10", "Workbook.Tampered", [fileName])]);
        }

        if (content.Problems.Count > 0)
        {
            return Refused(content.Problems, control.Entity, control.ExportedAt);
        }

        var entity = await questionnaires.WritableEntityAsync(context, control.EntityId.ToString(), cancellationToken);
        if (expectedEntity is not null && !string.Equals(expectedEntity, entity.Acronym, StringComparison.OrdinalIgnoreCase) && expectedEntity != entity.Id.ToString())
        {
            return Refused([new WorkbookProblem($"{AnswerWorkbook.ControlSheet}!B6", "Workbook.WrongEntity", [fileName, entity.Acronym, expectedEntity])], entity.Acronym, control.ExportedAt);
        }

        var pinned = await questionnaires.CatalogOfAsync(context, cancellationToken);
        if (pinned.Key != control.CatalogKey)
        {
            return Refused([new WorkbookProblem($"{AnswerWorkbook.ControlSheet}!B7", "Workbook.OldCatalog", [fileName, control.CatalogKey, pinned.Key])], entity.Acronym, control.ExportedAt);
        }

        var assignment = await db.Assignments.AsNoTracking().SingleOrDefaultAsync(a => a.EngagementId == context.Id && a.EntityId == entity.Id, cancellationToken)
            ?? throw new NotFoundException("Assignment.NotFound", entity.Acronym);
        if (!assignment.IsOpen)
        {
            return Refused([new WorkbookProblem("-", "Answer.Locked", [entity.Acronym, assignment.State.ToString()])], entity.Acronym, control.ExportedAt);
        }

        var superseded = await db.WorkbookExports.AnyAsync(x => x.EngagementId == context.Id && x.EntityId == entity.Id && x.ExportedAt > export.ExportedAt, cancellationToken);
        var problems = new List<WorkbookProblem>();
        var inputs = new List<(WorkbookRow Row, AnswerInput? Input)>();
        foreach (var row in content.Rows)
        {
            if (!assignment.Questions.Contains(row.QuestionId, StringComparer.Ordinal))
            {
                problems.Add(new WorkbookProblem($"{AnswerWorkbook.DataSheet}!A{row.Row}", "Answer.NotAssigned", [row.QuestionId, entity.Acronym]));
                continue;
            }

            inputs.Add((row, ParseRow(row, problems)));
        }

        if (problems.Count > 0)
        {
            return Refused(problems, entity.Acronym, control.ExportedAt);
        }

        // Compare each row with the answer now and with the answer as it was exported.
        var baseRevisions = control.Rows.ToDictionary(r => r.QuestionId, r => r.BaseRevision, StringComparer.Ordinal);
        var answers = await db.Answers.Where(a => a.EngagementId == context.Id && a.EntityId == entity.Id).ToDictionaryAsync(a => a.QuestionId, StringComparer.Ordinal, cancellationToken);
        var answerIds = answers.Values.Select(a => a.Id).ToList();
        var revisions = await db.AnswerRevisions.AsNoTracking().Where(r => answerIds.Contains(r.AnswerId)).ToListAsync(cancellationToken);
        var views = await questionnaires.AnswerViewsAsync(context.Id, entity.Id, cancellationToken);
        var preview = new List<ImportRowPreview>();
        foreach (var (row, input) in inputs)
        {
            var current = answers.GetValueOrDefault(row.QuestionId);
            var currentView = views.GetValueOrDefault(row.QuestionId) ?? AnswerView.Empty(row.QuestionId);
            var baseRevision = baseRevisions.GetValueOrDefault(row.QuestionId);
            var exported = current is null ? null : revisions.FirstOrDefault(r => r.AnswerId == current.Id && r.Revision == baseRevision);
            RowOutcome outcome;
            if (input is null || (current is not null && QuestionnaireService.Same(current, input)) || (exported is not null && SameAs(exported, input)))
            {
                outcome = RowOutcome.Unchanged;
            }
            else if (current is null)
            {
                outcome = RowOutcome.New;
            }
            else if (current.Revision == baseRevision)
            {
                outcome = current.IsAnswered ? RowOutcome.Changed : RowOutcome.New;
            }
            else
            {
                outcome = RowOutcome.Conflict;
            }

            preview.Add(new ImportRowPreview(row.Row, row.QuestionId, outcome, currentView, input));
        }

        if (!commit)
        {
            return new WorkbookImportReport(fileName, sha, entity.Acronym, control.ExportedAt, superseded, [], preview, false, 0);
        }

        var conflicts = preview.Where(p => p.Outcome == RowOutcome.Conflict && For(p.QuestionId) == ConflictResolution.Refuse).ToList();
        if (conflicts.Count > 0)
        {
            return new WorkbookImportReport(fileName, sha, entity.Acronym, control.ExportedAt, superseded,
                [.. conflicts.Select(c => new WorkbookProblem($"{AnswerWorkbook.DataSheet}!G{c.Row}", "Workbook.Conflict", [c.QuestionId, c.Current.UpdatedBy ?? "?", c.Current.UpdatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? ""]))],
                preview, false, 0);
        }

        var apply = preview.Where(p => p.Outcome is RowOutcome.New or RowOutcome.Changed || (p.Outcome == RowOutcome.Conflict && For(p.QuestionId) == ConflictResolution.TakeWorkbook)).ToList();
        if (apply.Count == 0)
        {
            return new WorkbookImportReport(fileName, sha, entity.Acronym, control.ExportedAt, superseded, [], preview, true, 0);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var p in apply)
        {
            questionnaires.Apply(answers.GetValueOrDefault(p.QuestionId), context.Id, entity.Id, p.QuestionId, p.Workbook!, viewer.UserId, AnswerChannel.Workbook, sha);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // An answer changed while the file was being imported: nothing is applied; importing again shows why.
            throw new ConflictException("Workbook.ChangedDuringImport", fileName);
        }

        await questionnaires.MarkStartedAsync(assignment.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WorkbookImportReport(fileName, sha, entity.Acronym, control.ExportedAt, superseded, [], preview, true, apply.Count);
    }

    /// <summary>Keeps an uploaded workbook until its preview is confirmed (uploads older than a day are cleared).</summary>
    public async Task<Guid> StageAsync(Viewer viewer, string engagement, byte[] content, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        if (content.Length > MaxBytes)
        {
            throw new DomainRuleException("Import.TooLarge", fileName, MaxBytes / (1024 * 1024));
        }

        var now = time.GetUtcNow();
        await db.StagedUploads.Where(u => u.UploadedAt < now.AddDays(-1)).ExecuteDeleteAsync(cancellationToken);
        var staged = new StagedUpload { EngagementId = context.Id, UserId = viewer.UserId, FileName = Path.GetFileName(fileName), Content = content, UploadedAt = now };
        db.StagedUploads.Add(staged);
        await db.SaveChangesAsync(cancellationToken);
        return staged.Id;
    }

    /// <summary>A staged upload of the viewer's, or null (someone else's upload does not exist for them).</summary>
    public async Task<StagedUpload?> StagedAsync(Viewer viewer, string engagement, Guid id, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        return await db.StagedUploads.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id && u.EngagementId == context.Id && u.UserId == viewer.UserId, cancellationToken);
    }

    public async Task DiscardStagedAsync(Viewer viewer, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await db.StagedUploads.Where(u => u.Id == id && u.UserId == viewer.UserId).ExecuteDeleteAsync(cancellationToken);
    }

    private static bool SameAs(AnswerRevision revision, AnswerInput input) =>
        revision.Level == input.Level && revision.NotApplicable == input.NotApplicable
        && QuestionnaireService.Norm(revision.NotApplicableReason) == QuestionnaireService.Norm(input.NotApplicable ? input.NotApplicableReason : null)
        && QuestionnaireService.Norm(revision.Comment) == QuestionnaireService.Norm(input.Comment)
        && QuestionnaireService.Norm(revision.EvidenceReference) == QuestionnaireService.Norm(input.EvidenceReference);

    /// <summary>The answer a row gives (null for a blank row), or problems naming the cell.</summary>
    private static AnswerInput? ParseRow(WorkbookRow row, List<WorkbookProblem> problems)
    {
        if (row.IsBlank)
        {
            return null;
        }

        int? level = null;
        var notApplicable = false;
        if (AnswerWorkbook.NotApplicableTokens.Contains(row.Level))
        {
            notApplicable = true;
        }
        else if (row.Level.Length > 0)
        {
            if (double.TryParse(row.Level.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == Math.Floor(number) && number is >= 0 and <= 4)
            {
                level = (int)number;
            }
            else
            {
                problems.Add(new WorkbookProblem($"{AnswerWorkbook.DataSheet}!G{row.Row}", "Workbook.LevelInvalid", [row.Level, row.QuestionId]));
                return null;
            }
        }

        var before = problems.Count;
        if (QuestionnaireService.Check(level, notApplicable, row.NotApplicableReason, row.Comment, row.QuestionId) is { } problem)
        {
            var column = problem.Code == "Answer.NaReason" ? "H" : problem.Code == "Answer.ZeroComment" ? "I" : "G";
            problems.Add(new WorkbookProblem($"{AnswerWorkbook.DataSheet}!{column}{row.Row}", problem.Code, problem.Arguments));
        }

        if (row.Comment.Length > 4000 || row.NotApplicableReason.Length > 2000 || row.EvidenceReference.Length > 1000)
        {
            problems.Add(new WorkbookProblem($"{AnswerWorkbook.DataSheet}!I{row.Row}", "Answer.TooLong", [row.QuestionId]));
        }

        return problems.Count > before ? null
            : new AnswerInput(level, notApplicable, notApplicable ? row.NotApplicableReason : null, row.Comment, row.EvidenceReference, null);
    }
}
