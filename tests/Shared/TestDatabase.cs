using Microsoft.Data.Sqlite;
using Npgsql;
using Rempart.Core.Data;

namespace Rempart.Tests.Support;

/// <summary>
/// A fresh, empty database on the provider under test: <c>REMPART_TEST_PROVIDER=Sqlite|Postgres</c> (the test
/// script runs the suite once for each), PostgreSQL reached through <c>REMPART_TEST_POSTGRES</c>.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
    }

    public static DatabaseProvider ProviderUnderTest =>
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable("REMPART_TEST_PROVIDER"), ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("REMPART_TEST_POSTGRES") is { Length: > 0 } s ? s : "Host=127.0.0.1;Port=55432;Username=postgres";

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static TestDatabase Create()
    {
        var name = "rempart_t_" + Guid.NewGuid().ToString("N")[..16];
        if (ProviderUnderTest == DatabaseProvider.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, Pooling = false };
            return new TestDatabase(DatabaseProvider.Postgres, builder.ConnectionString, null);
        }

        var file = Path.Combine(Path.GetTempPath(), name + ".db");
        return new TestDatabase(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = file }.ToString(), file);
    }

    /// <summary>Configuration that points Rempart at this database.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        [DatabaseSettings.ProviderKey] = Provider.ToString(),
        [DatabaseSettings.ConnectionStringKey] = ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            var admin = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(ConnectionString).Database}\" WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
        }
        else if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }
    }
}
