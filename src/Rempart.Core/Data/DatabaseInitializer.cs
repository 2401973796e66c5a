using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rempart.Core.Access;

namespace Rempart.Core.Data;

/// <summary>Brings a database to the current schema and reference state.</summary>
public sealed class DatabaseInitializer(AppDbContext db, RoleManager<RempartRole> roles, DatabaseSettings settings, ILogger<DatabaseInitializer> logger)
{
    /// <summary>Applies pending migrations; returns the names of those applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        // An up-to-date database is left alone: Migrate would also compare the model with the last migration's
        // snapshot, which costs a good part of a second at every start.
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (settings.Provider == DatabaseProvider.Sqlite && pending.Count > 0)
        {
            // WAL lets readers and the writer work at once; the mode is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        if (pending.Count > 0)
        {
            logger.LogInformation("Applied {Count} migration(s) to {Database}: {Migrations}", pending.Count, settings.Describe(), string.Join(", ", pending));
        }

        await EnsureRolesAsync(cancellationToken);
        return pending;
    }

    /// <summary>Migrations that the database still lacks (a server started without migrating warns about them).</summary>
    public async Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken = default) =>
        [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];

    /// <summary>Creates the six roles where missing.</summary>
    public async Task EnsureRolesAsync(CancellationToken cancellationToken = default)
    {
        // One query when they are all there (every start but the first).
        var normalized = RoleNames.All.Select(n => n.ToUpperInvariant()).ToList();
        if (await db.Roles.CountAsync(r => normalized.Contains(r.NormalizedName!), cancellationToken) == normalized.Count)
        {
            return;
        }

        foreach (var name in RoleNames.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await roles.RoleExistsAsync(name))
            {
                var result = await roles.CreateAsync(new RempartRole(name));
                if (!result.Succeeded && !await roles.RoleExistsAsync(name))
                {
                    throw new InvalidOperationException($"Role {name} could not be created: {string.Join(" ", result.Errors.Select(e => e.Description))}");
                }
            }
        }
    }
}
