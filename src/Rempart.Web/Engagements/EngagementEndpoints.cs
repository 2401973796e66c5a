using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Web.Hosting;

namespace Rempart.Web.Engagements;

/// <summary>An engagement as the API shows it.</summary>
public sealed record EngagementResponse(Guid Id, string Code, string CountryCode, string TitleEn, string TitleFr, DateOnly PeriodStart, DateOnly? PeriodEnd, string? MyRole, int MemberCount, string? CatalogVersion,
    string Classification = Rempart.Core.Access.Tlp.Amber);

/// <summary>An engagement with its members (names and roles, no contact details).</summary>
public sealed record EngagementDetailResponse(EngagementResponse Engagement, IReadOnlyList<EngagementMemberView> Members);

/// <summary>Creates an engagement.</summary>
public sealed record CreateEngagementRequest(
    [property: Required, StringLength(20)] string Code,
    [property: Required, StringLength(3, MinimumLength = 3)] string CountryCode,
    [property: Required, StringLength(300)] string TitleEn,
    [property: Required, StringLength(300)] string TitleFr,
    DateOnly PeriodStart,
    DateOnly? PeriodEnd,
    [property: StringLength(20)] string? Classification = null);

/// <summary>Replaces an engagement's profile read at <see cref="ConcurrencyStamp"/>.</summary>
public sealed record UpdateProfileRequest([property: Required] ProfileInput Profile, Guid ConcurrencyStamp);

/// <summary>An engagement's profile as the API shows it, with the stamp to send back with a change.</summary>
public sealed record ProfileResponse(EngagementProfile Profile, Guid ConcurrencyStamp);

/// <summary>Pins the catalog version an engagement is assessed against.</summary>
public sealed record PinCatalogRequest([property: Required] string Version);

/// <summary>The engagement dashboard's numbers: stage, what the next one needs, participation by entity and sex, findings by framework and kind.</summary>
public sealed record DashboardResponse(
    EngagementStage Stage, EngagementStage? Next, IReadOnlyList<StageRequirement> NextRequires, IReadOnlyList<EntityParticipation> Participation,
    IReadOnlyDictionary<string, IReadOnlyDictionary<FindingKind, int>> FindingsByFramework, int Findings, int Sessions);

/// <summary>Adds a person to an engagement by e-mail, with their role and, for a respondent, the entity they answer for (its acronym).</summary>
public sealed record AddMemberRequest([property: Required, EmailAddress] string Email, [property: Required] string Role, [property: StringLength(40)] string? Entity = null);

internal static class EngagementEndpoints
{
    public static RouteGroupBuilder MapEngagementEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/engagements").WithTags("Engagements");
        group.MapGet("", List).WithName("Engagements_List");
        group.MapGet("/{codeOrId}", Get).WithName("Engagements_Get");
        group.MapPost("", Create).WithName("Engagements_Create").RequireAuthorization(Policies.ManageEngagements);
        group.MapPost("/{codeOrId}/members", AddMember).WithName("Engagements_AddMember").RequireAuthorization(Policies.ManageEngagements);
        group.MapGet("/{codeOrId}/profile", GetProfile).WithName("Engagements_Profile");
        group.MapGet("/{codeOrId}/dashboard", Dashboard).WithName("Engagements_Dashboard");
        group.MapPut("/{codeOrId}/profile", UpdateProfile).WithName("Engagements_Profile_Update");
        group.MapPut("/{codeOrId}/catalog", PinCatalog).WithName("Engagements_PinCatalog").RequireAuthorization(Policies.ManageEngagements);
        return group;
    }

    /// <remarks>The dashboard of an engagement the caller belongs to (404 otherwise).</remarks>
    internal static async Task<Ok<DashboardResponse>> Dashboard(string codeOrId, HttpContext http, EngagementDashboard dashboard)
    {
        var data = await dashboard.BuildAsync(Viewer.From(http.User)!, codeOrId, http.RequestAborted);
        return TypedResults.Ok(new DashboardResponse(data.Stage.Stage, data.Stage.Next, data.Stage.NextRequires, data.Participation, data.FindingsByFramework, data.Findings, data.Sessions));
    }

    internal static async Task<Ok<IReadOnlyList<EngagementResponse>>> List(HttpContext http, EngagementService engagements)
    {
        var list = await engagements.ListAsync(Viewer.From(http.User)!, http.RequestAborted);
        return TypedResults.Ok<IReadOnlyList<EngagementResponse>>([.. list.Select(ToResponse)]);
    }

    internal static async Task<Ok<EngagementDetailResponse>> Get(string codeOrId, HttpContext http, EngagementService engagements)
    {
        var detail = await engagements.FindAsync(Viewer.From(http.User)!, codeOrId, http.RequestAborted)
            ?? throw new NotFoundException("Engagement.NotFound", codeOrId);
        return TypedResults.Ok(new EngagementDetailResponse(ToResponse(detail.Summary), detail.Members));
    }

    internal static async Task<Created<EngagementResponse>> Create(CreateEngagementRequest request, HttpContext http, EngagementService engagements)
    {
        var viewer = Viewer.From(http.User)!;
        var created = await engagements.CreateAsync(viewer, new NewEngagement(request.Code, request.CountryCode, request.TitleEn, request.TitleFr, request.PeriodStart, request.PeriodEnd, request.Classification), http.RequestAborted);
        var detail = await engagements.FindAsync(viewer, created.Code, http.RequestAborted);
        return TypedResults.Created($"/api/v1/engagements/{created.Code}", ToResponse(detail!.Summary));
    }

    internal static async Task<NoContent> AddMember(string codeOrId, AddMemberRequest request, HttpContext http, EngagementService engagements, UserAccountService accounts)
    {
        var viewer = Viewer.From(http.User)!;
        // Check visibility first, so that a stranger to the engagement learns nothing about accounts either.
        _ = await engagements.FindAsync(viewer, codeOrId, http.RequestAborted) ?? throw new NotFoundException("Engagement.NotFound", codeOrId);
        var user = await accounts.FindByEmailAsync(request.Email);
        await engagements.AddMemberAsync(viewer, codeOrId, user.Id, request.Role, request.Entity, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<ProfileResponse>> GetProfile(string codeOrId, HttpContext http, EngagementService engagements)
    {
        var viewer = Viewer.From(http.User)!;
        var profile = await engagements.ProfileAsync(viewer, codeOrId, http.RequestAborted) ?? throw new NotFoundException("Engagement.NotFound", codeOrId);
        var detail = await engagements.FindAsync(viewer, codeOrId, http.RequestAborted);
        return TypedResults.Ok(new ProfileResponse(profile, detail!.ConcurrencyStamp));
    }

    internal static async Task<Ok<ProfileResponse>> UpdateProfile(string codeOrId, UpdateProfileRequest request, HttpContext http, EngagementService engagements)
    {
        await engagements.UpdateProfileAsync(Viewer.From(http.User)!, codeOrId, request.Profile, request.ConcurrencyStamp, http.RequestAborted);
        return await GetProfile(codeOrId, http, engagements);
    }

    internal static async Task<Ok<EngagementResponse>> PinCatalog(string codeOrId, PinCatalogRequest request, HttpContext http, EngagementService engagements, Rempart.Core.Catalog.CatalogService catalogs)
    {
        var viewer = Viewer.From(http.User)!;
        await catalogs.PinAsync(viewer, engagements, codeOrId, request.Version, http.RequestAborted);
        var detail = await engagements.FindAsync(viewer, codeOrId, http.RequestAborted);
        return TypedResults.Ok(ToResponse(detail!.Summary));
    }

    private static EngagementResponse ToResponse(EngagementSummary s) =>
        new(s.Id, s.Code, s.CountryCode, s.TitleEn, s.TitleFr, s.PeriodStart, s.PeriodEnd, s.MyRole, s.MemberCount, s.CatalogVersion, s.Classification);

    /// <summary>A period as people read it in the current language.</summary>
    internal static string FormatPeriod(DateOnly start, DateOnly? end, CultureInfo culture) =>
        end is { } e ? $"{Core.Access.Cultures.WrittenDate(start, culture)} – {Core.Access.Cultures.WrittenDate(e, culture)}" : Core.Access.Cultures.WrittenDate(start, culture);
}
