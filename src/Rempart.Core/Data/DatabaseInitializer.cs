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
        await db.Database.MigrateAsync(cancellationToken);
        if (settings.Provider == DatabaseProvider.Sqlite)
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
