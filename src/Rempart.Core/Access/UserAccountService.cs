using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Data;

namespace Rempart.Core.Access;

/// <summary>One account as an administrator lists it.</summary>
public sealed record UserAccountView(Guid Id, string Email, string DisplayName, string Language, IReadOnlyList<string> Roles, bool IsDisabled, DateTimeOffset? LockedOutUntil);

/// <summary>The result of creating an account; <see cref="GeneratedPassword"/> is set when none was given.</summary>
public sealed record CreatedAccount(RempartUser User, string? GeneratedPassword);

/// <summary>Account administration (used by the CLI and the administration pages).</summary>
public sealed class UserAccountService(UserManager<RempartUser> users, AppDbContext db, LanguageSettings languages, TimeProvider time)
{
    public async Task<CreatedAccount> AddAsync(string email, string displayName, string role, string? language, string? password, CancellationToken cancellationToken = default)
    {
        var canonicalRole = RoleNames.Canonical(role) ?? throw new DomainRuleException("Account.RoleUnknown", role, string.Join(", ", RoleNames.All));
        var lang = string.IsNullOrWhiteSpace(language) ? languages.Default : language.Trim().ToLowerInvariant();
        if (!languages.Supports(lang))
        {
            throw new DomainRuleException("Account.LanguageUnknown", lang, string.Join(", ", languages.Cultures));
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new DomainRuleException("Account.EmailTaken", email);
        }

        var generated = password is null ? GeneratePassword() : null;
        var user = new RempartUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Trim() : displayName.Trim(),
            PreferredLanguage = lang,
            CreatedAt = time.GetUtcNow(),
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, password ?? generated!);
        if (!created.Succeeded)
        {
            var reasons = string.Join(" ", created.Errors.Select(e => e.Description));
            throw created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal))
                ? new DomainRuleException("Account.PasswordRejected", reasons)
                : new DomainRuleException("Account.Invalid", reasons);
        }

        var added = await users.AddToRoleAsync(user, canonicalRole);
        if (!added.Succeeded)
        {
            throw new DomainRuleException("Account.Invalid", string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        await transaction.CommitAsync(cancellationToken);
        return new CreatedAccount(user, generated);
    }

    public async Task<IReadOnlyList<UserAccountView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.Users.AsNoTracking()
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                u.PreferredLanguage,
                u.IsDisabled,
                u.LockoutEnd,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToList(),
            })
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return
        [
            .. rows.OrderBy(r => r.Email, StringComparer.OrdinalIgnoreCase).Select(r => new UserAccountView(
                r.Id, r.Email ?? "", r.DisplayName, r.PreferredLanguage, [.. r.Roles.OfType<string>()], r.IsDisabled,
                r.LockoutEnd > now && !r.IsDisabled ? r.LockoutEnd : null)),
        ];
    }

    /// <summary>Disables an account: it cannot sign in, its sessions end at their next check, its tokens stop working.</summary>
    public async Task<RempartUser> DisableAsync(string email, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email) ?? throw new DomainRuleException("Account.NotFound");
        user.IsDisabled = true;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        return user;
    }

    /// <summary>
    /// An administrator sets a new password (the way back in when no e-mail can be sent): a generated one when none is
    /// given, shown once. The lockout is lifted and every session of the account ends.
    /// </summary>
    public async Task<(RempartUser User, string? GeneratedPassword)> SetPasswordAsync(string email, string? password, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email) ?? throw new DomainRuleException("Account.NotFound");
        var generated = password is null ? GeneratePassword() : null;
        var hasher = users.PasswordHasher;
        foreach (var validator in users.PasswordValidators)
        {
            var valid = await validator.ValidateAsync(users, user, password ?? generated!);
            if (!valid.Succeeded)
            {
                throw new DomainRuleException("Account.PasswordRejected", string.Join(" ", valid.Errors.Select(e => e.Description)));
            }
        }

        user.PasswordHash = hasher.HashPassword(user, password ?? generated!);
        if (!user.IsDisabled)
        {
            user.LockoutEnd = null;
        }

        user.AccessFailedCount = 0;
        await users.UpdateSecurityStampAsync(user);
        cancellationToken.ThrowIfCancellationRequested();
        return (user, generated);
    }

    public async Task<RempartUser> FindByEmailAsync(string email) =>
        await users.FindByEmailAsync(email) ?? throw new DomainRuleException("Account.NotFound");

    /// <summary>A random password that satisfies <see cref="IdentityPolicy"/>: 20 characters from upper, lower and digits.</summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string lower = "abcdefghijkmnopqrstuvwxyz";
        const string digits = "23456789";
        const string all = upper + lower + digits;
        var chars = new char[20];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        for (var i = 3; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
