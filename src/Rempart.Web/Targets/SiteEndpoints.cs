using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Rempart.Core.Access;
using Rempart.Core.Targets;

namespace Rempart.Web.Targets;

public sealed record SiteResponse(
    string Code, string NameFr, string NameEn, string Kind, string? Sector, string? Subsector, string? Category, string? Operator, string? OperatorEntity,
    double? Latitude, double? Longitude, string? Region, long? Capacity, IReadOnlyList<string> Measures, string Classification, DateOnly? ValidFrom, DateOnly? ValidTo,
    double? RiskIndex, string? RiskBand, RiskMethod? RiskMethod, DateOnly? AssessedOn, Guid ConcurrencyStamp);

public sealed record SitePageResponse(IReadOnlyList<SiteResponse> Sites, int Total, int Page, int PageSize);

public sealed record AssessmentResponse(Guid Id, RiskMethod Method, DateOnly AssessedOn, IReadOnlyDictionary<string, int> Factors, IReadOnlyList<ScenarioInput> Scenarios,
    double RiskIndex, double? FullRisk, double Consequence, double Likelihood, string Band, string RationaleFr, string RationaleEn);

public sealed record SiteDetailResponse(SiteResponse Site, IReadOnlyList<AssessmentResponse> Assessments);

public sealed record SiteSaveRequest(SiteInput Site, Guid? ConcurrencyStamp);

public sealed record ClearanceRequest(string? Clearance);

public sealed record ProposeRequest(string Measure, string Group);

public sealed record ProposedResponse(string Recommendation);

/// <summary>The inventory of sites and their risk: JSON, the map and the matrix as SVG, imports and scrubbed exports.</summary>
internal static class SiteEndpoints
{
    public static RouteGroupBuilder MapSiteEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/engagements/{engagement}/sites").WithTags("Sites");
        group.MapGet("", List).WithName("Sites_List");
        group.MapPost("", Create).WithName("Sites_Create");
        group.MapGet("/summary", Summary).WithName("Sites_Summary");
        group.MapGet("/map.svg", Map).WithName("Sites_Map");
        group.MapGet("/matrix.svg", Matrix).WithName("Sites_Matrix");
        group.MapGet("/template.csv", Template).WithName("Sites_Template");
        group.MapGet("/export.csv", (string engagement, string? max, HttpContext http, SiteExport export) => Export(engagement, "csv", max, http, export)).WithName("Sites_Export_Csv");
        group.MapGet("/export.geojson", (string engagement, string? max, HttpContext http, SiteExport export) => Export(engagement, "geojson", max, http, export)).WithName("Sites_Export_GeoJson");
        group.MapPost("/import", Import).WithName("Sites_Import").DisableAntiforgery();
        group.MapPut("/clearances/{user:guid}", Clearance).WithName("Sites_Clearance");
        group.MapPost("/gaps/propose", Propose).WithName("Sites_Gap_Propose");
        group.MapGet("/{code}", Get).WithName("Sites_Get");
        group.MapPut("/{code}", Update).WithName("Sites_Update");
        group.MapDelete("/{code}", Delete).WithName("Sites_Delete");
        group.MapPost("/{code}/assessments", Assess).WithName("Sites_Assess");
        return group;
    }

    private static Viewer Me(HttpContext http) => Viewer.From(http.User)!;

    internal static SiteFilter Filter(string? kind, string? sector, string? region, string? band, string? q) => new(
        kind switch { "ci" => SiteKind.CriticalInfrastructure, "soft" => SiteKind.SoftTarget, _ => null },
        string.IsNullOrWhiteSpace(sector) ? null : sector, string.IsNullOrWhiteSpace(region) ? null : region, string.IsNullOrWhiteSpace(band) ? null : band, string.IsNullOrWhiteSpace(q) ? null : q);

    internal static SiteResponse ToResponse(Site s, string? entity = null) => new(
        s.Code, s.NameFr, s.NameEn, s.Kind == SiteKind.CriticalInfrastructure ? "ci" : "soft", s.Sector, s.Subsector, s.Category, s.Operator, entity,
        s.Latitude, s.Longitude, s.Region, s.Capacity, s.Measures, s.Classification, s.ValidFrom, s.ValidTo, s.RiskIndex, s.RiskBand, s.RiskMethod, s.AssessedOn, s.ConcurrencyStamp);

    private static AssessmentResponse ToResponse(SiteRiskAssessment a) =>
        new(a.Id, a.Method, a.AssessedOn, a.Factors, a.Scenarios, a.RiskIndex, a.FullRisk, a.Consequence, a.Likelihood, a.Band, a.RationaleFr, a.RationaleEn);

    private static async Task<Ok<SitePageResponse>> List(string engagement, string? kind, string? sector, string? region, string? band, string? q, int? page, int? size, HttpContext http, SiteService sites)
    {
        var result = await sites.ListAsync(Me(http), engagement, Filter(kind, sector, region, band, q), page ?? 1, size ?? 50, http.RequestAborted);
        return TypedResults.Ok(new SitePageResponse([.. result.Sites.Select(s => ToResponse(s))], result.Total, result.Page, result.PageSize));
    }

    private static async Task<Ok<SiteDetailResponse>> Get(string engagement, string code, HttpContext http, SiteService sites)
    {
        var detail = await sites.GetAsync(Me(http), engagement, code, http.RequestAborted);
        return TypedResults.Ok(new SiteDetailResponse(ToResponse(detail.Site, detail.OperatorEntity), [.. detail.Assessments.Select(ToResponse)]));
    }

    private static async Task<Created<SiteResponse>> Create(string engagement, SiteInput request, HttpContext http, SiteService sites)
    {
        var site = await sites.SaveAsync(Me(http), engagement, null, request, null, http.RequestAborted);
        return TypedResults.Created($"/api/v1/engagements/{engagement}/sites/{Uri.EscapeDataString(site.Code)}", ToResponse(site));
    }

    private static async Task<Ok<SiteResponse>> Update(string engagement, string code, SiteSaveRequest request, HttpContext http, SiteService sites) =>
        // A body without "site" is checked like an empty form: the access rules first, then each missing field named.
        TypedResults.Ok(ToResponse(await sites.SaveAsync(Me(http), engagement, code, request.Site ?? EmptySite, request.ConcurrencyStamp, http.RequestAborted)));

    private static readonly SiteInput EmptySite = new("", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    private static async Task<NoContent> Delete(string engagement, string code, HttpContext http, SiteService sites)
    {
        await sites.DeleteAsync(Me(http), engagement, code, http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<AssessmentResponse>> Assess(string engagement, string code, AssessmentInput request, HttpContext http, SiteService sites) =>
        TypedResults.Ok(ToResponse(await sites.AssessAsync(Me(http), engagement, code, request, http.RequestAborted)));

    private static async Task<Ok<SitesSummary>> Summary(string engagement, HttpContext http, SiteService sites) =>
        TypedResults.Ok(await sites.SummaryAsync(Me(http), engagement, http.RequestAborted));

    private static async Task<ContentHttpResult> Map(string engagement, string? kind, string? sector, string? region, string? band, string? q, HttpContext http,
        SiteService sites, IStringLocalizer<SharedResource> text)
    {
        var viewer = Me(http);
        var (context, _) = await sites.OpenAsync(viewer, engagement, cancellationToken: http.RequestAborted);
        var country = await sites.CountryAsync(context, http.RequestAborted);
        var view = await sites.MapAsync(viewer, engagement, Filter(kind, sector, region, band, q), SiteMap.CellDegrees(country), http.RequestAborted);
        return TypedResults.Content(SiteMap.Draw(view, country, sites.Reference, text, CultureInfo.CurrentUICulture), "image/svg+xml");
    }

    private static async Task<ContentHttpResult> Matrix(string engagement, string? kind, string? sector, string? region, string? band, string? q, HttpContext http, SiteService sites, IStringLocalizer<SharedResource> text)
    {
        var cells = await sites.MatrixAsync(Me(http), engagement, Filter(kind, sector, region, band, q), http.RequestAborted);
        return TypedResults.Content(SiteMap.MatrixSvg(cells, text["Sites.MatrixTitle"], text["Sites.Consequence"], text["Sites.Likelihood"]), "image/svg+xml");
    }

    /// <summary>
    /// The import format with two example rows, one per kind, written for the engagement's country (codes with its
    /// prefix, coordinates at the middle of its outline) and built column by column from the format itself.
    /// </summary>
    private static async Task<FileContentHttpResult> Template(string engagement, HttpContext http, SiteService sites)
    {
        var (context, _) = await sites.OpenAsync(Me(http), engagement, cancellationToken: http.RequestAborted);
        var country = await sites.CountryAsync(context, http.RequestAborted);
        var outline = SiteMap.OutlineOf(country).SelectMany(ring => ring).ToList();
        string Coordinate(Func<double[], double> axis, double shift) =>
            outline.Count == 0 ? "" : ((outline.Min(axis) + outline.Max(axis)) / 2 + shift).ToString("0.0000", CultureInfo.InvariantCulture);
        var rows = new[]
        {
            new Dictionary<string, string>
            {
                ["code"] = $"{country}-EX-001", ["name_fr"] = "Stade d'exemple", ["name_en"] = "Example stadium", ["kind"] = "soft",
                ["category"] = "stadiums-sports-venues", ["operator"] = "Exploitant d'exemple", ["latitude"] = Coordinate(p => p[1], 0), ["longitude"] = Coordinate(p => p[0], 0),
                ["region"] = "Région d'exemple", ["capacity"] = "20000", ["classification"] = Tlp.Amber, ["measures"] = "access-control;cctv",
            },
            new Dictionary<string, string>
            {
                ["code"] = $"{country}-EX-002", ["name_fr"] = "Poste source d'exemple", ["name_en"] = "Example substation", ["kind"] = "ci", ["sector"] = "energy",
                ["operator"] = "Opérateur public d'exemple", ["latitude"] = Coordinate(p => p[1], 0.25), ["longitude"] = Coordinate(p => p[0], 0.25),
                ["region"] = "Région d'exemple", ["classification"] = Tlp.Amber, ["subsector"] = "energy-electricity", ["measures"] = "perimeter;guarding", ["valid_from"] = "2024-01-01",
            },
        };
        var csv = new StringBuilder().Append(string.Join(',', SiteRules.Columns)).Append("\r\n");
        foreach (var row in rows)
        {
            csv.Append(string.Join(',', SiteRules.Columns.Select(c => row.GetValueOrDefault(c, "")))).Append("\r\n");
        }

        return TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())], "text/csv; charset=utf-8", "sites-template.csv");
    }

    private static async Task Export(string engagement, string format, string? max, HttpContext http, SiteExport export)
    {
        // Access and the label asked for are checked before any byte is written, so that a refusal is still
        // a clean ProblemDetails; then the file is streamed as it is read (a national inventory of a million sites is
        // not held in memory).
        var plan = await export.PlanAsync(Me(http), engagement, format, max, http.RequestAborted);
        var label = plan.Label;
        http.Response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/geo+json";
        // Labelled with the most restricted label the file may hold: the reader's ceiling, or the lower one asked for.
        http.Response.Headers[Access.ClassifiedDownloads.Header] = label;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{Access.ClassifiedDownloads.Named($"{engagement.ToUpperInvariant()}-sites.{format}", label)}\"";
        await export.WriteAsync(plan, http.Response.Body, null, http.RequestAborted);
    }

    private static async Task<Results<Ok<SiteImportResult>, BadRequest>> Import(string engagement, HttpContext http, SiteService sites)
    {
        if (!http.Request.HasFormContentType || http.Request.Form.Files.Count == 0)
        {
            return TypedResults.BadRequest();
        }

        var file = http.Request.Form.Files[0];
        await using var stream = file.OpenReadStream();
        return TypedResults.Ok(await sites.ImportAsync(Me(http), engagement, stream, file.FileName, null, http.RequestAborted));
    }

    private static async Task<Ok<ProposedResponse>> Propose(string engagement, ProposeRequest request, HttpContext http, SiteService sites) =>
        TypedResults.Ok(new ProposedResponse(await sites.ProposeAsync(Me(http), engagement, request.Measure, request.Group, http.RequestAborted)));

    private static async Task<NoContent> Clearance(string engagement, Guid user, ClearanceRequest request, HttpContext http, SiteService sites)
    {
        await sites.SetClearanceAsync(Me(http), engagement, user, request.Clearance, http.RequestAborted);
        return TypedResults.NoContent();
    }
}
