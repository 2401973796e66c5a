using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Rempart.Core.Access;
using Rempart.Core.Catalog;
using Rempart.Core.Engagements;
using Rempart.Core.Scoring;

namespace Rempart.Web.Scoring;

public sealed record TargetRequest([property: Range(1, 4)] int Target, [property: Required] string Reason);

public sealed record PriorityRequest(PriorityBand? Band, [property: Required] string Reason);

public sealed record FollowUpRequest(string? Label, string? Catalog);

/// <summary>Scores, gaps and priorities of one engagement: JSON, CSV and XLSX tables, charts, overrides and cycles.</summary>
internal static class ScoringEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapScoringEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/engagements/{engagement}/scores").WithTags("Scoring");
        group.MapGet("", Get).WithName("Scoring_Get");
        group.MapGet("/workbook.xlsx", Workbook).WithName("Scoring_Workbook");
        group.MapGet("/tables/{table}.csv", Csv).WithName("Scoring_Table_Csv");
        group.MapGet("/tables/{table}.xlsx", TableXlsx).WithName("Scoring_Table_Xlsx");
        group.MapGet("/charts/{chart}.svg", ChartSvg).WithName("Scoring_Chart_Svg");
        group.MapGet("/charts/{chart}.png", ChartPng).WithName("Scoring_Chart_Png");
        group.MapGet("/cycles", Cycles).WithName("Scoring_Cycles_List");
        group.MapPost("/cycles", StartFollowUp).WithName("Scoring_Cycles_Start");
        group.MapGet("/cycles/{cycle:int}", Compare).WithName("Scoring_Cycles_Compare");
        group.MapGet("/cycles/{cycle:int}.csv", CompareCsv).WithName("Scoring_Cycles_Compare_Csv");
        group.MapGet("/questions/{question}/history", History).WithName("Scoring_History");
        group.MapPut("/questions/{question}/target", SetTarget).WithName("Scoring_Target");
        group.MapPut("/questions/{question}/priority", SetPriority).WithName("Scoring_Priority");
        return group;
    }

    private static Viewer Me(HttpContext http) => Viewer.From(http.User)!;

    private static string Lang(string? language) => (language ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName).StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";

    internal static async Task<Ok<ScoreCard>> Get(string engagement, HttpContext http, ScoringService scoring) =>
        TypedResults.Ok(await scoring.ScoreAsync(Me(http), engagement, http.RequestAborted));

    internal static async Task<FileContentHttpResult> Workbook(string engagement, string? language, HttpContext http, ScoringService scoring)
    {
        var card = await scoring.ScoreAsync(Me(http), engagement, http.RequestAborted);
        return TypedResults.File(ScoreTables.Workbook(card, Lang(language)), Xlsx, $"{engagement.ToUpperInvariant()}-scores-{Lang(language)}.xlsx");
    }

    internal static async Task<FileContentHttpResult> Csv(string engagement, string table, string? language, HttpContext http, ScoringService scoring)
    {
        var card = await scoring.ScoreAsync(Me(http), engagement, http.RequestAborted);
        return TypedResults.File(ScoreTables.Csv(ScoreTables.Table(card, table, Lang(language)), Lang(language)), "text/csv; charset=utf-8", $"{engagement.ToUpperInvariant()}-{table}-{Lang(language)}.csv");
    }

    internal static async Task<FileContentHttpResult> TableXlsx(string engagement, string table, string? language, HttpContext http, ScoringService scoring)
    {
        var card = await scoring.ScoreAsync(Me(http), engagement, http.RequestAborted);
        return TypedResults.File(Rempart.Core.Documents.SimpleWorkbook.Write([ScoreTables.Table(card, table, Lang(language))]), Xlsx, $"{engagement.ToUpperInvariant()}-{table}-{Lang(language)}.xlsx");
    }

    internal static async Task<ScoringChart> ChartAsync(
        string engagement, string chart, string language, HttpContext http, ScoringService scoring, CatalogService catalogs, IStringLocalizer<SharedResource> text)
    {
        var card = await scoring.ScoreAsync(Me(http), engagement, http.RequestAborted);
        var catalog = await catalogs.GetAsync(card.CatalogKey, http.RequestAborted);
        var culture = CultureInfo.GetCultureInfo(language);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return chart switch
            {
                "heatmap" => ScoringCharts.HeatMap(card, catalog, language, text["Scores.HeatMap"], text["Scores.NoAnswer"]),
                "radar" => ScoringCharts.Radar(card, catalog, language, text["Scores.Radar"]),
                "top-needs" => ScoringCharts.TopNeeds(card, language, text["Scores.TopNeeds"], text["Scores.Index"]),
                _ when chart.StartsWith("cycle-", StringComparison.Ordinal) && int.TryParse(chart[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var cycle) =>
                    ScoringCharts.Baseline(await scoring.CompareAsync(Me(http), engagement, cycle, http.RequestAborted), language, text["Scores.Baseline"], text["Scores.Before", cycle], text["Scores.Now"]),
                _ => throw new Core.Data.NotFoundException("Scoring.NoTable", chart),
            };
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    internal static async Task<ContentHttpResult> ChartSvg(
        string engagement, string chart, string? language, HttpContext http, ScoringService scoring, CatalogService catalogs, IStringLocalizer<SharedResource> text) =>
        TypedResults.Content((await ChartAsync(engagement, chart, Lang(language), http, scoring, catalogs, text)).Svg(), "image/svg+xml");

    internal static async Task<FileContentHttpResult> ChartPng(
        string engagement, string chart, string? language, HttpContext http, ScoringService scoring, CatalogService catalogs, IStringLocalizer<SharedResource> text) =>
        TypedResults.File((await ChartAsync(engagement, chart, Lang(language), http, scoring, catalogs, text)).Png(), "image/png", $"{engagement.ToUpperInvariant()}-{chart}.png");

    internal static async Task<Ok<IReadOnlyList<SnapshotView>>> Cycles(string engagement, HttpContext http, ScoringService scoring) =>
        TypedResults.Ok(await scoring.SnapshotsAsync(Me(http), engagement, http.RequestAborted));

    internal static async Task<Ok<SnapshotView>> StartFollowUp(string engagement, FollowUpRequest request, HttpContext http, ScoringService scoring, EngagementService engagements) =>
        TypedResults.Ok(await scoring.StartFollowUpAsync(Me(http), engagement, request.Label, request.Catalog, engagements, http.RequestAborted));

    internal static async Task<Ok<CycleComparison>> Compare(string engagement, int cycle, HttpContext http, ScoringService scoring) =>
        TypedResults.Ok(await scoring.CompareAsync(Me(http), engagement, cycle, http.RequestAborted));

    internal static async Task<FileContentHttpResult> CompareCsv(string engagement, int cycle, string? language, HttpContext http, ScoringService scoring)
    {
        var comparison = await scoring.CompareAsync(Me(http), engagement, cycle, http.RequestAborted);
        return TypedResults.File(ScoreTables.Csv(ScoreTables.Comparison(comparison, Lang(language)), Lang(language)), "text/csv; charset=utf-8",
            $"{engagement.ToUpperInvariant()}-cycle-{cycle}-{Lang(language)}.csv");
    }

    internal static async Task<Ok<IReadOnlyList<ScoringDecisionView>>> History(string engagement, string question, HttpContext http, ScoringService scoring) =>
        TypedResults.Ok(await scoring.HistoryAsync(Me(http), engagement, question, http.RequestAborted));

    internal static async Task<NoContent> SetTarget(string engagement, string question, TargetRequest request, HttpContext http, ScoringService scoring)
    {
        await scoring.SetTargetAsync(Me(http), engagement, question, request.Target, request.Reason, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<NoContent> SetPriority(string engagement, string question, PriorityRequest request, HttpContext http, ScoringService scoring)
    {
        await scoring.OverridePriorityAsync(Me(http), engagement, question, request.Band, request.Reason, http.RequestAborted);
        return TypedResults.NoContent();
    }
}
