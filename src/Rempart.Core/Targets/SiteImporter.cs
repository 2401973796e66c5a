using System.Data.Common;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Rempart.Core.Data;
using SQLitePCL;

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
        var sqlite = db.Database.IsSqlite();
        var start = stream.CanSeek ? stream.Position : 0;
        if (sqlite && stream.CanSeek)
        {
            try
            {
                return await AttemptAsync(engagementId, rules, stream, fileName, progress, RowsPerStatement, clock, cancellationToken);
            }
            catch (RepeatedCode)
            {
                // A code came twice: everything was rolled back; read again one row per statement to name the row.
                stream.Position = start;
            }
        }

        return await AttemptAsync(engagementId, rules, stream, fileName, progress, 1, clock, cancellationToken);
    }

    /// <summary>SQLite: rows written per statement on the fast path.</summary>
    private const int RowsPerStatement = 128;

    private async Task<SiteImportResult> AttemptAsync(Guid engagementId, SiteRules rules, Stream stream, string fileName, IProgress<SiteImportProgress>? progress, int rowsPerStatement, Stopwatch clock, CancellationToken cancellationToken)
    {
        var importId = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        var sqlite = db.Database.IsSqlite();
        string? reset = null;

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // Inside a caller's transaction (the demo workspace loads in one) the caller commits or rolls back.
            if (sqlite && db.Database.CurrentTransaction is null)
            {
                reset = await TuneAsync(db.Database.GetDbConnection(), cancellationToken);
            }

            await using var transaction = await OwnOrOuterTransaction.BeginAsync(db, cancellationToken);
            var dbTransaction = transaction.Current.GetDbTransaction();
            var connection = db.Database.GetDbConnection();
            var before = await CountAsync(connection, dbTransaction, engagementId, sqlite, cancellationToken);
            var pipeline = new Pipeline(rules, stream, fileName, progress, checkCodes: !sqlite);
            HashSet<Guid> operators;
            try
            {
                using var writer = sqlite
                    ? (ISiteWriter)new SqliteSiteWriter((SqliteConnection)connection, engagementId, importId, now, rowsPerStatement)
                    : await PostgresSiteWriter.CreateAsync(connection, dbTransaction, engagementId, importId, now, cancellationToken);
                await pipeline.RunAsync(writer, cancellationToken);
                operators = writer.Operators;
            }
            catch (RepeatedCode)
            {
                await transaction.RollbackAsync(CancellationToken.None);

                throw;
            }

            if (pipeline.Problems.Count > 0)
            {
                await transaction.RollbackAsync(CancellationToken.None);

                throw new SiteImportException(fileName, pipeline.Problems);
            }

            if (pipeline.Rows == 0)
            {
                await transaction.RollbackAsync(CancellationToken.None);

                throw new DomainRuleException("Import.Empty", fileName);
            }

            if (reset is not null)
            {
                // Foreign keys were checked once for the whole import instead of at every row: the engagement and the
                // operators' entities still exist (the write lock, held since the transaction began, keeps them so).
                await CheckReferencesAsync(connection, dbTransaction, engagementId, operators, cancellationToken);
            }

            var after = await CountAsync(connection, dbTransaction, engagementId, sqlite, cancellationToken);
            var added = (int)(after - before);
            await transaction.CommitAsync(cancellationToken);

            progress?.Report(new SiteImportProgress(pipeline.Rows, 1));
            return new SiteImportResult(importId, fileName, pipeline.Rows, added, pipeline.Rows - added, clock.Elapsed);
        }
        finally
        {
            if (reset is not null)
            {
                await ResetAsync(db.Database.GetDbConnection(), reset);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// For this connection only while it imports, put back before it returns to the pool (SQLite takes these outside a
    /// transaction): a larger page cache (bounded, so memory still does not grow with the file); statement journals in
    /// memory (each statement journals the pages it changes, in case it fails; SQLite decides where when the write
    /// transaction begins); and foreign keys checked once at the end instead of at every row. Durability and the WAL
    /// are untouched. Returns the statements that put the connection back as it was.
    /// </summary>
    private static async Task<string> TuneAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA foreign_keys;";
        var foreignKeys = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        await PragmaAsync(connection, null, $"PRAGMA cache_size = {ImportCacheKib}; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;", cancellationToken);
        return $"PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT; PRAGMA foreign_keys = {foreignKeys};";
    }

    private static async Task CheckReferencesAsync(DbConnection connection, DbTransaction transaction, Guid engagementId, HashSet<Guid> operators, CancellationToken cancellationToken)
    {
        await using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "SELECT (SELECT COUNT(*) FROM \"Engagements\" WHERE \"Id\" = @e) + (SELECT COUNT(*) FROM \"NationalEntities\" WHERE \"Id\" IN (" +
            string.Join(", ", operators.Select((_, i) => "@o" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty("NULL")) + "))";
        void Add(string name, Guid value) => check.Parameters.Add(new SqliteParameter(name, SqliteType.Blob) { Value = GuidBytesConverter.Bytes(value) });
        Add("@e", engagementId);
        var n = 0;
        foreach (var o in operators)
        {
            Add("@o" + (n++).ToString(System.Globalization.CultureInfo.InvariantCulture), o);
        }

        if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != operators.Count + 1)
        {
            throw new SqliteException("FOREIGN KEY constraint failed", 19, 787);
        }
    }

    /// <summary>
    /// Reading and checking on one thread, writing on the caller's, with a bounded queue of row batches between them
    /// (the machine's second core parses while SQLite writes; memory stays bounded). The first problem stops the
    /// writes; reading goes on to report up to <see cref="MaxProblems"/> problems, in row order.
    /// </summary>
    private sealed class Pipeline(SiteRules rules, Stream stream, string fileName, IProgress<SiteImportProgress>? progress, bool checkCodes)
    {
        private const int BatchSize = 512;
        private readonly List<SiteProblem> read = [];
        private readonly List<SiteProblem> written = [];
        private int writtenProblems;

        public int Rows { get; private set; }

        /// <summary>Every problem found, in row order; set when <see cref="RunAsync"/> ends.</summary>
        public IReadOnlyList<SiteProblem> Problems { get; private set; } = [];

        public async Task RunAsync(ISiteWriter writer, CancellationToken cancellationToken)
        {
            var length = stream.CanSeek ? Math.Max(1, stream.Length) : 0;
            var queue = Channel.CreateBounded<SiteBatch>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var producer = Task.Run(() => Produce(queue.Writer, writer, length, stop.Token), stop.Token);
            try
            {
                await foreach (var batch in queue.Reader.ReadAllAsync(stop.Token))
                {
                    for (var i = 0; i < batch.Rows.Count; i++)
                    {
                        if (written.Count > 0)
                        {
                            break;
                        }

                        var affected = await writer.WriteAsync(batch, i, stop.Token);
                        if (affected != 1)
                        {
                            var (number, site) = batch.Rows[i];
                            written.Add(affected < 0
                                ? new SiteProblem(number, "code", "Sites.Row.Unwritable", [site.Code])
                                : new SiteProblem(number, "code", "Sites.Row.DuplicateInFile", [site.Code]));
                            Volatile.Write(ref writtenProblems, written.Count);
                        }
                    }
                }
            }
            catch (Exception) when (!producer.IsCompletedSuccessfully)
            {
                // The reader's own failure (a damaged file, a cancellation) is the one to report; otherwise stop it and rethrow.
                await stop.CancelAsync();
                try
                {
                    await producer;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }

                throw;
            }

            await producer;
            Problems = [.. read.Concat(written).OrderBy(p => p.Row).Take(MaxProblems)];
            if (Problems.Count == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        private async Task Produce(ChannelWriter<SiteBatch> queue, ISiteWriter writer, long length, CancellationToken cancellationToken)
        {
            var codes = checkCodes ? new Dictionary<string, int>(StringComparer.Ordinal) : null;
            var batch = new SiteBatch(BatchSize);
            try
            {
                foreach (var (number, row) in SiteFiles.Read(stream, fileName))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Rows++;
                    var site = rules.Check(row, number, read);
                    if (read.Count + Volatile.Read(ref writtenProblems) >= MaxProblems)
                    {
                        break;
                    }

                    if (site is not null && read.Count == 0 && Volatile.Read(ref writtenProblems) == 0)
                    {
                        if (codes is not null && !codes.TryAdd(site.Code, number))
                        {
                            read.Add(new SiteProblem(number, "code", "Sites.Row.Duplicate", [site.Code, codes[site.Code]]));
                        }
                        else
                        {
                            batch.Rows.Add((number, site));
                            if (batch.Rows.Count == BatchSize)
                            {
                                writer.Prepare(batch);
                                await queue.WriteAsync(batch, cancellationToken);
                                batch = new SiteBatch(BatchSize);
                            }
                        }
                    }

                    if (progress is not null && Rows % 5000 == 0)
                    {
                        progress.Report(new SiteImportProgress(Rows, length > 0 ? Math.Min(1, stream.Position / (double)length) : 0));
                    }
                }

                if (batch.Rows.Count > 0 && read.Count == 0)
                {
                    writer.Prepare(batch);
                    await queue.WriteAsync(batch, cancellationToken);
                }

                queue.Complete();
            }
            catch (Exception e)
            {
                queue.TryComplete(e);
                throw;
            }
        }
    }

    /// <summary>Checked sites in file order, with what the writer prepared from them on the reading thread.</summary>
    private sealed class SiteBatch(int capacity)
    {
        public List<(int Number, Site Site)> Rows { get; } = new(capacity);

        /// <summary>SQLite: the rows' values encoded for binding (see <see cref="SqliteSiteWriter"/>).</summary>
        public EncodedRows? Encoded { get; set; }
    }

    /// <summary>
    /// Writes checked sites. <see cref="WriteAsync"/> returns 1 when the site is written (or queued for the next
    /// statement), 0 when its code came earlier in the same file, -1 when a value does not fit; a writer of several
    /// rows per statement throws <see cref="RepeatedCode"/> instead of naming the row. <see cref="FlushAsync"/> writes
    /// what is queued.
    /// </summary>
    private interface ISiteWriter : IDisposable
    {
        /// <summary>The operators' entities the written sites refer to.</summary>
        HashSet<Guid> Operators { get; }

        /// <summary>Called on the reading thread, batch after batch in file order, before the batch is queued.</summary>
        void Prepare(SiteBatch batch);

        /// <summary>Writes the batch's row <paramref name="index"/>; called on the writing thread in file order.</summary>
        ValueTask<int> WriteAsync(SiteBatch batch, int index, CancellationToken cancellationToken);

        ValueTask FlushAsync(CancellationToken cancellationToken);
    }

    /// <summary>A code came twice in a file written several rows per statement: the import is read again row by row.</summary>
    private sealed class RepeatedCode : Exception
    {
    }

    /// <summary>The upsert of the rows written as <paramref name="values"/> (one or more parenthesised tuples in <see cref="Written"/>'s order).</summary>
    private static string UpsertSql(string values, bool sqlite) =>
        $"INSERT INTO \"Sites\" ({string.Join(", ", Written.Select(c => "\"" + c + "\""))}) VALUES {values} " +
        $"ON CONFLICT (\"EngagementId\", \"Code\") DO UPDATE SET {string.Join(", ", Updated.Select(c => $"\"{c}\" = excluded.\"{c}\""))}, \"UpdatedAt\" = excluded.\"CreatedAt\" " +
        $"WHERE \"Sites\".\"ImportId\" IS {(sqlite ? "NOT" : "DISTINCT FROM")} excluded.\"ImportId\"";

    /// <summary>
    /// SQLite: statements prepared on the connection's own handle, each writing <c>rows</c> sites, bound by position
    /// (the engagement, import, time and stamp bound once per slot), because Microsoft.Data.Sqlite's per-row binding
    /// by name and boxing, and a statement per row, cost more than SQLite's own writing (ADR 0010). The reading thread
    /// encodes each batch's text values as UTF-8 into native memory (<see cref="Prepare"/>); the writing thread binds
    /// them in place, without SQLite copying them (<see cref="SqliteBinding"/>, ADR 0012), and returns the memory once
    /// the statement that wrote the batch's last row has run. Values are written as EF Core writes them: GUIDs as
    /// upper-case text, dates as yyyy-MM-dd, time as its binary form. A statement writing fewer rows than it was
    /// given met a code written earlier by this import.
    /// </summary>
    private sealed class SqliteSiteWriter : ISiteWriter
    {
        private const int Done = 101;
        private readonly sqlite3 handle;
        private readonly Guid engagementId;
        private readonly Guid importId;
        private readonly long createdAt;
        private readonly int rows;
        private readonly sqlite3_stmt statement;
        private readonly SequentialIds ids;
        private readonly List<(EncodedRows Rows, int Index, Site Site)> pending;
        private readonly System.Collections.Concurrent.ConcurrentQueue<EncodedRows> free = new();
        private readonly List<EncodedRows> all = [];
        private sqlite3_stmt current;
        private int offset;

        public SqliteSiteWriter(SqliteConnection connection, Guid engagementId, Guid importId, DateTimeOffset now, int rows)
        {
            handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
            this.engagementId = engagementId;
            this.importId = importId;
            createdAt = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(now)!;
            this.rows = rows;
            ids = new SequentialIds(now);
            pending = new(rows);
            statement = Statement(rows);
            current = statement;
        }

        public HashSet<Guid> Operators { get; } = [];

        private static readonly int Columns = Written.Length;

        /// <summary>The columns bound from each row's encoded text, in <see cref="EncodedRows"/>' slot order.</summary>
        private static readonly int[] TextColumns =
            [.. new[] { "Id", "Code", "NameFr", "NameEn", "Kind", "Sector", "Subsector", "Category", "Operator", "OperatorEntityId", "Region", "Measures", "Classification", "ValidFrom", "ValidTo" }.Select(At)];

        /// <summary>A statement writing <paramref name="count"/> rows, with the values shared by every row bound.</summary>
        private sqlite3_stmt Statement(int count)
        {
            var values = string.Join(", ", Enumerable.Range(0, count).Select(r =>
                "(" + string.Join(", ", Enumerable.Range(1, Columns).Select(c => "?" + ((r * Columns) + c).ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")"));
            Check(raw.sqlite3_prepare_v2(handle, UpsertSql(values, sqlite: true), out var prepared));
            current = prepared;
            for (var r = 0; r < count; r++)
            {
                offset = r * Columns;
                Guid(At("EngagementId"), engagementId);
                Guid(At("ImportId"), importId);
                // One stamp for the rows of one import: a stamp only has to change whenever its own row changes.
                Guid(At("ConcurrencyStamp"), importId);
                Check(raw.sqlite3_bind_int64(prepared, offset + At("CreatedAt"), createdAt));
            }

            return prepared;
        }

        private static int At(string column) => Array.IndexOf(Written, column) + 1;

        /// <summary>On the reading thread: the batch's text values as UTF-8, and the rows' ids, in file order.</summary>
        public void Prepare(SiteBatch batch)
        {
            if (!free.TryDequeue(out var encoded))
            {
                encoded = new EncodedRows(TextColumns.Length);
                lock (all)
                {
                    all.Add(encoded);
                }
            }

            encoded.Start(batch.Rows.Count);
            foreach (var (_, site) in batch.Rows)
            {
                encoded.Guid(ids.Next());
                encoded.Text(site.Code);
                encoded.Text(site.NameFr);
                encoded.Text(site.NameEn);
                encoded.Text(site.Kind.ToString());
                encoded.Text(site.Sector);
                encoded.Text(site.Subsector);
                encoded.Text(site.Category);
                encoded.Text(site.Operator);
                if (site.OperatorEntityId is { } entity)
                {
                    encoded.Guid(entity);
                }
                else
                {
                    encoded.Text(null);
                }

                encoded.Text(site.Region);
                encoded.Text(MeasuresJson(site.Measures));
                encoded.Text(site.Classification);
                encoded.Date(site.ValidFrom);
                encoded.Date(site.ValidTo);
            }

            batch.Encoded = encoded;
        }

        public ValueTask<int> WriteAsync(SiteBatch batch, int index, CancellationToken cancellationToken)
        {
            var site = batch.Rows[index].Site;
            pending.Add((batch.Encoded!, index, site));
            if (site.OperatorEntityId is { } entity)
            {
                Operators.Add(entity);
            }

            if (pending.Count < rows)
            {
                return ValueTask.FromResult(1);
            }

            var written = Run(statement);
            return ValueTask.FromResult(rows == 1 ? written : written == rows ? 1 : throw new RepeatedCode());
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            if (pending.Count > 0)
            {
                var count = pending.Count;
                var tail = Statement(count);
                try
                {
                    if (Run(tail) != count)
                    {
                        throw new RepeatedCode();
                    }
                }
                finally
                {
                    tail.Dispose();
                }
            }

            return ValueTask.CompletedTask;
        }

        /// <summary>Binds the queued sites into a statement, runs it and returns how many rows it wrote.</summary>
        private int Run(sqlite3_stmt target)
        {
            current = target;
            var native = target.DangerousGetHandle();
            for (var r = 0; r < pending.Count; r++)
            {
                offset = r * Columns;
                var (encoded, index, site) = pending[r];
                Bind(native, encoded, index, site);
            }

            var result = raw.sqlite3_step(target);
            raw.sqlite3_reset(target);
            foreach (var (encoded, index, _) in pending)
            {
                // The batch's last row has run: nothing will read its memory again before it is bound anew.
                if (index == encoded.Count - 1)
                {
                    free.Enqueue(encoded);
                }
            }

            pending.Clear();
            if (result != Done)
            {
                Check(result);
            }

            return raw.sqlite3_changes(handle);
        }

        private void Bind(nint native, EncodedRows encoded, int index, Site site)
        {
            for (var slot = 0; slot < TextColumns.Length; slot++)
            {
                Check(encoded.Bind(native, offset + TextColumns[slot], index, slot));
            }

            Real(native, 12, site.Latitude);
            Real(native, 13, site.Longitude);
            Check(site.Capacity is { } capacity ? SqliteBinding.Int64(native, offset + 15, capacity) : SqliteBinding.Null(native, offset + 15));
        }

        private void Real(nint native, int index, double? value) =>
            Check(value is { } v ? SqliteBinding.Double(native, offset + index, v) : SqliteBinding.Null(native, offset + index));

        /// <summary>A value shared by every row of a statement, bound once (SQLite copies it).</summary>
        private void Guid(int index, Guid value)
        {
            Span<byte> bytes = stackalloc byte[16];
            GuidBytesConverter.Write(value, bytes);
            Check(raw.sqlite3_bind_blob(current, offset + index, bytes));
        }

        private void Check(int result)
        {
            if (result != 0 && result != Done)
            {
                throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), result, raw.sqlite3_extended_errcode(handle));
            }
        }

        public void Dispose()
        {
            // The statement first: it points into the encoded rows' memory.
            statement.Dispose();
            lock (all)
            {
                foreach (var encoded in all)
                {
                    encoded.Dispose();
                }

                all.Clear();
            }
        }
    }

    /// <summary>
    /// One batch's text values as UTF-8 and identifiers as bytes, in native memory that does not move (SQLite keeps pointers to it between
    /// binding and running a statement), with each value's place: a slot per text column per row, NULL as length -1.
    /// Filled by the reading thread, then read by the writing thread only; reused batch after batch.
    /// </summary>
    private sealed unsafe class EncodedRows(int slots) : IDisposable
    {
        private byte* data = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(64 * 1024);
        private nuint capacity = 64 * 1024;
        private nuint used;
        private int[] starts = [];
        private int[] lengths = [];
        private int next;

        public int Count { get; private set; }

        public void Start(int count)
        {
            Count = count;
            used = 0;
            next = 0;
            if (starts.Length < count * slots)
            {
                starts = new int[count * slots];
                lengths = new int[count * slots];
            }
        }

        public void Text(string? value)
        {
            if (value is null)
            {
                Place(0, -1);
                return;
            }

            var written = Encoding.UTF8.GetBytes(value, Room(Encoding.UTF8.GetMaxByteCount(value.Length)));
            Place(written, written);
        }

        /// <summary>An identifier as EF Core stores it in SQLite: its 16 bytes, big-endian (ADR 0013).</summary>
        public void Guid(Guid value)
        {
            GuidBytesConverter.Write(value, Room(16));
            Place(16, 16 | Blob);
        }

        public void Date(DateOnly? value)
        {
            if (value is not { } date)
            {
                Place(0, -1);
                return;
            }

            date.TryFormat(Room(10), out _, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Place(10, 10);
        }

        /// <summary>Binds row <paramref name="row"/>'s value of <paramref name="slot"/> to parameter <paramref name="parameter"/>.</summary>
        public int Bind(nint statement, int parameter, int row, int slot)
        {
            var at = (row * slots) + slot;
            var length = lengths[at];
            // A zero length with a pointer binds the empty text; NULL is bound as NULL.
            return length < 0 ? SqliteBinding.Null(statement, parameter)
                : (length & Blob) != 0 ? SqliteBinding.Blob(statement, parameter, data + starts[at], length & ~Blob)
                : SqliteBinding.Text(statement, parameter, data + starts[at], length);
        }

        /// <summary>The flag on a slot's length that marks bytes (an identifier), not text.</summary>
        private const int Blob = 1 << 30;

        private Span<byte> Room(int most)
        {
            if (used + (nuint)most > capacity)
            {
                // Only while the batch is being filled: nothing points into the memory yet.
                capacity = Math.Max(capacity * 2, used + (nuint)most);
                data = (byte*)System.Runtime.InteropServices.NativeMemory.Realloc(data, capacity);
            }

            return new Span<byte>(data + used, most);
        }

        private void Place(int length, int bound)
        {
            starts[next] = (int)used;
            lengths[next] = bound;
            used += (nuint)length;
            next++;
        }

        public void Dispose()
        {
            System.Runtime.InteropServices.NativeMemory.Free(data);
            data = null;
        }
    }

    /// <summary>
    /// Time-ordered ids for the rows of one import (version 7: the import's millisecond, then a random start counted
    /// up), so that rows land at the end of the primary key's index, without a call for random bytes per row.
    /// </summary>
    private sealed class SequentialIds
    {
        private readonly byte[] bytes = new byte[16];
        private ulong counter;

        public SequentialIds(DateTimeOffset now)
        {
            var ms = (ulong)now.ToUnixTimeMilliseconds();
            for (var i = 0; i < 6; i++)
            {
                bytes[i] = (byte)(ms >> (40 - (8 * i)));
            }

            Span<byte> random = stackalloc byte[10];
            System.Security.Cryptography.RandomNumberGenerator.Fill(random);
            bytes[6] = (byte)(0x70 | (random[0] & 0x0F));
            bytes[7] = random[1];
            // 62 bits after the variant; the top 22 start at zero so that the count never runs into the variant.
            counter = ((ulong)(random[2] & 0x3F) << 32 | (ulong)random[3] << 24 | (ulong)random[4] << 16 | (ulong)random[5] << 8 | random[6]) << 8 | random[7];
        }

        public Guid Next()
        {
            var value = counter++;
            bytes[8] = (byte)(0x80 | ((value >> 56) & 0x3F));
            for (var i = 9; i < 16; i++)
            {
                bytes[i] = (byte)(value >> (8 * (15 - i)));
            }

            return new Guid(bytes, bigEndian: true);
        }
    }

    /// <summary>PostgreSQL: one prepared upsert with typed parameters, reused for every row.</summary>
    private sealed class PostgresSiteWriter : ISiteWriter
    {
        private readonly DbCommand command;
        private readonly Dictionary<string, DbParameter> p;

        private PostgresSiteWriter(DbCommand command, Dictionary<string, DbParameter> parameters)
        {
            this.command = command;
            p = parameters;
        }

        public static async Task<PostgresSiteWriter> CreateAsync(DbConnection connection, DbTransaction transaction, Guid engagementId, Guid importId, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = UpsertSql("(" + string.Join(", ", Written.Select(c => "@" + c)) + ")", sqlite: false);
            var p = Written.ToDictionary(c => c, c =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + c;
                command.Parameters.Add(parameter);
                return parameter;
            });
            SetPostgresTypes(p);
            p["EngagementId"].Value = engagementId;
            p["ImportId"].Value = importId;
            p["CreatedAt"].Value = now;
            foreach (var c in Written)
            {
                p[c].Value ??= DBNull.Value;
            }

            await command.PrepareAsync(cancellationToken);
            return new PostgresSiteWriter(command, p);
        }

        public HashSet<Guid> Operators { get; } = [];

        public void Prepare(SiteBatch batch)
        {
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask<int> WriteAsync(SiteBatch batch, int index, CancellationToken cancellationToken)
        {
            var site = batch.Rows[index].Site;
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
            p["ValidFrom"].Value = (object?)site.ValidFrom ?? DBNull.Value;
            p["ValidTo"].Value = (object?)site.ValidTo ?? DBNull.Value;
            p["ConcurrencyStamp"].Value = Guid.NewGuid();
            try
            {
                return await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException e) when (IsTooLong(e))
            {
                return -1;
            }
        }

        public void Dispose() => command.Dispose();
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

    private static async Task ResetAsync(DbConnection connection, string statements)
    {
        if (connection.State == System.Data.ConnectionState.Open)
        {
            try
            {
                await PragmaAsync(connection, null, statements, CancellationToken.None);
            }
            catch (DbException)
            {
                // Never hand a connection without its foreign keys back to the pool.
                SqliteConnection.ClearPool((SqliteConnection)connection);
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
            ((SqliteParameter)e).SqliteType = SqliteType.Blob;
            e.Value = GuidBytesConverter.Bytes(engagementId);
        }

        count.Parameters.Add(e);
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
