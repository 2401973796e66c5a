using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Rempart.Core.Access;

namespace Rempart.Web.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer rpat_...</c> personal access tokens. An unknown, revoked or expired token,
/// or one whose owner is disabled, gets 401.
/// </summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokenService tokens,
    IUserClaimsPrincipalFactory<RempartUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryReadBearer(Request, out var presented))
        {
            return AuthenticateResult.NoResult();
        }

        var user = await tokens.ValidateAsync(presented, Context.RequestAborted);
        if (user is null)
        {
            return AuthenticateResult.Fail("The access token is unknown, revoked or expired.");
        }

        var principal = await principals.CreateAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(RempartClaims.AuthenticationMethod, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"Rempart\"";
        return Task.CompletedTask;
    }

    public static bool TryReadBearer(HttpRequest request, out string token)
    {
        token = "";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = header["Bearer ".Length..].Trim();
        return token.Length > 0;
    }
}

/// <summary>Claims Rempart adds to a signed-in principal.</summary>
internal static class RempartClaims
{
    public const string DisplayName = "rempart:name";
    public const string Language = "rempart:lang";
    public const string AuthenticationMethod = "rempart:amr";
}

/// <summary>Adds the display name and preferred language to the principal (cookie and token alike).</summary>
internal sealed class RempartClaimsPrincipalFactory(UserManager<RempartUser> users, RoleManager<RempartRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<RempartUser, RempartRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(RempartUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(RempartClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(RempartClaims.Language, user.PreferredLanguage));
        return identity;
    }
}
