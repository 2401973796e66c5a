using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rempart.Core.Access;
using Rempart.Core.Questionnaires;

namespace Rempart.Web.Questionnaires;

/// <summary>Returns or accepts an entity's submitted answers.</summary>
public sealed record ReviewRequest(bool Accept, string? Comment);

/// <summary>Takes questions off an entity's questionnaire.</summary>
public sealed record UnassignRequest([property: Required] IReadOnlyList<string> Questions);

/// <summary>Sets the consolidation rule.</summary>
public sealed record RuleRequest(ConsolidationRule Rule);

/// <summary>A workbook import's outcome, with every problem in the caller's language and the cell it is in.</summary>
public sealed record WorkbookImportResponse(
    string FileName, string FileSha256, string? Entity, DateTimeOffset? ExportedAt, bool Superseded, bool Valid, bool Committed, int Applied,
    IReadOnlyList<WorkbookProblemResponse> Problems, IReadOnlyList<ImportRowPreview> Rows);

public sealed record WorkbookProblemResponse(string Cell, string Code, string Message);

/// <summary>Questionnaires of one engagement: assignments, answers, evidence, workbooks and consolidation.</summary>
internal static class QuestionnaireEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapQuestionnaireEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/engagements/{engagement}").WithTags("Questionnaires");
        group.MapGet("/assignments", List).WithName("Questionnaires_Assignments_List");
        group.MapPost("/assignments", Assign).WithName("Questionnaires_Assign");
        group.MapGet("/assignments/{entity}", Get).WithName("Questionnaires_Get");
        group.MapPost("/assignments/{entity}/unassign", Unassign).WithName("Questionnaires_Unassign");
        group.MapPost("/assignments/{entity}/submit", Submit).WithName("Questionnaires_Submit");
        group.MapPost("/assignments/{entity}/review", Review).WithName("Questionnaires_Review");
        group.MapPut("/assignments/{entity}/answers/{question}", Save).WithName("Questionnaires_Answer_Save");
        group.MapGet("/assignments/{entity}/answers/{question}/history", History).WithName("Questionnaires_Answer_History");
        group.MapPost("/assignments/{entity}/answers/{question}/evidence", Upload).WithName("Questionnaires_Evidence_Upload").DisableAntiforgery();
        group.MapGet("/evidence/{id:guid}", Download).WithName("Questionnaires_Evidence_Download");
        group.MapGet("/assignments/{entity}/workbook", Export).WithName("Questionnaires_Workbook_Export");
        group.MapPost("/workbooks/import", Import).WithName("Questionnaires_Workbook_Import").DisableAntiforgery();
        group.MapGet("/consolidation", Consolidation).WithName("Consolidation_List");
        group.MapPut("/consolidation/rule", SetRule).WithName("Consolidation_Rule");
        group.MapGet("/consolidation/{question}", ConsolidationDetail).WithName("Consolidation_Get");
        group.MapPut("/consolidation/{question}", Decide).WithName("Consolidation_Decide");
        return group;
    }

    private static Viewer Me(HttpContext http) => Viewer.From(http.User)!;

    internal static async Task<Ok<IReadOnlyList<AssignmentView>>> List(string engagement, HttpContext http, QuestionnaireService service) =>
        TypedResults.Ok(await service.ListAsync(Me(http), engagement, http.RequestAborted));

    internal static async Task<Ok<AssignmentView>> Assign(string engagement, AssignmentRequest request, HttpContext http, QuestionnaireService service) =>
        TypedResults.Ok(await service.AssignAsync(Me(http), engagement, request, http.RequestAborted));

    internal static async Task<Ok<QuestionnaireView>> Get(string engagement, string entity, HttpContext http, QuestionnaireService service) =>
        TypedResults.Ok(await service.GetAsync(Me(http), engagement, entity, http.RequestAborted));

    internal static async Task<Ok<AssignmentView>> Unassign(string engagement, string entity, UnassignRequest request, HttpContext http, QuestionnaireService service) =>
        TypedResults.Ok(await service.UnassignAsync(Me(http), engagement, entity, request.Questions, http.RequestAborted));

    internal static async Task<Ok<AssignmentView>> Submit(string engagement, string entity, HttpContext http, QuestionnaireService service) =>
        TypedResults.Ok(await service.SubmitAsync(Me(http), engagement, entity, http.RequestAborted));

    internal static async Task<Ok<AssignmentView>> Review(string engagement, string entity, ReviewRequest request, HttpContext http, QuestionnaireService service) =>
        TypedResults.Ok(await service.ReviewAsync(Me(http), engagement, entity, request.Accept, request.Comment, http.RequestAborted));

    /// <remarks>Send the answer's <c>expectedStamp</c> as read (null for a first answer): 409 with both values when someone else changed it since.</remarks>
    internal static async Task<Ok<AnswerSaved>> Save(string engagement, string entity, string question, AnswerInput input, HttpContext http, QuestionnaireService service) =>
        TypedResults.Ok(await service.SaveAnswerAsync(Me(http), engagement, entity, question, input, http.RequestAborted));

    internal static async Task<Ok<IReadOnlyList<AnswerRevisionResponse>>> History(string engagement, string entity, string question, HttpContext http, QuestionnaireService service) =>
        TypedResults.Ok<IReadOnlyList<AnswerRevisionResponse>>([.. (await service.HistoryAsync(Me(http), engagement, entity, question, http.RequestAborted))
            .Select(x => new AnswerRevisionResponse(x.Revision.Revision, x.Revision.At, x.By, x.Revision.Channel, x.Revision.Source, x.Revision.Level, x.Revision.NotApplicable,
                x.Revision.NotApplicableReason, x.Revision.Comment, x.Revision.EvidenceReference))]);

    internal static async Task<Results<Ok<EvidenceView>, BadRequest>> Upload(
        string engagement, string entity, string question, IFormFile? file, HttpContext http, QuestionnaireService service, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        if (!await Hosting.UploadGuard.IsAllowedAsync(http, antiforgery) || file is null)
        {
            return TypedResults.BadRequest();
        }

        await using var stream = file.OpenReadStream();
        return TypedResults.Ok(await service.AddEvidenceAsync(Me(http), engagement, entity, question, stream, file.FileName, http.RequestAborted));
    }

    internal static async Task<FileContentHttpResult> Download(string engagement, Guid id, HttpContext http, QuestionnaireService service)
    {
        var file = await service.EvidenceAsync(Me(http), engagement, id, http.RequestAborted);
        http.Response.Headers["X-Content-SHA256"] = file.Sha256;
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    internal static async Task<FileContentHttpResult> Export(string engagement, string entity, string? language, HttpContext http, WorkbookService workbooks)
    {
        var (bytes, name) = await workbooks.ExportAsync(Me(http), engagement, entity, language ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, http.RequestAborted);
        return TypedResults.File(bytes, Xlsx, name);
    }

    /// <remarks>
    /// Multipart: <c>file</c>, <c>commit</c> (false: preview only), <c>conflicts</c> (Refuse, KeepWeb, TakeWorkbook),
    /// <c>entity</c> (optional: the entity the file must be for). 200 with the preview or the outcome; 422 when refused.
    /// </remarks>
    internal static async Task<Results<Ok<WorkbookImportResponse>, UnprocessableEntity<WorkbookImportResponse>, BadRequest>> Import(
        string engagement, IFormFile? file, [FromForm] bool? commit, [FromForm] ConflictResolution? conflicts, [FromForm] string? entity,
        HttpContext http, WorkbookService workbooks, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        if (!await Hosting.UploadGuard.IsAllowedAsync(http, antiforgery) || file is null || file.Length == 0)
        {
            return TypedResults.BadRequest();
        }

        await using var stream = file.OpenReadStream();
        var report = await workbooks.ImportAsync(Me(http), engagement, stream, file.FileName, commit == true, conflicts ?? ConflictResolution.Refuse, entity, cancellationToken: http.RequestAborted);
        var response = ToResponse(report, CultureInfo.CurrentUICulture);
        return report.IsValid ? TypedResults.Ok(response) : TypedResults.UnprocessableEntity(response);
    }

    internal static WorkbookImportResponse ToResponse(WorkbookImportReport report, CultureInfo culture) =>
        new(report.FileName, report.FileSha256, report.Entity, report.ExportedAt, report.Superseded, report.IsValid, report.Committed, report.Applied,
            [.. report.Problems.Select(p => new WorkbookProblemResponse(p.Cell, p.Code, p.MessageIn(culture)))], report.Rows);

    internal static async Task<Ok<ConsolidationResponse>> Consolidation(string engagement, HttpContext http, ConsolidationService service)
    {
        var (rule, rows) = await service.ListAsync(Me(http), engagement, http.RequestAborted);
        return TypedResults.Ok(new ConsolidationResponse(rule, [.. rows.Select(r => new ConsolidationRowResponse(r.Question.Id, r.Question.Framework, r.Question.Theme,
            r.Assigned, r.Answered, r.Suggestion, r.Decision, r.AnswersChangedSince))]));
    }

    internal static async Task<NoContent> SetRule(string engagement, RuleRequest request, HttpContext http, ConsolidationService service)
    {
        await service.SetRuleAsync(Me(http), engagement, request.Rule, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<ConsolidationDetail>> ConsolidationDetail(string engagement, string question, HttpContext http, ConsolidationService service) =>
        TypedResults.Ok(await service.GetAsync(Me(http), engagement, question, http.RequestAborted));

    internal static async Task<Ok<ConsolidatedView>> Decide(string engagement, string question, ConsolidationInput input, HttpContext http, ConsolidationService service) =>
        TypedResults.Ok(await service.DecideAsync(Me(http), engagement, question, input, http.RequestAborted));
}

public sealed record AnswerRevisionResponse(
    int Revision, DateTimeOffset At, string By, AnswerChannel Channel, string? Source, int? Level, bool NotApplicable, string? NotApplicableReason, string? Comment, string? EvidenceReference);

public sealed record ConsolidationResponse(ConsolidationRule Rule, IReadOnlyList<ConsolidationRowResponse> Questions);

public sealed record ConsolidationRowResponse(
    string Question, string Framework, string Theme, int Assigned, int Answered, Suggestion Suggestion, ConsolidatedView? Decision, bool AnswersChangedSince);
