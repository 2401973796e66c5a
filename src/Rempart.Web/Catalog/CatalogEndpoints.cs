using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Rempart.Core.Catalog;
using Rempart.Core.Exports;

namespace Rempart.Web.Catalog;

/// <summary>A provision with the questions that test it.</summary>
public sealed record ProvisionResponse(Provision Provision, Instrument Instrument, IReadOnlyList<Question> Questions);

/// <summary>A question with its provisions and recommendation templates.</summary>
public sealed record QuestionResponse(Question Question, IReadOnlyList<Provision> Provisions, IReadOnlyList<RecommendationTemplate> Templates);

/// <summary>A version's structure, without the questions.</summary>
public sealed record CatalogOverviewResponse(
    string Key, string Version, DateOnly Date, LocalizedText Title, string? BaseKey, string? Country,
    IReadOnlyList<NamedItem> Frameworks, IReadOnlyList<NamedItem> Themes, IReadOnlyList<Sector> Sectors,
    IReadOnlyList<MaturityLevel> MaturityScale, IReadOnlyList<Instrument> Instruments, int Questions, int Templates);

/// <summary>The traceability matrix as the API gives it.</summary>
public sealed record MatrixRowResponse(string Provision, string Instrument, string Ref, Verification Verification, IReadOnlyDictionary<string, IReadOnlyList<string>> QuestionsByFramework, bool Gap, string RefFr, string InstrumentFr);

/// <summary>
/// The catalog is reference material that every signed-in person may read (it holds no country data); importing
/// is done with the CLI, and pinning a version to an engagement is an engagement write.
/// </summary>
internal static class CatalogEndpoints
{
    public static RouteGroupBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/catalog").WithTags("Catalog");
        group.MapGet("/versions", Versions).WithName("Catalog_Versions");
        group.MapGet("/versions/{key}", Overview).WithName("Catalog_Overview");
        group.MapGet("/versions/{key}/questions", Questions).WithName("Catalog_Questions");
        group.MapGet("/versions/{key}/questions/{id}", QuestionById).WithName("Catalog_Question");
        group.MapGet("/versions/{key}/provisions/{id}", ProvisionById).WithName("Catalog_Provision");
        group.MapGet("/versions/{key}/search", Search).WithName("Catalog_Search");
        group.MapGet("/versions/{key}/matrix", Matrix).WithName("Catalog_Matrix");
        group.MapGet("/versions/{key}/export/oscal", ExportOscal).WithName("Catalog_ExportOscal");
        group.MapGet("/versions/{key}/export/xlsx", ExportXlsx).WithName("Catalog_ExportXlsx");
        group.MapGet("/diff", Diff).WithName("Catalog_Diff");
        return group;
    }

    internal static async Task<Ok<IReadOnlyList<CatalogVersionSummary>>> Versions(CatalogService catalogs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalogs.ListAsync(cancellationToken));

    internal static async Task<Ok<CatalogOverviewResponse>> Overview(string key, CatalogService catalogs, CancellationToken cancellationToken)
    {
        var c = await catalogs.GetAsync(key, cancellationToken);
        return TypedResults.Ok(new CatalogOverviewResponse(c.Key, c.Version, c.Date, c.Title, c.BaseKey, c.Country, c.Frameworks, c.Themes, c.Sectors,
            c.MaturityScale, c.Instruments, c.Questions.Count, c.Templates.Count));
    }

    internal static async Task<Ok<IReadOnlyList<Question>>> Questions(
        string key, string? instrument, string? framework, string? theme, string? sector, CatalogService catalogs, CancellationToken cancellationToken)
    {
        var c = await catalogs.GetAsync(key, cancellationToken);
        return TypedResults.Ok(CatalogAnalysis.Questions(c, instrument, framework, theme, sector));
    }

    internal static async Task<Results<Ok<QuestionResponse>, NotFound>> QuestionById(string key, string id, CatalogService catalogs, CancellationToken cancellationToken)
    {
        var c = await catalogs.GetAsync(key, cancellationToken);
        if (c.Questions.SingleOrDefault(q => q.Id == id) is not { } question)
        {
            return TypedResults.NotFound();
        }

        var provisions = c.Provisions.Where(p => question.Provisions.Contains(p.Id)).ToList();
        return TypedResults.Ok(new QuestionResponse(question, provisions, [.. c.Templates.Where(t => t.Question == id)]));
    }

    internal static async Task<Results<Ok<ProvisionResponse>, NotFound>> ProvisionById(string key, string id, CatalogService catalogs, CancellationToken cancellationToken)
    {
        var c = await catalogs.GetAsync(key, cancellationToken);
        if (c.Provisions.SingleOrDefault(p => p.Id == id) is not { } provision)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new ProvisionResponse(provision, c.Instruments.Single(i => i.Id == provision.InstrumentId), [.. c.Questions.Where(q => q.Provisions.Contains(id))]));
    }

    internal static async Task<Ok<IReadOnlyList<CatalogHit>>> Search(string key, string? q, CatalogService catalogs, CancellationToken cancellationToken) =>
        TypedResults.Ok(CatalogAnalysis.Search(await catalogs.GetAsync(key, cancellationToken), q ?? ""));

    internal static async Task<Ok<IReadOnlyList<MatrixRowResponse>>> Matrix(string key, CatalogService catalogs, CancellationToken cancellationToken)
    {
        var matrix = CatalogAnalysis.Matrix(await catalogs.GetAsync(key, cancellationToken));
        return TypedResults.Ok<IReadOnlyList<MatrixRowResponse>>([.. matrix.Rows.Select(r =>
            new MatrixRowResponse(r.Provision.Id, r.Instrument.Symbol, r.Provision.Ref, r.Provision.Verification, r.QuestionsByFramework, r.QuestionCount == 0, r.Provision.Reference.Fr, r.Instrument.Symbols.Fr))]);
    }

    internal static async Task<Ok<CatalogDiff>> Diff(string from, string to, CatalogService catalogs, CancellationToken cancellationToken) =>
        TypedResults.Ok(CatalogAnalysis.Diff(await catalogs.GetAsync(from, cancellationToken), await catalogs.GetAsync(to, cancellationToken)));

    internal static async Task<FileContentHttpResult> ExportOscal(string key, string? language, CatalogService catalogs, CancellationToken cancellationToken)
    {
        var c = await catalogs.GetAsync(key, cancellationToken);
        var imported = (await catalogs.ListAsync(cancellationToken)).Single(v => v.Key == c.Key).ImportedAt;
        var lang = language is "fr" ? "fr" : language is null ? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName : "en";
        var json = OscalCatalogExporter.Export(c, lang == "fr" ? "fr" : "en", imported);
        return TypedResults.File(new UTF8Encoding(false).GetBytes(json), "application/json", $"{c.Key.Replace('@', '-')}-oscal-{lang}.json");
    }

    internal static async Task<FileContentHttpResult> ExportXlsx(string key, CatalogService catalogs, CancellationToken cancellationToken)
    {
        var c = await catalogs.GetAsync(key, cancellationToken);
        return TypedResults.File(CatalogWorkbookExporter.Export(c), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{c.Key.Replace('@', '-')}.xlsx");
    }
}
