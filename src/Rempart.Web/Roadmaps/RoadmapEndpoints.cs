using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Rempart.Core.Access;
using Rempart.Core.Roadmaps;

namespace Rempart.Web.Roadmaps;

public sealed record RecommendationUpdate([property: Required] RecommendationInput Recommendation, Guid ConcurrencyStamp);

public sealed record MoveRequest(bool Up, Guid ConcurrencyStamp);

public sealed record MergeRecommendationsRequest([property: Required] IReadOnlyList<Guid> Recommendations, Guid ConcurrencyStamp);

public sealed record SplitRecommendationRequest([property: Required] IReadOnlyList<SplitPart> Parts, Guid ConcurrencyStamp);

public sealed record CommentRequest([property: Required] string Text);

public sealed record TransitionRequest(RoadmapState To, string? Note, Guid ConcurrencyStamp);

/// <summary>The roadmap of one engagement: generation, editing, workflow, revisions and documents.</summary>
internal static class RoadmapEndpoints
{
    public static RouteGroupBuilder MapRoadmapEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/engagements/{engagement}/roadmap").WithTags("Roadmap");
        group.MapGet("", Get).WithName("Roadmap_Get");
        group.MapPost("/generate", Generate).WithName("Roadmap_Generate");
        group.MapPut("/recommendations/{id:guid}", Update).WithName("Roadmap_Update");
        group.MapPost("/recommendations/{id:guid}/move", Move).WithName("Roadmap_Move");
        group.MapPost("/recommendations/merge", Merge).WithName("Roadmap_Merge");
        group.MapPost("/recommendations/{id:guid}/split", Split).WithName("Roadmap_Split");
        group.MapPost("/recommendations/{id:guid}/comments", Comment).WithName("Roadmap_Comment");
        group.MapPost("/state", Transition).WithName("Roadmap_State");
        group.MapGet("/revisions", Revisions).WithName("Roadmap_Revisions");
        group.MapGet("/revisions/{from:int}/diff/{to:int}", Diff).WithName("Roadmap_Diff");
        group.MapGet("/document.{format}", Document).WithName("Roadmap_Document");
        return group;
    }

    private static Viewer Me(HttpContext http) => Viewer.From(http.User)!;

    internal static async Task<Ok<RoadmapView>> Get(string engagement, HttpContext http, RoadmapService roadmaps) =>
        TypedResults.Ok(await roadmaps.GetAsync(Me(http), engagement, http.RequestAborted));

    internal static async Task<Ok<RoadmapView>> Generate(string engagement, HttpContext http, RoadmapService roadmaps) =>
        TypedResults.Ok(await roadmaps.GenerateAsync(Me(http), engagement, http.RequestAborted));

    internal static async Task<Ok<RoadmapView>> Update(string engagement, Guid id, RecommendationUpdate request, HttpContext http, RoadmapService roadmaps)
    {
        await roadmaps.UpdateAsync(Me(http), engagement, id, request.Recommendation, request.ConcurrencyStamp, http.RequestAborted);
        return TypedResults.Ok(await roadmaps.GetAsync(Me(http), engagement, http.RequestAborted));
    }

    internal static async Task<Ok<RoadmapView>> Move(string engagement, Guid id, MoveRequest request, HttpContext http, RoadmapService roadmaps)
    {
        await roadmaps.MoveAsync(Me(http), engagement, id, request.Up, request.ConcurrencyStamp, http.RequestAborted);
        return TypedResults.Ok(await roadmaps.GetAsync(Me(http), engagement, http.RequestAborted));
    }

    internal static async Task<Ok<RoadmapView>> Merge(string engagement, MergeRecommendationsRequest request, HttpContext http, RoadmapService roadmaps)
    {
        await roadmaps.MergeAsync(Me(http), engagement, request.Recommendations, request.ConcurrencyStamp, http.RequestAborted);
        return TypedResults.Ok(await roadmaps.GetAsync(Me(http), engagement, http.RequestAborted));
    }

    internal static async Task<Ok<RoadmapView>> Split(string engagement, Guid id, SplitRecommendationRequest request, HttpContext http, RoadmapService roadmaps)
    {
        await roadmaps.SplitAsync(Me(http), engagement, id, request.Parts, request.ConcurrencyStamp, http.RequestAborted);
        return TypedResults.Ok(await roadmaps.GetAsync(Me(http), engagement, http.RequestAborted));
    }

    internal static async Task<NoContent> Comment(string engagement, Guid id, CommentRequest request, HttpContext http, RoadmapService roadmaps)
    {
        await roadmaps.CommentAsync(Me(http), engagement, id, request.Text, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<RoadmapView>> Transition(string engagement, TransitionRequest request, HttpContext http, RoadmapService roadmaps) =>
        TypedResults.Ok(await roadmaps.TransitionAsync(Me(http), engagement, request.To, request.Note, request.ConcurrencyStamp, http.RequestAborted));

    internal static async Task<Ok<IReadOnlyList<RevisionView>>> Revisions(string engagement, HttpContext http, RoadmapService roadmaps) =>
        TypedResults.Ok(await roadmaps.RevisionsAsync(Me(http), engagement, http.RequestAborted));

    internal static async Task<Ok<IReadOnlyList<DiffLine>>> Diff(string engagement, int from, int to, HttpContext http, RoadmapService roadmaps) =>
        TypedResults.Ok(await roadmaps.DiffAsync(Me(http), engagement, from, to, http.RequestAborted));

    /// <remarks><c>document.docx</c>, <c>.pdf</c> (when LibreOffice is installed), <c>.md</c> or <c>.html</c>; <c>?language=fr|en</c>.</remarks>
    internal static async Task<Results<FileContentHttpResult, NotFound>> Document(string engagement, string format, string? language, HttpContext http, RoadmapDocuments documents, RoadmapService roadmaps)
    {
        if (!Enum.TryParse<RoadmapFormat>(format, ignoreCase: true, out var f))
        {
            return TypedResults.NotFound();
        }

        var (bytes, name) = await documents.RenderAsync(Me(http), engagement, language ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, f, null, http.RequestAborted);
        // The document carries the roadmap's own label on every page; the file says the same.
        Access.ClassifiedDownloads.Label(http, (await roadmaps.GetAsync(Me(http), engagement, http.RequestAborted)).Classification);
        return TypedResults.File(bytes, RoadmapDocuments.ContentType(f), name);
    }
}
