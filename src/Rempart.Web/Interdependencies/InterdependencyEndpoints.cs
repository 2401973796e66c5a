using Microsoft.AspNetCore.Http.HttpResults;
using Rempart.Core.Access;
using Rempart.Core.Interdependencies;

namespace Rempart.Web.Interdependencies;

public sealed record ImportedDependenciesResponse(int Dependencies);

/// <summary>Criticality, what-if cascades and the import of dependencies, over the sites the caller may see.</summary>
internal static class InterdependencyEndpoints
{
    public static RouteGroupBuilder MapInterdependencyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/engagements/{engagement}/interdependencies").WithTags("Interdependencies");
        group.MapGet("", Criticality).WithName("Interdependencies_Criticality");
        group.MapGet("/what-if", WhatIf).WithName("Interdependencies_WhatIf");
        group.MapPost("/suggestions/{site}/propose", Propose).WithName("Interdependencies_Propose");
        group.MapPost("/dependencies", Import).WithName("Interdependencies_Import").DisableAntiforgery();
        return group;
    }

    private static Viewer Me(HttpContext http) => Viewer.From(http.User)!;

    private static async Task<Ok<CriticalityView>> Criticality(string engagement, int? top, HttpContext http, DependencyService dependencies) =>
        TypedResults.Ok(await dependencies.CriticalityAsync(Me(http), engagement, Math.Clamp(top ?? 50, 1, 1000), http.RequestAborted));

    private static async Task<Ok<Targets.ProposedResponse>> Propose(string engagement, string site, HttpContext http, DependencyService dependencies) =>
        TypedResults.Ok(new Targets.ProposedResponse(await dependencies.ProposeRedundancyAsync(Me(http), engagement, site, http.RequestAborted)));

    private static async Task<Ok<WhatIfResult>> WhatIf(string engagement, string fail, HttpContext http, DependencyService dependencies) =>
        TypedResults.Ok(await dependencies.WhatIfAsync(Me(http), engagement, [.. fail.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], http.RequestAborted));

    private static async Task<Results<Ok<ImportedDependenciesResponse>, BadRequest>> Import(string engagement, HttpContext http, DependencyService dependencies)
    {
        if (!http.Request.HasFormContentType || http.Request.Form.Files.Count == 0)
        {
            return TypedResults.BadRequest();
        }

        var file = http.Request.Form.Files[0];
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, http.RequestAborted);
        return TypedResults.Ok(new ImportedDependenciesResponse(await dependencies.ImportAsync(Me(http), engagement, buffer.ToArray(), file.FileName, http.RequestAborted)));
    }
}
