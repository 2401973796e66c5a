using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Rempart.Core.Data;

public static class DataServices
{
    /// <summary>Registers <see cref="AppDbContext"/> on the configured provider.</summary>
    public static IServiceCollection AddRempartDatabase(this IServiceCollection services, DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => ConfigureSqlite(o, settings.ConnectionString));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<AppDbContext, PostgresAppDbContext>(o => ConfigurePostgres(o, settings.ConnectionString));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown provider.");
        }

        return services;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName))
            // SQLite rebuilds a table to change it and switches foreign keys off around that, outside the migration's
            // transaction; EF warns about it at every such migration. It is expected here, not a fault.
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.NonTransactionalMigrationOperationWarning))
            .AddInterceptors(SqliteBusyTimeout.Instance, Auditing.AuditInterceptor.Instance);

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName))
            .AddInterceptors(Auditing.AuditInterceptor.Instance);
}

/// <summary>Lets <c>dotnet ef migrations add ... --context SqliteAppDbContext</c> build the context without a host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataServices.ConfigureSqlite(builder, "Data Source=design-time.db");
        return new SqliteAppDbContext(builder.Options);
    }
}

/// <summary>Lets <c>dotnet ef migrations add ... --context PostgresAppDbContext</c> build the context without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DataServices.ConfigurePostgres(builder, "Host=localhost;Database=rempart_design");
        return new PostgresAppDbContext(builder.Options);
    }
}

/// <summary>
/// Lets SQLite itself wait for a busy write lock (up to 10 s) instead of failing at once and having the driver
/// sleep and retry: forty people saving during a workshop queue for the lock rather than back off. The setting
/// lives as long as the pooled SQLite handle, so it is set once per handle, not at every open.
/// </summary>
internal sealed class SqliteBusyTimeout : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    private const string Pragma = "PRAGMA busy_timeout = 10000;";

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Done = [];

    private static bool FirstTime(System.Data.Common.DbConnection connection) =>
        connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } || Done.TryAdd(handle, handle);

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (FirstTime(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (FirstTime(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
