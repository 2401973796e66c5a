using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Rempart.Core.Data;

/// <summary>The database engine Rempart runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: one SQLite file in WAL mode.</summary>
    Sqlite,

    /// <summary>Server mode: several app instances share one PostgreSQL database.</summary>
    Postgres,
}

/// <summary>
/// The resolved and validated database settings, read once from configuration
/// (<c>Database:Provider</c>, <c>ConnectionStrings:Rempart</c>, <c>Database:MigrateOnStart</c>).
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, bool MigrateOnStart)
{
    public const string ProviderKey = "Database:Provider";
    public const string ConnectionStringKey = "ConnectionStrings:Rempart";
    public const string MigrateOnStartKey = "Database:MigrateOnStart";
    public const string DefaultSqliteConnectionString = "Data Source=data/rempart.db";

    /// <summary>
    /// Reads the settings and stops with a <see cref="ConfigurationException"/> naming the setting and a valid
    /// example when one is missing or malformed. A relative SQLite file path is resolved against
    /// <paramref name="workingDirectory"/>, and its folder is created.
    /// </summary>
    public static DatabaseSettings FromConfiguration(IConfiguration configuration, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var providerText = configuration[ProviderKey];
        DatabaseProvider provider;
        if (string.IsNullOrWhiteSpace(providerText))
        {
            provider = DatabaseProvider.Sqlite;
        }
        else if (!Enum.TryParse(providerText.Trim(), ignoreCase: true, out provider) || !Enum.IsDefined(provider))
        {
            throw new ConfigurationException(ProviderKey,
                $"'{providerText}' is not a supported database provider. Use Sqlite (embedded default) or Postgres.",
                "Database__Provider=Postgres");
        }

        var connectionString = configuration[ConnectionStringKey];
        // The embedded default looks after itself; a server deployment migrates with `rempart migrate`.
        var migrateOnStart = OptionalBool(configuration, MigrateOnStartKey, provider == DatabaseProvider.Sqlite, "Database__MigrateOnStart=true");

        return provider switch
        {
            DatabaseProvider.Sqlite => new DatabaseSettings(provider, NormaliseSqlite(connectionString, workingDirectory), migrateOnStart),
            DatabaseProvider.Postgres => new DatabaseSettings(provider, NormalisePostgres(connectionString), migrateOnStart),
        };
    }

    private static string NormaliseSqlite(string? connectionString, string workingDirectory)
    {
        const string example = "ConnectionStrings__Rempart=\"Data Source=data/rempart.db\"";
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnectionString : connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ConfigurationException(ConnectionStringKey, $"the SQLite connection string cannot be read ({e.Message}).", example);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ConfigurationException(ConnectionStringKey, "the SQLite connection string names no file (Data Source).", example);
        }

        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(builder.DataSource, workingDirectory);
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                try
                {
                    Directory.CreateDirectory(folder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new ConfigurationException(ConnectionStringKey, $"the folder '{folder}' for the SQLite file cannot be created ({e.Message}).", example);
                }
            }

            builder.DataSource = path;
        }

        // Foreign keys are always on; the pool keeps one file handle warm.
        builder.ForeignKeys = true;
        builder.Pooling = true;
        return builder.ToString();
    }

    private static string NormalisePostgres(string? connectionString)
    {
        const string example = "ConnectionStrings__Rempart=\"Host=db.internal;Port=5432;Database=rempart;Username=rempart;Password=...\"";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ConfigurationException(ConnectionStringKey, "is required when Database:Provider is Postgres.", example);
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ConfigurationException(ConnectionStringKey, $"the PostgreSQL connection string cannot be read ({e.Message}).", example);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ConfigurationException(ConnectionStringKey, "the PostgreSQL connection string names no Host.", example);
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new ConfigurationException(ConnectionStringKey, "the PostgreSQL connection string names no Database.", example);
        }

        // Statements the app runs again and again (a save, a page) are prepared once per connection, so the server
        // stops parsing and planning them on every request. A connection string that sets it keeps its own value.
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    /// <summary>A true/false setting; its default when absent; a clear error when it is neither.</summary>
    public static bool OptionalBool(IConfiguration configuration, string key, bool defaultValue, string example)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        return bool.TryParse(text, out var value) ? value : throw new ConfigurationException(key, $"'{text}' is not true or false.", example);
    }

    /// <summary>A description safe for logs: the file or host and database, never a password.</summary>
    public string Describe() => Provider switch
    {
        DatabaseProvider.Sqlite => $"SQLite file {new SqliteConnectionStringBuilder(ConnectionString).DataSource}",
        DatabaseProvider.Postgres => DescribePostgres(new NpgsqlConnectionStringBuilder(ConnectionString)),
    };

    private static string DescribePostgres(DbConnectionStringBuilder builder) =>
        $"PostgreSQL database {builder["Database"]} on {builder["Host"]}:{(builder.TryGetValue("Port", out var port) ? port : 5432)}";
}

/// <summary>A setting is missing or malformed: start-up stops with the setting's name and a valid example.</summary>
public sealed class ConfigurationException(string setting, string problem, string example)
    : Exception($"Setting '{setting}': {problem} Example: {example}")
{
    public string Setting { get; } = setting;

    public string Example { get; } = example;
}
