using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Rempart.Bench;

/// <summary>
/// The ceiling: the same saves written straight through ADO.NET on the same database, by as many connections as
/// there were clients, each on its own thread and its own answers. One save is what the app's save must write at
/// the least: in one transaction, the UPDATE of the answer row guarded by its concurrency stamp (new stamp,
/// revision, level, comment, who, when) and the INSERT of its revision row, into the app's own Answers and
/// AnswerRevisions tables (same indexes, same foreign keys). No reads, no HTTP, no authentication, no ORM:
/// what the API costs on top of that is the gap this benchmark shows.
/// </summary>
internal static class RawCeiling
{
    private const string UpdateSql = """
        UPDATE "Answers" SET "Level" = @level, "NotApplicable" = @na, "NotApplicableReason" = NULL, "Comment" = @comment, "EvidenceReference" = NULL,
            "Revision" = @revision, "UpdatedAt" = @at, "UpdatedBy" = @by, "Channel" = 'Web', "Source" = NULL, "ConcurrencyStamp" = @stamp
        WHERE "Id" = @id AND "ConcurrencyStamp" = @expected
        """;

    private const string InsertSql = """
        INSERT INTO "AnswerRevisions" ("Id", "AnswerId", "Revision", "At", "By", "Channel", "Source", "Level", "NotApplicable", "NotApplicableReason", "Comment", "EvidenceReference")
        VALUES (@id, @answer, @revision, @at, @by, 'Web', NULL, @level, @na, NULL, @comment, NULL)
        """;

    public sealed record Outcome(PhaseResult Phase, DatabaseFacts Settings)
    {
        public string Summary() => Phase.Summary();
    }

    /// <summary>One answer row as a raw worker tracks it (ids as the provider stores them: text on SQLite, uuid on PostgreSQL).</summary>
    private sealed class Row(object id, object stamp, int revision, object by)
    {
        public object Id { get; } = id;

        public object Stamp { get; set; } = stamp;

        public int Revision { get; set; } = revision;

        public object By { get; } = by;
    }

    public static async Task<Outcome> RunAsync(Options options, IReadOnlyList<AnswerPair> pairs)
    {
        DatabaseFacts facts;
        Row[] rows;
        await using (var connection = Open(options))
        {
            facts = Facts(connection, options);
            rows = ReadRows(connection, options, pairs);
        }

        var owned = Enumerable.Range(0, options.Clients).Select(c => rows.Where((_, i) => i % options.Clients == c).ToArray()).ToArray();
        var stats = Enumerable.Range(0, options.Clients).Select(_ => new WorkerStats()).ToArray();
        var window = new Window(options.RawWarmup, options.Duration);
        var threads = Enumerable.Range(0, options.Clients)
            .Select(w => new Thread(() => Worker(options, window, w, owned[w], stats[w])) { IsBackground = true, Name = $"raw-{w}" })
            .ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        // The web app is still running (idle) so that the machine is the same as in the API phase; its CPU is read again.
        var opened = await window.OpenedAsync(options.AppPid);
        var closed = await window.ClosedAsync(options.AppPid);
        foreach (var thread in threads)
        {
            thread.Join();
        }

        return new Outcome(PhaseResult.From("raw ADO.NET", stats, window, opened, closed, writerIsBench: true), facts);
    }

    private static DbConnection Open(Options options)
    {
        DbConnection connection = options.IsSqlite ? new SqliteConnection(options.Database) : new NpgsqlConnection(options.Database);
        connection.Open();
        return connection;
    }

    private static DatabaseFacts Facts(DbConnection connection, Options options)
    {
        string Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
        }

        return options.IsSqlite
            ? new DatabaseFacts("SQLite", Scalar("SELECT sqlite_version()"),
                $"journal_mode={Scalar("PRAGMA journal_mode")}, synchronous={Scalar("PRAGMA synchronous")} (0 off, 1 normal, 2 full), file on {FileSystemOf(new SqliteConnectionStringBuilder(options.Database).DataSource)}")
            : new DatabaseFacts("PostgreSQL", Scalar("SHOW server_version"),
                $"fsync={Scalar("SHOW fsync")}, synchronous_commit={Scalar("SHOW synchronous_commit")}, full_page_writes={Scalar("SHOW full_page_writes")}, shared_buffers={Scalar("SHOW shared_buffers")}");
    }

    private static string FileSystemOf(string path)
    {
        try
        {
            // The longest mount point that holds the file, from /proc/mounts: "device mountpoint type ...".
            var full = Path.GetFullPath(path);
            var mount = File.ReadLines("/proc/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 2 && full.StartsWith(f[1], StringComparison.Ordinal))
                .OrderByDescending(f => f[1].Length).FirstOrDefault();
            return mount is null ? "an unknown file system" : $"{mount[2]} ({mount[1]})";
        }
        catch (IOException)
        {
            return "an unknown file system";
        }
    }

    private static Row[] ReadRows(DbConnection connection, Options options, IReadOnlyList<AnswerPair> pairs)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a."Id", a."ConcurrencyStamp", a."Revision", a."UpdatedBy", e."Acronym", a."QuestionId"
            FROM "Answers" a JOIN "NationalEntities" e ON e."Id" = a."EntityId" JOIN "Engagements" g ON g."Id" = a."EngagementId"
            WHERE g."Code" = @code
            """;
        Add(command, "code", options.Engagement);
        var found = new Dictionary<AnswerPair, Row>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var pair = new AnswerPair(reader.GetString(4), reader.GetString(5));
                found[pair] = new Row(reader.GetValue(0), reader.GetValue(1), reader.GetInt32(2), reader.GetValue(3));
            }
        }

        // The API phase answered every pair at least once, so each has a row; the same pairs, in the same order, as the clients had.
        var byKey = found.ToDictionary(p => (p.Key.Entity.ToUpperInvariant(), p.Key.Question), p => p.Value);
        return [.. pairs.Select(p => byKey.TryGetValue((p.Entity.ToUpperInvariant(), p.Question), out var row)
            ? row
            : throw new BenchException($"no answer row for {p.Entity}/{p.Question} after the API phase."))];
    }

    private static DbParameter Add(DbCommand command, string name, object value) => Stored.Add(command, name, value);

    private static void Worker(Options options, Window window, int worker, Row[] owned, WorkerStats stats)
    {
        if (owned.Length == 0)
        {
            return;
        }

        using var connection = Open(options);
        using var update = connection.CreateCommand();
        update.CommandText = UpdateSql;
        var first = owned[0];
        var uLevel = Add(update, "level", 2);
        var uNa = Add(update, "na", false);
        var uComment = Add(update, "comment", "");
        var uRevision = Add(update, "revision", 0);
        var uAt = Add(update, "at", Now(options));
        var uBy = Add(update, "by", first.By);
        var uStamp = Add(update, "stamp", NewId(options));
        var uId = Add(update, "id", first.Id);
        var uExpected = Add(update, "expected", first.Stamp);

        using var insert = connection.CreateCommand();
        insert.CommandText = InsertSql;
        var iId = Add(insert, "id", NewId(options));
        var iAnswer = Add(insert, "answer", first.Id);
        var iRevision = Add(insert, "revision", 0);
        var iAt = Add(insert, "at", Now(options));
        var iBy = Add(insert, "by", first.By);
        var iLevel = Add(insert, "level", 2);
        var iNa = Add(insert, "na", false);
        var iComment = Add(insert, "comment", "");
        if (!options.IsSqlite)
        {
            // PostgreSQL plans each statement once per connection, as a long-lived app's pooled connections do.
            update.Prepare();
            insert.Prepare();
        }

        long n = 0;
        while (!window.IsOver)
        {
            var row = owned[n % owned.Length];
            var level = SaveText.Level(n / owned.Length);
            var comment = SaveText.Comment(worker, n);
            n++;
            var stamp = NewId(options);
            var at = Now(options);
            var started = window.Now;
            DbTransaction? transaction = null;
            try
            {
                transaction = connection.BeginTransaction();
                update.Transaction = transaction;
                insert.Transaction = transaction;
                uLevel.Value = level;
                uNa.Value = false;
                uComment.Value = comment;
                uRevision.Value = row.Revision + 1;
                uAt.Value = at;
                uBy.Value = row.By;
                uStamp.Value = stamp;
                uId.Value = row.Id;
                uExpected.Value = row.Stamp;
                if (update.ExecuteNonQuery() != 1)
                {
                    throw new BenchException($"the stamp of answer {row.Id} changed under its only writer.");
                }

                iId.Value = NewId(options);
                iAnswer.Value = row.Id;
                iRevision.Value = row.Revision + 1;
                iAt.Value = at;
                iBy.Value = row.By;
                iLevel.Value = level;
                iNa.Value = false;
                iComment.Value = comment;
                insert.ExecuteNonQuery();
                transaction.Commit();
                row.Stamp = stamp;
                row.Revision++;
                var completed = window.Now;
                window.Completed(completed);
                if (window.Counts(completed))
                {
                    stats.LatenciesMs.Add((completed - started).TotalMilliseconds);
                }
            }
            catch (Exception e) when (e is DbException or BenchException or InvalidOperationException)
            {
                if (window.Counts(window.Now))
                {
                    stats.Fail(e.GetType().Name, e.Message);
                }

                try
                {
                    transaction?.Rollback();
                }
                catch (Exception rollback) when (rollback is DbException or InvalidOperationException)
                {
                    // The transaction is already gone with the failure.
                }

                Reread(connection, row);
            }
            finally
            {
                transaction?.Dispose();
            }
        }
    }

    private static void Reread(DbConnection connection, Row row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT "ConcurrencyStamp", "Revision" FROM "Answers" WHERE "Id" = @id""";
        Add(command, "id", row.Id);
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            row.Stamp = reader.GetValue(0);
            row.Revision = reader.GetInt32(1);
        }
    }

    private static object NewId(Options options) => Stored.Id(Guid.CreateVersion7(), options.IsSqlite);

    private static object Now(Options options) => Stored.Now(options.IsSqlite);
}

/// <summary>Values as the app stores them, and command parameters, for every phase that writes SQL itself.</summary>
internal static class Stored
{
    /// <summary>A Guid as the app stores it: its 16 bytes, big-endian, on SQLite; uuid on PostgreSQL.</summary>
    public static object Id(Guid id, bool sqlite) => sqlite ? id.ToByteArray(bigEndian: true) : id;

    /// <summary>A stored Guid read back, whichever provider stored it.</summary>
    public static Guid Read(object value) => value is byte[] bytes ? new Guid(bytes, bigEndian: true) : value is Guid g ? g : Guid.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!);

    /// <summary>Now as the app stores an instant: UTC ticks in the app's binary form on SQLite, timestamptz on PostgreSQL.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The value's type differs by provider: long on SQLite, DateTimeOffset on PostgreSQL.")]
    public static object Now(bool sqlite)
    {
        var now = DateTimeOffset.UtcNow;
        if (sqlite)
        {
            return (now.Ticks / 1000) << 11;
        }

        return now;
    }

    public static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
