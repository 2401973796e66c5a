using Microsoft.EntityFrameworkCore;
using Rempart.Core.Data;

namespace Rempart.Core.Access;

/// <summary>People's display names for the "by whom" of lists and histories.</summary>
internal static class DisplayNames
{
    /// <summary>
    /// The display name of each of these users, in one query of two columns, untracked: not whole account rows
    /// (password hashes included) for a name. Unknown ids are absent from the result.
    /// </summary>
    public static async Task<Dictionary<Guid, string>> DisplayNamesAsync(this AppDbContext db, IEnumerable<Guid> users, CancellationToken cancellationToken)
    {
        var ids = users.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName })
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }
}
