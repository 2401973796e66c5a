using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Data;

namespace Rempart.Web.Access;

/// <summary>
/// Signing out ends the session on the server, not only in the browser: each sign-in carries a session id in its
/// ticket, and signing out records that id (among the person's Identity tokens, until the session would have ended
/// anyway), so a copy of the cookie taken before is refused on its next request, on every instance.
/// </summary>
internal static class SessionRevocation
{
    /// <summary>The ticket property that names the session.</summary>
    public const string SessionKey = "rempart:sid";

    private const string Provider = "rempart:signed-out";

    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>Records the session as ended; forgets the person's sessions that have expired since.</summary>
    public static async Task RevokeAsync(AppDbContext db, Guid userId, string sessionId, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var mine = await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == Provider).ToListAsync(cancellationToken);
        db.UserTokens.RemoveRange(mine.Where(t => !DateTimeOffset.TryParse(t.Value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var end) || end < now));
        if (mine.All(t => t.Name != sessionId))
        {
            db.UserTokens.Add(new IdentityUserToken<Guid>
            {
                UserId = userId, LoginProvider = Provider, Name = sessionId,
                Value = until.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Whether the session was signed out (one lookup by the token table's primary key).</summary>
    public static Task<bool> IsRevokedAsync(AppDbContext db, Guid userId, string sessionId, CancellationToken cancellationToken) =>
        db.UserTokens.AnyAsync(t => t.UserId == userId && t.LoginProvider == Provider && t.Name == sessionId, cancellationToken);
}
