using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Rempart.Core.Data;
using Rempart.Core.Engagements;

namespace Rempart.Web.Hosting;

/// <summary>How an exception is answered: status, a title key and a detail safe for any client.</summary>
internal sealed record ExceptionAnswer(int Status, string TitleKey, string? Detail, string? Code, IReadOnlyList<object>? Missing = null, IReadOnlyDictionary<string, object?>? Extra = null);

/// <summary>
/// The one place where exceptions become answers. API callers get ProblemDetails; pages get the friendly error
/// page. No stack trace or internal message ever reaches a client.
/// </summary>
internal sealed class RempartExceptionHandler(IProblemDetailsService problemDetails, IStringLocalizer<SharedResource> text, ILogger<RempartExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var answer = Classify(exception, CultureInfo.CurrentUICulture);
        if (answer.Status >= 500)
        {
            logger.LogError(exception, "Request {Method} {Path} failed with {Status}", httpContext.Request.Method, httpContext.Request.Path, answer.Status);
        }

        // The middleware has already pointed the request at /error: the original path says who asked.
        var originalPath = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path;
        if (!HttpRequestExtensions.IsApiPath(originalPath))
        {
            // Pages: the middleware renders /error, which reads the same classification.
            return false;
        }

        httpContext.Response.StatusCode = answer.Status;
        var problem = new ProblemDetails { Status = answer.Status, Title = text[answer.TitleKey], Detail = answer.Detail };
        if (answer.Code is not null)
        {
            problem.Extensions["code"] = answer.Code;
        }

        if (answer.Missing is not null)
        {
            problem.Extensions["missing"] = answer.Missing;
        }

        foreach (var (key, value) in answer.Extra ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ExceptionAnswer Classify(Exception exception, CultureInfo culture) => exception switch
    {
        NotFoundException e => new ExceptionAnswer(StatusCodes.Status404NotFound, "Error.NotFound.Title", e.MessageIn(culture), e.Code),
        ForbiddenException e => new ExceptionAnswer(StatusCodes.Status403Forbidden, "Error.Forbidden.Title", e.MessageIn(culture), e.Code),
        StageBlockedException e => new ExceptionAnswer(StatusCodes.Status409Conflict, "Error.Rule.Title",
            CoreMessages.Format("Stage.Missing", culture, string.Join("; ", e.Missing.Select(m => m.Describe(culture)))), "Stage.Missing",
            [.. e.Missing.Select(m => new { code = m.Code, message = m.Describe(culture) })]),
        Core.Questionnaires.AnswerConflictException e => new ExceptionAnswer(StatusCodes.Status409Conflict, "Error.Conflict.Title", e.MessageIn(culture), "Answer.Conflict",
            Extra: new Dictionary<string, object?> { ["current"] = e.Current, ["yours"] = e.Yours }),
        DomainRuleException e => new ExceptionAnswer(StatusCodes.Status400BadRequest, "Error.Rule.Title", e.MessageIn(culture), e.Code),
        Core.Interdependencies.GraphInputException e => new ExceptionAnswer(StatusCodes.Status400BadRequest, "Error.Rule.Title", e.Problems[0].MessageIn(culture), "Graph.Input",
            Extra: new Dictionary<string, object?> { ["problems"] = e.Problems.Select(p => new { file = p.File, line = p.Line, column = p.Column, message = p.MessageIn(culture) }).ToList() }),
        Core.Targets.SiteImportException e => new ExceptionAnswer(StatusCodes.Status400BadRequest, "Error.Rule.Title",
            CoreMessages.Format("Sites.Import.Refused", culture, e.File, e.Problems.Count), "Sites.Import.Refused",
            Extra: new Dictionary<string, object?> { ["problems"] = e.Problems.Select(p => new { row = p.Row, column = p.Column, code = p.Code, message = p.MessageIn(culture) }).ToList() }),
        ConflictException e => new ExceptionAnswer(StatusCodes.Status409Conflict, "Error.Conflict.Title", e.MessageIn(culture), e.Code),
        DbUpdateConcurrencyException => new ExceptionAnswer(StatusCodes.Status409Conflict, "Error.Conflict.Title", null, "Concurrency"),
        BadHttpRequestException e => new ExceptionAnswer(e.StatusCode, "Error.BadRequest.Title", null, null),
        _ when IsDatabaseUnavailable(exception) => new ExceptionAnswer(StatusCodes.Status503ServiceUnavailable, "Error.Database.Title", null, "DatabaseUnavailable"),
        _ => new ExceptionAnswer(StatusCodes.Status500InternalServerError, "Error.Unexpected.Title", null, null),
    };

    /// <summary>True when the exception (or one it wraps) says the database cannot be reached.</summary>
    public static bool IsDatabaseUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException or SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}

internal static class HttpRequestExtensions
{
    /// <summary>API requests answer with ProblemDetails and 401/403; pages with HTML and redirects.</summary>
    public static bool IsApi(this HttpRequest request) => IsApiPath(request.Path);

    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);
}
