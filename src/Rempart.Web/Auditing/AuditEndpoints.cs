using Microsoft.AspNetCore.Http.HttpResults;
using Rempart.Core.Access;
using Rempart.Core.Auditing;

namespace Rempart.Web.Auditing;

/// <summary>The audit trail: an engagement's for its auditors, the workspace's for administrators; pages of JSON and a CSV export.</summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/engagements/{engagement}/audit", (string engagement, [AsParameters] AuditQuery q, HttpContext http, AuditService audit) => List(engagement, q, http, audit))
            .WithTags("Audit").WithName("Audit_Engagement");
        app.MapGet("/api/v1/engagements/{engagement}/audit.csv", (string engagement, [AsParameters] AuditQuery q, HttpContext http, AuditService audit) => Csv(engagement, q, http, audit))
            .WithTags("Audit").WithName("Audit_Engagement_Csv").Produces(StatusCodes.Status200OK, contentType: "text/csv");
        app.MapGet("/api/v1/audit", ([AsParameters] AuditQuery q, HttpContext http, AuditService audit) => List(null, q, http, audit)).WithTags("Audit").WithName("Audit_Workspace");
        app.MapGet("/api/v1/audit.csv", ([AsParameters] AuditQuery q, HttpContext http, AuditService audit) => Csv(null, q, http, audit)).WithTags("Audit").WithName("Audit_Workspace_Csv")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    /// <summary>Filters of the trail: from and to as yyyy-mm-dd (UTC days, inclusive), the start of an action, an e-mail, a text of the subject; before: a sequence number (next page).</summary>
    internal sealed record AuditQuery(DateOnly? From, DateOnly? To, string? Action, string? User, string? Subject, long? Before)
    {
        public AuditFilter Filter => new(From, To, Action, User, Subject);
    }

    private static Viewer Me(HttpContext http) => Viewer.From(http.User)!;

    private static async Task<Ok<AuditRecords>> List(string? engagement, AuditQuery q, HttpContext http, AuditService audit) =>
        TypedResults.Ok(await audit.ListAsync(Me(http), engagement, q.Filter, q.Before, http.RequestAborted));

    private static async Task Csv(string? engagement, AuditQuery q, HttpContext http, AuditService audit)
    {
        // Access and the filter are checked before any byte is written (a refusal stays a clean ProblemDetails); then
        // the trail is streamed as it is read, however long it is.
        var write = await audit.OpenCsvAsync(Me(http), engagement, q.Filter, http.RequestAborted);
        // The trail holds before and after values of every record, the most restricted sites included.
        var name = Access.ClassifiedDownloads.Named($"{engagement ?? "workspace"}-audit-{DateTime.UtcNow:yyyyMMdd}.csv", Tlp.Red);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers[Access.ClassifiedDownloads.Header] = Tlp.Red;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        await write(http.Response.Body, http.RequestAborted);
    }
}
