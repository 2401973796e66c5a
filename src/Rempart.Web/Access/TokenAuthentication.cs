using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rempart.Core.Access;
using Rempart.Core.Data;

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
    AttemptThrottle throttle,
    AppDbContext db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryReadBearer(Request, out var presented))
        {
            return AuthenticateResult.NoResult();
        }

        if (throttle.RetryAfter(AttemptThrottle.Token, Context) is { } wait)
        {
            Context.Items[ThrottledKey] = wait;
            return AuthenticateResult.Fail("Too many failed token uses from this address.");
        }

        // A scripted request is short: it keeps one database connection from here to its end (the request's context
        // closes it) instead of taking one from the pool and giving it back around each of its queries.
        await db.Database.OpenConnectionAsync(Context.RequestAborted);
        var owner = await tokens.ValidateAsync(presented, Context.RequestAborted);
        if (owner is null)
        {
            throttle.Failed(AttemptThrottle.Token, Context);
            return AuthenticateResult.Fail("The access token is unknown, revoked or expired.");
        }

        // The principal is built from the token's owner and roles, read with the token in one query (not by Identity's
        // claims factory, which reads the user, its claims, its roles and each role's claims again on every request).
        var (user, roles) = (owner.User, owner.Roles);
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()));
        identity.AddClaim(new Claim(ClaimTypes.Name, user.UserName ?? user.Email ?? ""));
        identity.AddClaim(new Claim(RempartClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(RempartClaims.Language, user.PreferredLanguage));
        identity.AddClaim(new Claim(RempartClaims.AuthenticationMethod, SchemeName));
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private const string ThrottledKey = "rempart:token-throttled";

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledKey] is TimeSpan wait)
        {
            AttemptThrottle.Refuse(Context, wait);
            return Task.CompletedTask;
        }

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

    /// <summary>Present while an account that must sign in with a second factor has not set one up.</summary>
    public const string TwoFactorSetupRequired = "rempart:2fa-setup";
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
        if (!user.TwoFactorEnabled && TwoFactorService.IsRequiredFor(identity.FindAll(Options.ClaimsIdentity.RoleClaimType).Select(c => c.Value)))
        {
            identity.AddClaim(new Claim(RempartClaims.TwoFactorSetupRequired, "true"));
        }

        return identity;
    }
}
