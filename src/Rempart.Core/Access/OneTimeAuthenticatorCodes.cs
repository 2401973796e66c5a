using System.Globalization;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace Rempart.Core.Access;

/// <summary>
/// The authenticator app's codes (RFC 6238: 6 digits, 30 seconds, the step before and after accepted for a phone's
/// clock), each accepted once per person: the time step of the last code accepted is kept among the person's Identity
/// tokens, and a code of that step or an earlier one is refused (RFC 6238, section 5.2), so that a code seen over a
/// shoulder or in a proxy's log cannot open a second session. Two sign-ins racing with the same code: the account's
/// concurrency stamp lets one through.
/// </summary>
public sealed class OneTimeAuthenticatorCodes(Microsoft.Extensions.Configuration.IConfiguration configuration) : IUserTwoFactorTokenProvider<RempartUser>
{
    // The phone's clock is the real one: codes are checked against it, whatever clock the rest of the app is given.
    private static readonly TimeProvider Clock = TimeProvider.System;

    public const string Name = "RempartAuthenticator";

    private const string Provider = "rempart:totp";
    private const string LastStep = "last-step";

    /// <summary>
    /// Whether a code already accepted is refused: always, except in the test suites, which sign the same demo people
    /// in many times a minute (Security:RefuseReusedCodes=false).
    /// </summary>
    private bool RefuseReusedCodes => Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(configuration, "Security:RefuseReusedCodes", true);

    public Task<string> GenerateAsync(string purpose, UserManager<RempartUser> manager, RempartUser user) => Task.FromResult(string.Empty);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<RempartUser> manager, RempartUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<RempartUser> manager, RempartUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token is not { Length: 6 } || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(Clock.GetUtcNow().UtcDateTime, token, out var step, new VerificationWindow(previous: 1, future: 1)))
        {
            return false;
        }

        if (!RefuseReusedCodes)
        {
            return true;
        }

        var last = await manager.GetAuthenticationTokenAsync(user, Provider, LastStep);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var used) && step <= used)
        {
            return false;
        }

        var kept = await manager.SetAuthenticationTokenAsync(user, Provider, LastStep, step.ToString(CultureInfo.InvariantCulture));
        return kept.Succeeded;
    }

    /// <summary>The code to show for a published demo secret: the current one, or the next one once it was used.</summary>
    public async Task<string?> NextUsableAsync(UserManager<RempartUser> manager, RempartUser user, string key)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var totp = new Totp(Base32Encoding.ToBytes(key));
        var now = Clock.GetUtcNow().UtcDateTime;
        var current = (long)Math.Floor((now - DateTime.UnixEpoch).TotalSeconds / 30);
        var step = current;
        var last = RefuseReusedCodes ? await manager.GetAuthenticationTokenAsync(user, Provider, LastStep) : null;
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var used) && step <= used)
        {
            step = used + 1;
        }

        // Codes of the next step are accepted now too (a phone a little ahead); beyond that, the person waits.
        return step <= current + 1 ? totp.ComputeTotp(DateTime.UnixEpoch.AddSeconds(step * 30)) : null;
    }
}
