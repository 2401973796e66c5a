using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Data;

namespace Rempart.Core.Access;

/// <summary>A new token: the secret (shown once) and its stored record.</summary>
public sealed record CreatedAccessToken(string Token, PersonalAccessToken Record);

/// <summary>Who a valid token acts for, and the names of their roles.</summary>
public sealed record TokenOwner(RempartUser User, IReadOnlyList<string> Roles);

/// <summary>Creates, checks and revokes personal access tokens.</summary>
public sealed class AccessTokenService(AppDbContext db, TimeProvider time)
{
    /// <summary>Every token starts with this, so that secret scanners and people recognise it.</summary>
    public const string TokenPrefix = "rpat_";
    public const int MaxLifetimeDays = 366;
    private const int PrefixLength = 12;

    public async Task<CreatedAccessToken> CreateAsync(Guid userId, string name, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new DomainRuleException("Token.NameInvalid");
        }

        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(MaxLifetimeDays))
        {
            throw new DomainRuleException("Token.LifetimeInvalid", MaxLifetimeDays);
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new DomainRuleException("Account.NotFound");
        if (user.IsDisabled)
        {
            throw new DomainRuleException("Token.AccountDisabled");
        }

        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var record = new PersonalAccessToken
        {
            UserId = userId,
            Name = name.Trim(),
            Prefix = token[..PrefixLength],
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        db.PersonalAccessTokens.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedAccessToken(token, record);
    }

    /// <summary>
    /// The enabled user a presented token belongs to, with the names of their roles (one query for both), or null
    /// when the token is unknown, revoked, expired, or its owner is disabled or locked out.
    /// </summary>
    public async Task<TokenOwner?> ValidateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(presented) || !presented.StartsWith(TokenPrefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return null;
        }

        var hash = Hash(presented);
        var found = await db.PersonalAccessTokens
            .Where(t => t.TokenHash == hash)
            .Select(t => new
            {
                Token = t,
                t.User,
                Roles = db.UserRoles.Where(ur => ur.UserId == t.UserId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (found?.User is null || !found.Token.IsActiveAt(now) || found.User.IsDisabled || found.User.LockoutEnd > now)
        {
            return null;
        }

        // One write a minute at most, not one per request.
        if (found.Token.LastUsedAt is null || now - found.Token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            found.Token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return new TokenOwner(found.User, found.Roles);
    }

    /// <summary>Revokes one of the owner's tokens; false when the owner has no such token.</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid tokenId, CancellationToken cancellationToken = default)
    {
        var record = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        return record is not null && await RevokeAsync(record, cancellationToken);
    }

    /// <summary>Revokes a token by its id or its displayed prefix, whoever owns it (administration).</summary>
    public async Task<PersonalAccessToken?> RevokeAnyAsync(string idOrPrefix, CancellationToken cancellationToken = default)
    {
        var record = Guid.TryParse(idOrPrefix, out var id)
            ? await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
            : await db.PersonalAccessTokens.Where(t => t.Prefix == idOrPrefix).ToListAsync(cancellationToken) is [var only] ? only : null;
        if (record is null)
        {
            return null;
        }

        await RevokeAsync(record, cancellationToken);
        return record;
    }

    public async Task<IReadOnlyList<PersonalAccessToken>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var tokens = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        return [.. tokens.OrderByDescending(t => t.CreatedAt)];
    }

    private async Task<bool> RevokeAsync(PersonalAccessToken record, CancellationToken cancellationToken)
    {
        if (record.RevokedAt is null)
        {
            record.RevokedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    internal static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
