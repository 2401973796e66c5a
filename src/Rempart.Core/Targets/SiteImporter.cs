using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Rempart.Core.Data;

namespace Rempart.Core.Targets;

/// <summary>How far an import has gone: rows read and the share of the file read (0-1).</summary>
public sealed record SiteImportProgress(int Rows, double Fraction);

public sealed record SiteImportResult(Guid ImportId, string File, int Rows, int Added, int Updated, TimeSpan Elapsed);

/// <summary>An import refused: every problem found (up to <see cref="SiteImporter.MaxProblems"/>), nothing written.</summary>
public sealed class SiteImportException(string file, IReadOnlyList<SiteProblem> problems)
    : Exception($"{file}: {problems.Count} problem(s); first: row {problems[0].Row}, column {problems[0].Column}: {problems[0].MessageIn(System.Globalization.CultureInfo.InvariantCulture)}")
{
    public string File { get; } = file;

    public IReadOnlyList<SiteProblem> Problems { get; } = problems;
}

/// <summary>
/// Writes a site file into an engagement's inventory, all or nothing, in one transaction, row by row as it is read
/// (memory does not grow with the file). A code already in the inventory updates that site (its risk assessments are
/// kept); a code twice in the file is refused at its second row. SQLite and PostgreSQL get one prepared upsert
/// reused for every row; the first failing row rolls everything back.
/// </summary>
public sealed class SiteImporter(AppDbContext db, TimeProvider time)
{
    public const int MaxProblems = 100;

    private static readonly string[] Written =
        ["Id", "EngagementId", "Code", "NameFr", "NameEn", "Kind", "Sector", "Subsector", "Category", "Operator", "OperatorEntityId", "Latitude", "Longitude",
         "Region", "Capacity", "Measures", "Classification", "ValidFrom", "ValidTo", "ImportId", "CreatedAt", "ConcurrencyStamp"];

    private static readonly string[] Updated = [.. Written.Except(["Id", "EngagementId", "Code", "CreatedAt"])];

    public async Task<SiteImportResult> ImportAsync(Guid engagementId, SiteRules rules, Stream stream, string fileName, IProgress<SiteImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(stream);
        var clock = Stopwatch.StartNew();
        var importId = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        var sqlite = db.Database.IsSqlite();
        var problems = new List<SiteProblem>();
        var rows = 0;
        var added = 0;
        var length = stream.CanSeek ? Math.Max(1, stream.Length) : 0;

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // Inside a caller's transaction (the demo workspace loads in one) the caller commits or rolls back.
            var outer = db.Database.CurrentTransaction;
            await using var own = outer is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            var transaction = outer ?? own!;
            var connection = db.Database.GetDbConnection();
            var before = await CountAsync(connection, transaction.GetDbTransaction(), engagementId, sqlite, cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            var q = sqlite ? "\"" : "\"";
            command.CommandText =
                $"INSERT INTO {q}Sites{q} ({string.Join(", ", Written.Select(c => q + c + q))}) VALUES ({string.Join(", ", Written.Select(c => "@" + c))}) " +
                $"ON CONFLICT ({q}EngagementId{q}, {q}Code{q}) DO UPDATE SET {string.Join(", ", Updated.Select(c => $"{q}{c}{q} = excluded.{q}{c}{q}"))}, {q}UpdatedAt{q} = excluded.{q}CreatedAt{q} " +
                $"WHERE {q}Sites{q}.{q}ImportId{q} IS {(sqlite ? "NOT" : "DISTINCT FROM")} excluded.{q}ImportId{q}";
            var p = Written.ToDictionary(c => c, c =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + c;
                command.Parameters.Add(parameter);
                return parameter;
            });
            if (sqlite)
            {
                foreach (var c in new[] { "Id", "EngagementId", "OperatorEntityId", "ImportId", "ConcurrencyStamp" })
                {
                    ((SqliteParameter)p[c]).SqliteType = SqliteType.Text;
                }
            }
            else
            {
                SetPostgresTypes(p);
            }

            var createdAt = sqlite ? (object)new DateTimeOffsetToBinaryConverter().ConvertToProvider(now)! : now;
            p["EngagementId"].Value = engagementId;
            p["ImportId"].Value = importId;
            p["CreatedAt"].Value = createdAt;
            var prepared = false;
            var codes = sqlite ? null : new Dictionary<string, int>(StringComparer.Ordinal);
            if (sqlite)
            {
                // A larger page cache for this connection only while it imports (bounded, so memory still does not grow
                // with the file); durability and journaling are untouched. Put back before the connection returns to the pool.
                await PragmaAsync(connection, transaction.GetDbTransaction(), $"PRAGMA cache_size = {ImportCacheKib};", cancellationToken);
            }

            foreach (var (number, row) in SiteFiles.Read(stream, fileName))
            {
                cancellationToken.ThrowIfCancellationRequested();
                rows++;
                var site = rules.Check(row, number, problems);
                if (problems.Count >= MaxProblems)
                {
                    break;
                }

                if (site is null || problems.Count > 0)
                {
                    continue;
                }

                if (codes is not null && !codes.TryAdd(site.Code, number))
                {
                    problems.Add(new SiteProblem(number, "code", "Sites.Row.Duplicate", [site.Code, codes[site.Code]]));
                    continue;
                }

                p["Id"].Value = Guid.CreateVersion7();
                p["Code"].Value = site.Code;
                p["NameFr"].Value = site.NameFr;
                p["NameEn"].Value = site.NameEn;
                p["Kind"].Value = site.Kind.ToString();
                p["Sector"].Value = (object?)site.Sector ?? DBNull.Value;
                p["Subsector"].Value = (object?)site.Subsector ?? DBNull.Value;
                p["Category"].Value = (object?)site.Category ?? DBNull.Value;
                p["Operator"].Value = (object?)site.Operator ?? DBNull.Value;
                p["OperatorEntityId"].Value = (object?)site.OperatorEntityId ?? DBNull.Value;
                p["Latitude"].Value = (object?)site.Latitude ?? DBNull.Value;
                p["Longitude"].Value = (object?)site.Longitude ?? DBNull.Value;
                p["Region"].Value = (object?)site.Region ?? DBNull.Value;
                p["Capacity"].Value = (object?)site.Capacity ?? DBNull.Value;
                p["Measures"].Value = MeasuresJson(site.Measures);
                p["Classification"].Value = site.Classification;
                p["ValidFrom"].Value = site.ValidFrom is { } from ? (sqlite ? from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : from) : DBNull.Value;
                p["ValidTo"].Value = site.ValidTo is { } to ? (sqlite ? to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : to) : DBNull.Value;
                p["ConcurrencyStamp"].Value = Guid.NewGuid();
                if (!prepared)
                {
                    await command.PrepareAsync(cancellationToken);
                    prepared = true;
                }

                int affected;
                try
                {
                    // Microsoft.Data.Sqlite runs synchronously anyway; the async path only adds a task per row.
                    affected = sqlite ? command.ExecuteNonQuery() : await command.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (DbException e) when (IsTooLong(e))
                {
                    problems.Add(new SiteProblem(number, "code", "Sites.Row.Unwritable", [site.Code]));
                    continue;
                }

                if (affected == 0)
                {
                    problems.Add(new SiteProblem(number, "code", "Sites.Row.DuplicateInFile", [site.Code]));
                }

                if (progress is not null && rows % 5000 == 0)
                {
                    progress.Report(new SiteImportProgress(rows, length > 0 ? Math.Min(1, stream.Position / (double)length) : 0));
                }
            }

            if (problems.Count > 0)
            {
                if (own is not null)
                {
                    await own.RollbackAsync(CancellationToken.None);
                }

                throw new SiteImportException(fileName, problems);
            }

            if (rows == 0)
            {
                if (own is not null)
                {
                    await own.RollbackAsync(CancellationToken.None);
                }

                throw new DomainRuleException("Import.Empty", fileName);
            }

            var after = await CountAsync(connection, transaction.GetDbTransaction(), engagementId, sqlite, cancellationToken);
            added = (int)(after - before);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            progress?.Report(new SiteImportProgress(rows, 1));
            return new SiteImportResult(importId, fileName, rows, added, rows - added, clock.Elapsed);
        }
        finally
        {
            if (sqlite)
            {
                await ResetCacheAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction());
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The page cache of the import connection, in KiB (SQLite's default is 2 MiB).</summary>
    private const int ImportCacheKib = -32768;

    private static async Task PragmaAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var pragma = connection.CreateCommand();
        pragma.Transaction = transaction;
        pragma.CommandText = sql;
        await pragma.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ResetCacheAsync(DbConnection connection, DbTransaction? outer)
    {
        if (connection.State == System.Data.ConnectionState.Open)
        {
            try
            {
                await PragmaAsync(connection, outer, "PRAGMA cache_size = -2000;", CancellationToken.None);
            }
            catch (DbException)
            {
                // The connection is closed and pooled next; a failed reset only leaves a larger cache on it.
            }
        }
    }

    private static string MeasuresJson(List<string> measures)
    {
        if (measures.Count == 0)
        {
            return "[]";
        }

        if (measures.Count == 1)
        {
            return "[\"" + measures[0] + "\"]";
        }

        // Measure ids are checked against the reference ([a-z-]), so they need no escaping.
        return "[\"" + string.Join("\",\"", measures) + "\"]";
    }

    private static bool IsTooLong(DbException e) => e.SqlState == "22001";

    private static void SetPostgresTypes(Dictionary<string, DbParameter> p)
    {
        void Type(string name, NpgsqlTypes.NpgsqlDbType type) => ((Npgsql.NpgsqlParameter)p[name]).NpgsqlDbType = type;
        foreach (var c in new[] { "Id", "EngagementId", "OperatorEntityId", "ImportId", "ConcurrencyStamp" })
        {
            Type(c, NpgsqlTypes.NpgsqlDbType.Uuid);
        }

        foreach (var c in new[] { "Code", "NameFr", "NameEn", "Kind", "Sector", "Subsector", "Category", "Operator", "Region", "Measures", "Classification" })
        {
            Type(c, NpgsqlTypes.NpgsqlDbType.Text);
        }

        Type("Latitude", NpgsqlTypes.NpgsqlDbType.Double);
        Type("Longitude", NpgsqlTypes.NpgsqlDbType.Double);
        Type("Capacity", NpgsqlTypes.NpgsqlDbType.Bigint);
        Type("ValidFrom", NpgsqlTypes.NpgsqlDbType.Date);
        Type("ValidTo", NpgsqlTypes.NpgsqlDbType.Date);
        Type("CreatedAt", NpgsqlTypes.NpgsqlDbType.TimestampTz);
    }

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction transaction, Guid engagementId, bool sqlite, CancellationToken cancellationToken)
    {
        await using var count = connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = "SELECT COUNT(*) FROM \"Sites\" WHERE \"EngagementId\" = @e";
        var e = count.CreateParameter();
        e.ParameterName = "@e";
        e.Value = engagementId;
        if (sqlite)
        {
            ((SqliteParameter)e).SqliteType = SqliteType.Text;
        }

        count.Parameters.Add(e);
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
