using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Rempart.Core.Data;

/// <summary>One table's content: how many rows and a SHA-256 over every row, in primary-key order.</summary>
public sealed record TableDigest(string Table, long Rows, string Sha256);

/// <summary>What a backup holds, written beside it as <c>&lt;file&gt;.manifest.json</c>; a restore checks the database against it.</summary>
public sealed record BackupManifest(string Provider, DateTimeOffset At, string File, long Bytes, string FileSha256, string Migration, IReadOnlyList<TableDigest> Tables);

/// <summary>
/// <c>rempart backup</c> and <c>rempart restore</c>: SQLite with its online backup (a consistent copy while the app runs),
/// PostgreSQL with pg_dump and pg_restore (custom format, in one transaction). Each backup writes a manifest of
/// every table's row count and content digest; a restore recomputes them and says whether the content is identical.
/// </summary>
public sealed class BackupService(AppDbContext db, DatabaseSettings settings)
{
    public static string ManifestPath(string file) => file + ".manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Every table of the model (Identity and data-protection keys included) with its digest, in name order.</summary>
    public async Task<IReadOnlyList<TableDigest>> DigestAsync(CancellationToken cancellationToken = default)
    {
        var tables = db.Model.GetEntityTypes()
            .Where(t => t.GetTableName() is not null && !t.IsOwned() && t.GetViewName() is null)
            .Select(t => (Table: t.GetTableName()!, Key: t.FindPrimaryKey()?.Properties.Select(p => p.GetColumnName()).ToList() ?? []))
            .DistinctBy(t => t.Table).OrderBy(t => t.Table, StringComparer.Ordinal).ToList();
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            var result = new List<TableDigest>();
            foreach (var (table, key) in tables)
            {
                await using var command = connection.CreateCommand();
                var order = key.Count == 0 ? "" : " ORDER BY " + string.Join(", ", key.Select(Quote));
                command.CommandText = $"SELECT * FROM {Quote(table)}{order}";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long rows = 0;
                var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows++;
                    for (var i = 0; i < columns.Count; i++)
                    {
                        hash.AppendData(Encoding.UTF8.GetBytes(Text(reader, i)));
                        hash.AppendData("\u001f"u8);
                    }

                    hash.AppendData("\u001e"u8);
                }

                result.Add(new TableDigest(table, rows, Convert.ToHexStringLower(hash.GetHashAndReset())));
            }

            return result;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A value as invariant text, the same whatever the provider hands back for it (bytes as hex, times in UTC).</summary>
    private static string Text(DbDataReader reader, int i)
    {
        if (reader.IsDBNull(i))
        {
            return "\u0000";
        }

        return reader.GetValue(i) switch
        {
            byte[] bytes => Convert.ToHexStringLower(bytes),
            DateTime d => d.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString() ?? "",
        };
    }

    private async Task<string> MigrationAsync(CancellationToken cancellationToken) =>
        (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault() ?? "";

    /// <summary>Writes a consistent copy of the database to <paramref name="file"/> and its manifest beside it.</summary>
    public async Task<BackupManifest> BackupAsync(string file, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        file = Path.GetFullPath(file);
        if (File.Exists(file))
        {
            throw new DomainRuleException("Backup.Exists", file);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var digest = await DigestAsync(cancellationToken);
        var migration = await MigrationAsync(cancellationToken);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await using var source = new SqliteConnection(settings.ConnectionString);
            await source.OpenAsync(cancellationToken);
            await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
            await target.OpenAsync(cancellationToken);
            source.BackupDatabase(target);
            await using var check = target.CreateCommand();
            // One self-contained file, whatever the live database's journal.
            check.CommandText = "PRAGMA journal_mode=DELETE";
            await check.ExecuteNonQueryAsync(cancellationToken);
            check.CommandText = "PRAGMA integrity_check";
            var verdict = (string?)await check.ExecuteScalarAsync(cancellationToken);
            if (verdict != "ok")
            {
                throw new DomainRuleException("Backup.Corrupt", file, verdict ?? "");
            }
        }
        else
        {
            await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", file], cancellationToken);
        }

        var manifest = new BackupManifest(settings.Provider.ToString(), DateTimeOffset.UtcNow, Path.GetFileName(file), new FileInfo(file).Length, await FileHashAsync(file, cancellationToken), migration, digest);
        await File.WriteAllTextAsync(ManifestPath(file), JsonSerializer.Serialize(manifest, Json) + "\n", new UTF8Encoding(false), cancellationToken);
        return manifest;
    }

    /// <summary>
    /// Replaces the database's content with a backup's, then recomputes every table's digest; returns the tables that
    /// differ from the manifest (none: identical). Refuses a file that does not match its manifest.
    /// </summary>
    public async Task<IReadOnlyList<string>> RestoreAsync(string file, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        file = Path.GetFullPath(file);
        if (!File.Exists(file))
        {
            throw new DomainRuleException("Cli.FileMissing", file);
        }

        if (!File.Exists(ManifestPath(file)))
        {
            throw new DomainRuleException("Backup.NoManifest", ManifestPath(file));
        }

        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(ManifestPath(file), cancellationToken), Json)
            ?? throw new DomainRuleException("Backup.NoManifest", ManifestPath(file));
        if (manifest.Provider != settings.Provider.ToString())
        {
            throw new DomainRuleException("Backup.OtherProvider", file, manifest.Provider, settings.Provider.ToString());
        }

        if (await FileHashAsync(file, cancellationToken) != manifest.FileSha256)
        {
            throw new DomainRuleException("Backup.Altered", file);
        }

        db.ChangeTracker.Clear();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await source.OpenAsync(cancellationToken);
            await using var target = new SqliteConnection(settings.ConnectionString);
            await target.OpenAsync(cancellationToken);
            source.BackupDatabase(target);
            await using (var wal = target.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode=WAL";
                await wal.ExecuteNonQueryAsync(cancellationToken);
            }

            SqliteConnection.ClearAllPools();
        }
        else
        {
            await RunAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", file], cancellationToken);
            NpgsqlConnection.ClearAllPools();
        }

        var now = await DigestAsync(cancellationToken);
        var expected = manifest.Tables.ToDictionary(t => t.Table, StringComparer.Ordinal);
        return [.. now.Where(t => !expected.TryGetValue(t.Table, out var e) || e.Rows != t.Rows || e.Sha256 != t.Sha256).Select(t => t.Table)
            .Concat(manifest.Tables.Select(t => t.Table).Except(now.Select(t => t.Table), StringComparer.Ordinal))];
    }

    private static async Task<string> FileHashAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>Runs a PostgreSQL client tool with the connection in its environment (the password never on a command line).</summary>
    private async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var c = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.ArgumentList.Add("--dbname");
        start.ArgumentList.Add(c.Database ?? "");
        start.Environment["PGHOST"] = c.Host ?? "localhost";
        start.Environment["PGPORT"] = c.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = c.Username ?? "";
        if (!string.IsNullOrEmpty(c.Password))
        {
            start.Environment["PGPASSWORD"] = c.Password;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DomainRuleException("Backup.ToolMissing", tool);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new DomainRuleException("Backup.ToolMissing", tool);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new DomainRuleException("Backup.ToolFailed", tool, process.ExitCode, (await error).Trim());
            }
        }
    }
}
