using Microsoft.AspNetCore.Http.HttpResults;
using Rempart.Core.Access;
using Rempart.Core.Exports;

namespace Rempart.Web.Exports;

/// <summary>Exports of one engagement in standard formats (OSCAL, IATI) and its monitoring lists (CSV, XLSX).</summary>
internal static class ExportEndpoints
{
    public static RouteGroupBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/engagements/{engagement}/exports").WithTags("Exports");
        group.MapGet("/oscal-poam", OscalPoam).WithName("Export_OscalPoam");
        group.MapGet("/oscal-results", OscalResults).WithName("Export_OscalResults");
        group.MapGet("/iati", Iati).WithName("Export_Iati");
        group.MapGet("/lists/{file}", List).WithName("Export_List");
        return group;
    }

    private static Viewer Me(HttpContext http) => Viewer.From(http.User)!;

    private static string Language(string? lang) => string.IsNullOrWhiteSpace(lang) ? System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName : lang;

    private static FileContentHttpResult File(ExportFile file, HttpContext http)
    {
        if (file.Classification is { } label)
        {
            Access.ClassifiedDownloads.Label(http, label);
        }

        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    /// <remarks>The plan as an OSCAL 1.2.2 plan of action and milestones; <c>?lang=fr|en</c>.</remarks>
    internal static async Task<FileContentHttpResult> OscalPoam(string engagement, string? lang, HttpContext http, ExportService exports) =>
        File(await exports.OscalPoamAsync(Me(http), engagement, Language(lang), http.RequestAborted), http);

    /// <remarks>The assessment as OSCAL 1.2.2 assessment results; <c>?lang=fr|en</c>.</remarks>
    internal static async Task<FileContentHttpResult> OscalResults(string engagement, string? lang, HttpContext http, ExportService exports) =>
        File(await exports.OscalResultsAsync(Me(http), engagement, Language(lang), http.RequestAborted), http);

    /// <remarks>
    /// The technical-assistance activities the caller may see, as an IATI 2.03 activity file; <c>?classification=TLP:CLEAR</c>
    /// keeps only those at or below a label (a file for publication).
    /// </remarks>
    internal static async Task<FileContentHttpResult> Iati(string engagement, string? classification, HttpContext http, ExportService exports) =>
        File(await exports.IatiAsync(Me(http), engagement, classification, http.RequestAborted), http);

    /// <remarks><c>lists/plan.csv</c>, <c>lists/funding.xlsx</c>...: plan, updates, indicators, milestones, activities, funding, participants; <c>?lang=fr|en</c>.</remarks>
    internal static async Task<Results<FileContentHttpResult, NotFound>> List(string engagement, string file, string? lang, HttpContext http, ExportService exports)
    {
        var dot = file.LastIndexOf('.');
        if (dot <= 0)
        {
            return TypedResults.NotFound();
        }

        return File(await exports.ListAsync(Me(http), engagement, file[..dot], file[(dot + 1)..], Language(lang), http.RequestAborted), http);
    }
}
