using System.Globalization;
using Microsoft.AspNetCore.Identity;
using OtpNet;
using Rempart.Core.Auditing;
using Rempart.Core.Data;

namespace Rempart.Core.Access;

/// <summary>What a person needs to add Rempart to an authenticator app: the secret, grouped for reading, and its otpauth address.</summary>
public sealed record AuthenticatorSetup(string Key, string GroupedKey, string OtpAuthUri);

/// <summary>
/// Two-factor sign-in with a time-based code (RFC 6238: 6 digits, 30 seconds, as every authenticator app makes them)
/// and ten single-use recovery codes. Administrators and programme officers must use it: until they have set it up,
/// their session reaches only the set-up page. The secret and the recovery codes live in ASP.NET Core Identity's store
/// and never appear in the audit trail.
/// </summary>
public sealed class TwoFactorService(UserManager<RempartUser> users, IUserStore<RempartUser> store, AuditLog audit, TimeProvider time)
{
    public const int RecoveryCodeCount = 10;

    private const string Issuer = "Rempart";

    /// <summary>True for the roles that must sign in with a second factor.</summary>
    public static bool IsRequiredFor(IEnumerable<string> roles) =>
        roles.Any(r => r is RoleNames.ProgrammeAdministrator or RoleNames.ProgrammeOfficer);

    public async Task<bool> IsRequiredAsync(RempartUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return IsRequiredFor(await users.GetRolesAsync(user));
    }

    /// <summary>The person's authenticator secret, made on first use; the same until enrolment succeeds or an administrator resets it.</summary>
    public async Task<AuthenticatorSetup> SetupAsync(RempartUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // Made without changing the security stamp (Identity's reset changes it): opening the set-up page must not
            // sign the person out of the sessions they have open, this one included.
            var keys = (IUserAuthenticatorKeyStore<RempartUser>)store;
            await keys.SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), CancellationToken.None);
            var saved = await users.UpdateAsync(user);
            if (!saved.Succeeded)
            {
                throw new DomainRuleException("Account.Invalid", string.Join(" ", saved.Errors.Select(e => e.Description)));
            }

            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("The store kept no authenticator key.");
        }

        var grouped = string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));
        var account = user.Email ?? user.UserName ?? user.Id.ToString();
        var uri = string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30");
        return new AuthenticatorSetup(key, grouped, uri);
    }

    /// <summary>
    /// Turns two-factor sign-in on when the code proves the app holds the secret; returns the new recovery codes
    /// (shown once) or null when the code is wrong.
    /// </summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(RempartUser user, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalise(code)))
        {
            return null;
        }

        var enabled = await users.SetTwoFactorEnabledAsync(user, true);
        if (!enabled.Succeeded)
        {
            throw new DomainRuleException("Account.Invalid", string.Join(" ", enabled.Errors.Select(e => e.Description)));
        }

        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? [];
        await audit.RecordAsync(Self(user), null, "account.two-factor.enable", user.Email ?? user.Id.ToString(), null, cancellationToken);
        return [.. codes];
    }

    /// <summary>Ten new recovery codes; the old ones stop working.</summary>
    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(RempartUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            throw new DomainRuleException("TwoFactor.NotEnabled");
        }

        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? [];
        await audit.RecordAsync(Self(user), null, "account.two-factor.recovery-codes", user.Email ?? user.Id.ToString(), null, cancellationToken);
        return [.. codes];
    }

    public async Task<int> RecoveryCodesLeftAsync(RempartUser user) => await users.CountRecoveryCodesAsync(user);

    /// <summary>Turns the second factor off at the person's request, proven by a current code; refused for the roles that must keep it.</summary>
    public async Task<bool> DisableAsync(RempartUser user, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await IsRequiredAsync(user))
        {
            throw new DomainRuleException("TwoFactor.Required");
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalise(code)))
        {
            return false;
        }

        await ClearAsync(user);
        await audit.RecordAsync(Self(user), null, "account.two-factor.disable", user.Email ?? user.Id.ToString(), null, cancellationToken);
        return true;
    }

    /// <summary>
    /// An administrator's reset for someone who lost their phone and their recovery codes: the second factor is off,
    /// the secret replaced, sessions end; a person who must use it sets it up again at their next sign-in.
    /// </summary>
    public async Task<RempartUser> ResetAsync(Viewer? administrator, string email, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email) ?? throw new DomainRuleException("Account.NotFound");
        await ClearAsync(user);
        await audit.RecordAsync(administrator, null, "account.two-factor.reset", user.Email ?? user.Id.ToString(), null, cancellationToken);
        return user;
    }

    /// <summary>
    /// The code an authenticator app shows now for this secret. Used only to print the published demo accounts' code
    /// on the demo workspace's sign-in page; real accounts' secrets are never read back.
    /// </summary>
    public string CurrentCode(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(time.GetUtcNow().UtcDateTime);

    /// <summary>Sets a chosen secret and turns the second factor on (the demo workspace's published accounts).</summary>
    public async Task EnrolWithKeyAsync(RempartUser user, string key)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (Base32Encoding.ToBytes(key).Length < 10)
        {
            throw new DomainRuleException("TwoFactor.KeyTooShort");
        }

        await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", key.ToUpperInvariant());
        await users.SetTwoFactorEnabledAsync(user, true);
    }

    private static Viewer Self(RempartUser user) => Viewer.WithoutRoles(user.Id);

    private async Task ClearAsync(RempartUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await users.UpdateSecurityStampAsync(user);
    }

    /// <summary>A recovery code as Identity stores it (<c>XXXXX-XXXXX</c>), however it was typed: case, spaces and the dash.</summary>
    public static string RecoveryForm(string? code)
    {
        var plain = Normalise(code).ToUpperInvariant();
        return plain.Length == 10 ? plain[..5] + "-" + plain[5..] : plain;
    }

    /// <summary>Codes as people type them: spaces and dashes dropped.</summary>
    public static string Normalise(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();
}
