using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Rempart.Core.Access;
using Rempart.Core.Engagements;

namespace Rempart.Web.Engagements;

/// <summary>Renames an entity from a day on.</summary>
public sealed record RenameEntityRequest(string? Acronym, [property: Required] string NameEn, [property: Required] string NameFr, DateOnly Effective, string? Reason, Guid ConcurrencyStamp);

/// <summary>Changes an entity's kind, mandate, sectors and parent (its name changes through a rename).</summary>
/// <summary>The catalog entity types an entity is (for question suggestions).</summary>
public sealed record EntityTypesRequest([property: Required] IReadOnlyList<string> Types, Guid ConcurrencyStamp);

public sealed record UpdateEntityRequest(EntityKind Kind, string? MandateEn, string? MandateFr, IReadOnlyList<string>? Sectors, Guid? ParentId, Guid ConcurrencyStamp);

/// <summary>Merges entities into a successor from a day on.</summary>
public sealed record MergeEntitiesRequest([property: Required] IReadOnlyList<Guid> Merged, Guid SuccessorId, DateOnly Effective);

/// <summary>An entity import's outcome, with every refused row in the caller's language.</summary>
public sealed record EntityImportResponse(string FileName, int Rows, bool Imported, int Created, int AlreadyPresent, IReadOnlyList<ImportRowResponse> Errors);

/// <summary>Moves an engagement to another stage.</summary>
public sealed record MoveStageRequest(EngagementStage To, string? Reason, bool Force, Guid ConcurrencyStamp);

/// <summary>Entities, participants and stages of one engagement. Every handler opens the engagement for the caller first.</summary>
internal static class EngagementSetupEndpoints
{
    public static RouteGroupBuilder MapEngagementSetupEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/engagements/{engagement}").WithTags("Engagements");
        group.MapGet("/entities", ListEntities).WithName("Engagements_Entities_List");
        group.MapPost("/entities", CreateEntity).WithName("Engagements_Entities_Create");
        group.MapGet("/entities/{id:guid}/history", EntityHistory).WithName("Engagements_Entities_History");
        group.MapPut("/entities/{id:guid}", UpdateEntity).WithName("Engagements_Entities_Update");
        group.MapPut("/entities/{id:guid}/catalog-types", SetEntityTypes).WithName("Engagements_Entities_CatalogTypes");
        group.MapPost("/entities/{id:guid}/rename", RenameEntity).WithName("Engagements_Entities_Rename");
        group.MapPost("/entities/import", ImportEntities).WithName("Engagements_Entities_Import").DisableAntiforgery();
        group.MapPost("/entities/merge", MergeEntities).WithName("Engagements_Entities_Merge");
        group.MapPost("/entities/{id:guid}/deactivate", DeactivateEntity).WithName("Engagements_Entities_Deactivate");
        group.MapDelete("/entities/{id:guid}", DeleteEntity).WithName("Engagements_Entities_Delete");
        group.MapGet("/participants", ListParticipants).WithName("Engagements_Participants_List");
        group.MapPost("/participants", CreateParticipant).WithName("Engagements_Participants_Create");
        group.MapPut("/participants/{id:guid}", UpdateParticipant).WithName("Engagements_Participants_Update");
        group.MapGet("/stage", Stage).WithName("Engagements_Stage");
        group.MapPost("/stage", MoveStage).WithName("Engagements_Stage_Move");
        return group;
    }

    private static Viewer Me(HttpContext http) => Viewer.From(http.User)!;

    internal static async Task<Ok<IReadOnlyList<EntityView>>> ListEntities(string engagement, HttpContext http, EntityService entities) =>
        TypedResults.Ok(await entities.ListAsync(Me(http), engagement, cancellationToken: http.RequestAborted));

    internal static async Task<Created<EntityView>> CreateEntity(string engagement, EntityInput input, HttpContext http, EntityService entities)
    {
        var created = await entities.CreateAsync(Me(http), engagement, input, http.RequestAborted);
        var view = (await entities.ListAsync(Me(http), engagement, cancellationToken: http.RequestAborted)).Single(e => e.Id == created.Id);
        return TypedResults.Created($"/api/v1/engagements/{engagement}/entities/{created.Id}", view);
    }

    /// <remarks>Multipart (file, optional validFrom): 200 with the report when imported, 422 with every refused row when not.</remarks>
    internal static async Task<Results<Ok<EntityImportResponse>, UnprocessableEntity<EntityImportResponse>, BadRequest>> ImportEntities(
        string engagement, IFormFile? file, [Microsoft.AspNetCore.Mvc.FromForm] DateOnly? validFrom, HttpContext http, EntityService entities, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, TimeProvider time)
    {
        if (!await Hosting.UploadGuard.IsAllowedAsync(http, antiforgery) || file is null || file.Length == 0)
        {
            return TypedResults.BadRequest();
        }

        await using var stream = file.OpenReadStream();
        var report = await entities.ImportAsync(Me(http), engagement, stream, file.FileName, validFrom ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), http.RequestAborted);
        var response = new EntityImportResponse(report.FileName, report.Rows, report.Imported, report.Created, report.AlreadyPresent,
            [.. report.Errors.Select(e => new ImportRowResponse(e.Row, e.Field, e.Code, e.MessageIn(System.Globalization.CultureInfo.CurrentUICulture)))]);
        return report.Imported ? TypedResults.Ok(response) : TypedResults.UnprocessableEntity(response);
    }

    internal static async Task<Ok<IReadOnlyList<EntityNameRecord>>> EntityHistory(string engagement, Guid id, HttpContext http, EntityService entities) =>
        TypedResults.Ok(await entities.HistoryAsync(Me(http), engagement, id, http.RequestAborted));

    internal static async Task<NoContent> UpdateEntity(string engagement, Guid id, UpdateEntityRequest request, HttpContext http, EntityService entities)
    {
        await entities.UpdateAsync(Me(http), engagement, id, request.Kind, request.MandateEn ?? "", request.MandateFr ?? "", request.Sectors ?? [], request.ParentId, request.ConcurrencyStamp, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<NoContent> SetEntityTypes(string engagement, Guid id, EntityTypesRequest request, HttpContext http, EntityService entities)
    {
        await entities.SetCatalogTypesAsync(Me(http), engagement, id, request.Types, request.ConcurrencyStamp, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<NoContent> RenameEntity(string engagement, Guid id, RenameEntityRequest request, HttpContext http, EntityService entities)
    {
        await entities.RenameAsync(Me(http), engagement, id, request.Acronym ?? "", request.NameEn, request.NameFr, request.Effective, request.Reason, request.ConcurrencyStamp, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<NoContent> MergeEntities(string engagement, MergeEntitiesRequest request, HttpContext http, EntityService entities)
    {
        await entities.MergeAsync(Me(http), engagement, request.Merged, request.SuccessorId, request.Effective, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<NoContent> DeactivateEntity(string engagement, Guid id, HttpContext http, EntityService entities)
    {
        await entities.DeactivateAsync(Me(http), engagement, id, true, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<NoContent> DeleteEntity(string engagement, Guid id, HttpContext http, EntityService entities)
    {
        await entities.DeleteAsync(Me(http), engagement, id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<IReadOnlyList<ParticipantView>>> ListParticipants(string engagement, HttpContext http, ParticipantService participants) =>
        TypedResults.Ok(await participants.ListAsync(Me(http), engagement, http.RequestAborted));

    internal static async Task<Created<ParticipantView>> CreateParticipant(string engagement, ParticipantInput input, HttpContext http, ParticipantService participants)
    {
        var created = await participants.CreateAsync(Me(http), engagement, input, http.RequestAborted);
        var view = (await participants.ListAsync(Me(http), engagement, http.RequestAborted)).Single(p => p.Id == created.Id);
        return TypedResults.Created($"/api/v1/engagements/{engagement}/participants/{created.Id}", view);
    }

    internal static async Task<NoContent> UpdateParticipant(string engagement, Guid id, ParticipantInput input, HttpContext http, ParticipantService participants)
    {
        await participants.UpdateAsync(Me(http), engagement, id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<StageStatus>> Stage(string engagement, HttpContext http, StageService stages) =>
        TypedResults.Ok(await stages.StatusAsync(Me(http), engagement, http.RequestAborted));

    internal static async Task<Ok<StageTransition>> MoveStage(string engagement, MoveStageRequest request, HttpContext http, StageService stages) =>
        TypedResults.Ok(await stages.MoveAsync(Me(http), engagement, request.To, request.Reason, request.Force, request.ConcurrencyStamp, http.RequestAborted));
}
