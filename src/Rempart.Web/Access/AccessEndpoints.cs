using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rempart.Core.Access;
using Rempart.Web.Hosting;

namespace Rempart.Web.Access;

/// <summary>The caller as the API describes them.</summary>
public sealed record MeResponse(Guid Id, string Email, string DisplayName, string Language, IReadOnlyList<string> Roles);

/// <summary>A token in a list: never the secret.</summary>
public sealed record TokenResponse(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, bool Active);

/// <summary>A new token: <see cref="Token"/> is shown this once and never again.</summary>
public sealed record CreatedTokenResponse(string Token, TokenResponse Details);

/// <summary>Asks for a new personal access token.</summary>
public sealed record CreateTokenRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string Name,
    [property: Range(1, AccessTokenService.MaxLifetimeDays)] int ExpiresInDays = 90);

internal static class AccessEndpoints
{
    public static IEndpointRouteBuilder MapAccessEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Access");
        api.MapGet("/me", GetMe).WithName("Access_Me");
        var tokens = api.MapGroup("/tokens");
        tokens.MapGet("", ListTokens).WithName("Access_Tokens_List");
        tokens.MapPost("", CreateToken).WithName("Access_Tokens_Create");
        tokens.MapDelete("/{id:guid}", RevokeToken).WithName("Access_Tokens_Revoke");

        // Page actions: plain forms that work without script, protected by antiforgery.
        app.MapPost("/account/signout", SignOut).WithName("Access_SignOut").ExcludeFromDescription();
        app.MapPost("/culture", SwitchCulture).WithName("Access_Culture").AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    internal static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> GetMe(HttpContext http, UserManager<RempartUser> users)
    {
        var user = await users.GetUserAsync(http.User);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }

        var roles = await users.GetRolesAsync(user);
        return TypedResults.Ok(new MeResponse(user.Id, user.Email ?? "", user.DisplayName, user.PreferredLanguage, [.. roles]));
    }

    internal static async Task<Ok<IReadOnlyList<TokenResponse>>> ListTokens(HttpContext http, AccessTokenService tokens, TimeProvider time)
    {
        var viewer = Viewer.From(http.User)!;
        var list = await tokens.ListAsync(viewer.UserId, http.RequestAborted);
        var now = time.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<TokenResponse>>([.. list.Select(t => ToResponse(t, now))]);
    }

    internal static async Task<Created<CreatedTokenResponse>> CreateToken(CreateTokenRequest request, HttpContext http, AccessTokenService tokens, TimeProvider time)
    {
        var viewer = Viewer.From(http.User)!;
        var created = await tokens.CreateAsync(viewer.UserId, request.Name, TimeSpan.FromDays(request.ExpiresInDays), http.RequestAborted);
        return TypedResults.Created($"/api/v1/tokens/{created.Record.Id}", new CreatedTokenResponse(created.Token, ToResponse(created.Record, time.GetUtcNow())));
    }

    internal static async Task<Results<NoContent, NotFound>> RevokeToken(Guid id, HttpContext http, AccessTokenService tokens)
    {
        var viewer = Viewer.From(http.User)!;
        return await tokens.RevokeAsync(viewer.UserId, id, http.RequestAborted) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    internal static async Task<RedirectHttpResult> SignOut(HttpContext http, IAntiforgery antiforgery, SignInManager<RempartUser> signIn, Core.Data.AppDbContext db, TimeProvider time)
    {
        // No form field is bound here, so the token is checked by hand: another site cannot sign people out. A form
        // that stayed open too long goes back to a page that says so (its sign-out button then works).
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.LocalRedirect($"/engagements?{Hosting.StaleForm.Query}={Hosting.StaleForm.Value}");
        }

        // The session ends on the server too: a copy of the cookie is refused from now on.
        var session = await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.AuthenticateAsync(http, IdentityConstants.ApplicationScheme);
        if (session.Succeeded && Viewer.From(session.Principal) is { } viewer
            && session.Properties?.Items.TryGetValue(SessionRevocation.SessionKey, out var sid) == true && sid is not null)
        {
            var now = time.GetUtcNow();
            await SessionRevocation.RevokeAsync(db, viewer.UserId, sid, now + Hosting.WebServices.AbsoluteTimeout, now, http.RequestAborted);
        }

        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/signin");
    }

    internal static async Task<RedirectHttpResult> SwitchCulture(
        [FromForm] string culture, [FromForm] string? returnUrl, HttpContext http, LanguageSettings languages, UserManager<RempartUser> users, SignInManager<RempartUser> signIn)
    {
        var target = SafeLocal(returnUrl);
        if (!languages.Supports(culture))
        {
            return TypedResults.LocalRedirect(target);
        }

        var lang = culture.ToLowerInvariant();
        CultureSetup.Remember(http.Response, lang);
        if (http.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(http.User) is { } user && user.PreferredLanguage != lang)
        {
            user.PreferredLanguage = lang;
            await users.UpdateAsync(user);
            await signIn.RefreshSignInAsync(user);
        }

        return TypedResults.LocalRedirect(target);
    }

    /// <summary>Only local paths: a crafted link cannot send someone to another site after they sign in or switch language.</summary>
    internal static string SafeLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";

    private static TokenResponse ToResponse(PersonalAccessToken t, DateTimeOffset now) =>
        new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.IsActiveAt(now));
}
