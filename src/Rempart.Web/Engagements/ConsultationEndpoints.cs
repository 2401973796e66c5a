using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rempart.Core.Access;
using Rempart.Core.Engagements;

namespace Rempart.Web.Engagements;

/// <summary>Records attendance at a session by participant ids.</summary>
public sealed record AttendanceRequest([property: Required] IReadOnlyList<Guid> Participants);

/// <summary>An attendance import's outcome, with every refused row in the caller's language.</summary>
public sealed record AttendanceImportResponse(string FileName, int Rows, bool Imported, int NewParticipants, int Recorded, int AlreadyRecorded, IReadOnlyList<ImportRowResponse> Errors);

public sealed record ImportRowResponse(int Row, string? Field, string Code, string Message);

/// <summary>Merges findings.</summary>
public sealed record MergeFindingsRequest([property: Required] IReadOnlyList<Guid> Findings, string? TextEn, string? TextFr);

/// <summary>Splits a finding into parts.</summary>
public sealed record SplitFindingRequest([property: Required] IReadOnlyList<SplitPart> Parts);

public sealed record SplitPart(string? TextEn, string? TextFr);

/// <summary>Edits a finding that the caller read at <see cref="ConcurrencyStamp"/>.</summary>
public sealed record EditFindingRequest([property: Required] FindingInput Finding, Guid ConcurrencyStamp);

/// <summary>Consultation events, sessions, attendance (entered or imported) and findings of one engagement.</summary>
internal static class ConsultationEndpoints
{
    public static RouteGroupBuilder MapConsultationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/engagements/{engagement}").WithTags("Consultations");
        group.MapGet("/events", ListEvents).WithName("Consultations_Events_List");
        group.MapPost("/events", CreateEvent).WithName("Consultations_Events_Create");
        group.MapPost("/events/{eventCode}/sessions", AddSession).WithName("Consultations_Sessions_Add");
        group.MapPost("/sessions/{sessionCode}/attendance", RecordAttendance).WithName("Consultations_Attendance_Record");
        group.MapPost("/attendance/import", ImportAttendance).WithName("Consultations_Attendance_Import").DisableAntiforgery();
        group.MapGet("/findings", ListFindings).WithName("Findings_List");
        group.MapPost("/findings", CaptureFinding).WithName("Findings_Capture");
        group.MapPut("/findings/{id:guid}", EditFinding).WithName("Findings_Edit");
        group.MapGet("/findings/{id:guid}/history", FindingHistory).WithName("Findings_History");
        group.MapPost("/findings/merge", MergeFindings).WithName("Findings_Merge");
        group.MapPost("/findings/{id:guid}/split", SplitFinding).WithName("Findings_Split");
        return group;
    }

    private static Viewer Me(HttpContext http) => Viewer.From(http.User)!;

    internal static async Task<Ok<IReadOnlyList<EventView>>> ListEvents(string engagement, HttpContext http, ConsultationService consultations) =>
        TypedResults.Ok(await consultations.ListAsync(Me(http), engagement, http.RequestAborted));

    internal static async Task<Created<EventView>> CreateEvent(string engagement, EventInput input, HttpContext http, ConsultationService consultations)
    {
        var created = await consultations.CreateEventAsync(Me(http), engagement, input, http.RequestAborted);
        var view = (await consultations.ListAsync(Me(http), engagement, http.RequestAborted)).Single(e => e.Id == created.Id);
        return TypedResults.Created($"/api/v1/engagements/{engagement}/events/{created.Code}", view);
    }

    internal static async Task<Created<SessionView>> AddSession(string engagement, string eventCode, SessionInput input, HttpContext http, ConsultationService consultations)
    {
        var created = await consultations.AddSessionAsync(Me(http), engagement, eventCode, input, http.RequestAborted);
        var view = (await consultations.ListAsync(Me(http), engagement, http.RequestAborted)).SelectMany(e => e.Sessions).Single(s => s.Id == created.Id);
        return TypedResults.Created($"/api/v1/engagements/{engagement}/sessions/{created.Code}", view);
    }

    internal static async Task<Ok<int>> RecordAttendance(string engagement, string sessionCode, AttendanceRequest request, HttpContext http, ConsultationService consultations) =>
        TypedResults.Ok(await consultations.RecordAttendanceAsync(Me(http), engagement, sessionCode, request.Participants, http.RequestAborted));

    /// <remarks>
    /// A multipart upload (file, optional session) for scripts holding a token; the page posts its own form with an
    /// antiforgery token. 200 with the report when imported, 422 with every refused row when not.
    /// </remarks>
    internal static async Task<Results<Ok<AttendanceImportResponse>, UnprocessableEntity<AttendanceImportResponse>, BadRequest>> ImportAttendance(
        string engagement, IFormFile? file, [FromForm] string? session, HttpContext http, ConsultationService consultations, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        if (!await Hosting.UploadGuard.IsAllowedAsync(http, antiforgery))
        {
            return TypedResults.BadRequest();
        }

        if (file is null || file.Length == 0)
        {
            return TypedResults.BadRequest();
        }

        await using var stream = file.OpenReadStream();
        var report = await consultations.ImportAttendanceAsync(Me(http), engagement, stream, file.FileName, session, http.RequestAborted);
        var response = ToResponse(report, CultureInfo.CurrentUICulture);
        return report.Imported ? TypedResults.Ok(response) : TypedResults.UnprocessableEntity(response);
    }

    internal static AttendanceImportResponse ToResponse(AttendanceImportReport report, CultureInfo culture) =>
        new(report.FileName, report.Rows, report.Imported, report.NewParticipants, report.Recorded, report.AlreadyRecorded,
            [.. report.Errors.Select(e => new ImportRowResponse(e.Row, e.Field, e.Code, e.MessageIn(culture)))]);

    internal static async Task<Ok<IReadOnlyList<FindingView>>> ListFindings(string engagement, bool? all, HttpContext http, FindingService findings) =>
        TypedResults.Ok(await findings.ListAsync(Me(http), engagement, all == true, http.RequestAborted));

    internal static async Task<Created<FindingView>> CaptureFinding(string engagement, FindingInput input, HttpContext http, FindingService findings)
    {
        var created = await findings.CaptureAsync(Me(http), engagement, input, http.RequestAborted);
        var view = (await findings.ListAsync(Me(http), engagement, true, http.RequestAborted)).Single(f => f.Id == created.Id);
        return TypedResults.Created($"/api/v1/engagements/{engagement}/findings/{created.Id}", view);
    }

    internal static async Task<Ok<FindingView>> EditFinding(string engagement, Guid id, EditFindingRequest request, HttpContext http, FindingService findings)
    {
        await findings.EditAsync(Me(http), engagement, id, request.Finding, request.ConcurrencyStamp, http.RequestAborted);
        return TypedResults.Ok((await findings.ListAsync(Me(http), engagement, true, http.RequestAborted)).Single(f => f.Id == id));
    }

    internal static async Task<Ok<IReadOnlyList<FindingRevision>>> FindingHistory(string engagement, Guid id, HttpContext http, FindingService findings) =>
        TypedResults.Ok(await findings.HistoryAsync(Me(http), engagement, id, http.RequestAborted));

    internal static async Task<Ok<FindingView>> MergeFindings(string engagement, MergeFindingsRequest request, HttpContext http, FindingService findings)
    {
        var merged = await findings.MergeAsync(Me(http), engagement, request.Findings, request.TextEn, request.TextFr, http.RequestAborted);
        return TypedResults.Ok((await findings.ListAsync(Me(http), engagement, true, http.RequestAborted)).Single(f => f.Id == merged.Id));
    }

    internal static async Task<Ok<IReadOnlyList<FindingView>>> SplitFinding(string engagement, Guid id, SplitFindingRequest request, HttpContext http, FindingService findings)
    {
        var parts = await findings.SplitAsync(Me(http), engagement, id, [.. request.Parts.Select(p => (p.TextEn, p.TextFr))], http.RequestAborted);
        var ids = parts.Select(p => p.Id).ToHashSet();
        return TypedResults.Ok<IReadOnlyList<FindingView>>([.. (await findings.ListAsync(Me(http), engagement, true, http.RequestAborted)).Where(f => ids.Contains(f.Id))]);
    }
}

/// <summary>Word documents of a consultation event.</summary>
internal static class ConsultationDocumentEndpoints
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static RouteGroupBuilder MapConsultationDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/engagements/{engagement}/events/{eventCode}").WithTags("Consultations");
        group.MapGet("/agenda.docx", Agenda).WithName("Consultations_Agenda_Docx");
        group.MapGet("/attendance.docx", Attendance).WithName("Consultations_Attendance_Docx");
        return group;
    }

    internal static async Task<FileContentHttpResult> Agenda(string engagement, string eventCode, string? language, HttpContext http, ConsultationDocuments documents)
    {
        var (bytes, name) = await documents.AgendaAsync(Viewer.From(http.User)!, engagement, eventCode, language ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, http.RequestAborted);
        return TypedResults.File(bytes, Docx, name);
    }

    internal static async Task<FileContentHttpResult> Attendance(string engagement, string eventCode, string? language, HttpContext http, ConsultationDocuments documents)
    {
        var (bytes, name) = await documents.AttendanceAsync(Viewer.From(http.User)!, engagement, eventCode, language ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, http.RequestAborted);
        return TypedResults.File(bytes, Docx, name);
    }
}
