using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rempart.Core.Data;

namespace Rempart.Core.Auditing;

/// <summary>
/// Bulk loads that record one event of their own (the demo workspace) switch off the record of each change; the
/// switch flows through every await below the caller. Who acts is on the context (<see cref="AppDbContext.ActingUserId"/>).
/// </summary>
public static class AuditActor
{
    private static readonly AsyncLocal<bool> Quiet = new();

    /// <summary>True while changes are not recorded one by one.</summary>
    public static bool Suppressed => Quiet.Value;

    /// <summary>Stops recording changes one by one until disposed.</summary>
    public static IDisposable Suppress()
    {
        var before = Quiet.Value;
        Quiet.Value = true;
        return new Restore(() => Quiet.Value = before);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}

/// <summary>
/// An audit record written with the change it describes, in the same transaction, and not yet in the chain: the
/// sealer moves it into <see cref="AuditEvent"/> right after the save, in order, under a lock, so concurrent saves
/// never fork the chain and a change is never committed without its record.
/// </summary>
public sealed class AuditPending
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid? UserId { get; set; }

    public Guid? EngagementId { get; set; }

    public string Action { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Details { get; set; } = "{}";
}

internal sealed class AuditPendingConfiguration : IEntityTypeConfiguration<AuditPending>
{
    public void Configure(EntityTypeBuilder<AuditPending> builder)
    {
        builder.ToTable("AuditPending");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Action).HasMaxLength(80).IsRequired();
        builder.Property(e => e.Subject).HasMaxLength(300).IsRequired();
    }
}

/// <summary>
/// Records every change saved through the database context (added, modified, deleted: who, when, which record, the
/// values before and after) as <see cref="AuditPending"/> rows in the same save, then seals them into the chain.
/// Secrets (password hashes, security stamps, token hashes, authenticator keys) are never copied; file contents are
/// recorded by size and SHA-256; long texts by their start, length and SHA-256.
/// </summary>
public sealed class AuditInterceptor : SaveChangesInterceptor
{
    public static readonly AuditInterceptor Instance = new();

    /// <summary>Longest text copied whole into a record.</summary>
    public const int LongestText = 2000;

    /// <summary>Entity types whose changes are not recorded (the chain itself, keys, sign-in secrets).</summary>
    internal static readonly HashSet<string> Unrecorded = new(StringComparer.Ordinal)
    {
        nameof(AuditEvent), nameof(AuditPending), "DataProtectionKey", "IdentityUserToken`1", "IdentityUserLogin`1",
    };

    private static readonly string[] SecretWords = ["PasswordHash", "SecurityStamp", "TokenHash", "Secret", "AuthenticatorKey", "RecoveryCode"];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is AppDbContext db && !db.Sealing && !AuditSealer.WakeLoop(db))
        {
            AuditSealer.SealAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db && !db.Sealing && !AuditSealer.WakeLoop(db))
        {
            await AuditSealer.SealAsync(db, cancellationToken);
        }

        return result;
    }

    private static void Record(DbContext? context)
    {
        if (context is not AppDbContext db || db.Sealing || AuditActor.Suppressed)
        {
            return;
        }

        db.ChangeTracker.DetectChanges();
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && !Unrecorded.Contains(e.Metadata.ClrType.Name) && !e.Metadata.IsOwned())
            .ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var engagementOf = EngagementResolver(db);
        var now = DateTimeOffset.UtcNow;
        var pending = new List<AuditPending>();
        foreach (var entry in entries)
        {
            var values = Values(entry);
            if (entry.State == EntityState.Modified && values.Count == 0)
            {
                continue;
            }

            var state = entry.State switch { EntityState.Added => "added", EntityState.Deleted => "deleted", _ => "modified" };
            pending.Add(new AuditPending
            {
                At = now,
                UserId = db.ActingUserId,
                EngagementId = engagementOf(entry),
                Action = Truncate($"{Name(entry)}.{state}", 80),
                Subject = Truncate(Key(entry), 300),
                Details = JsonSerializer.Serialize(values),
            });
        }

        db.Set<AuditPending>().AddRange(pending);
    }

    /// <summary>The entity's name as a stable code: Answer, Site, RempartUser.</summary>
    private static string Name(EntityEntry entry)
    {
        var name = entry.Metadata.ClrType.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    private static string Key(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null)
        {
            return Name(entry);
        }

        var parts = key.Properties.Select(p => entry.Property(p.Name).CurrentValue).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "");
        var code = entry.Metadata.FindProperty("Code") is { } c && entry.Property(c.Name).CurrentValue is string s && s.Length > 0 ? $" {s}" : "";
        return $"{Name(entry)}/{string.Join("/", parts)}{code}";
    }

    /// <summary>Per property: [before, after] (before null when added, after null when deleted); only changed ones when modified.</summary>
    private static Dictionary<string, object?[]> Values(EntityEntry entry)
    {
        var values = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (name == "ConcurrencyStamp")
            {
                // A new stamp on every save: says nothing the record's own entry does not.
                continue;
            }

            if (SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                if (entry.State == EntityState.Modified && property.IsModified && !Equals(property.OriginalValue, property.CurrentValue))
                {
                    values[name] = ["(secret)", "(secret, changed)"];
                }

                continue;
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    values[name] = [null, Shown(property.CurrentValue)];
                    break;
                case EntityState.Deleted:
                    values[name] = [Shown(property.OriginalValue), null];
                    break;
                default:
                    if (property.IsModified && !Same(property.OriginalValue, property.CurrentValue))
                    {
                        values[name] = [Shown(property.OriginalValue), Shown(property.CurrentValue)];
                    }

                    break;
            }
        }

        return values;
    }

    private static bool Same(object? a, object? b) =>
        Equals(a, b) || (a is not null && b is not null && JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b));

    private static object? Shown(object? value) => value switch
    {
        null => null,
        byte[] bytes => $"({bytes.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))})",
        string s when s.Length > LongestText => $"{s[..200]}… ({s.Length} characters, sha256 {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))})",
        string or bool or int or long or double or decimal or Guid or DateTimeOffset or DateTime or DateOnly => value,
        Enum e => e.ToString(),
        _ => Bounded(JsonSerializer.Serialize(value)),
    };

    private static string Bounded(string json) =>
        json.Length <= LongestText ? json : $"{json[..200]}… ({json.Length} characters, sha256 {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))})";

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>
    /// The engagement a record belongs to: its own EngagementId, or that of a tracked record it points to (a
    /// recommendation's roadmap, an assessment's site), one step up.
    /// </summary>
    private static Func<EntityEntry, Guid?> EngagementResolver(AppDbContext db)
    {
        var byKey = new Dictionary<(Type, object), Guid>();
        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.Metadata.FindProperty("EngagementId") is { } p && e.Property(p.Name).CurrentValue is Guid g && e.Metadata.FindPrimaryKey() is { Properties.Count: 1 } key
                && e.Property(key.Properties[0].Name).CurrentValue is { } id)
            {
                byKey[(e.Metadata.ClrType, id)] = g;
            }
        }

        return entry =>
        {
            if (entry.Metadata.FindProperty("EngagementId") is { } own)
            {
                return (entry.State == EntityState.Deleted ? entry.Property(own.Name).OriginalValue : entry.Property(own.Name).CurrentValue) as Guid?;
            }

            foreach (var fk in entry.Metadata.GetForeignKeys().Where(f => f.Properties.Count == 1))
            {
                if (entry.Property(fk.Properties[0].Name).CurrentValue is { } value && byKey.TryGetValue((fk.PrincipalEntityType.ClrType, value), out var engagement))
                {
                    return engagement;
                }
            }

            if (entry.Entity is Engagements.Engagement engagementItself)
            {
                return engagementItself.Id;
            }

            return null;
        };
    }
}

/// <summary>
/// Moves pending audit records into the hash chain, in the order they were written: in one transaction per batch,
/// under a lock (SQLite's write lock; a PostgreSQL advisory lock, tried rather than waited for, so that several
/// instances on one database take turns and no request waits behind a long transaction). A seal that finds another one running in this process leaves its records to it or to the next one;
/// readers of the audit seal first. A seal that fails leaves the records pending: nothing is lost.
/// A long-running process (the web app) hands a database's sealing over to a background loop
/// (<see cref="HandOver"/>): a save there only wakes the loop, which seals what has gathered in one batch, instead of
/// sealing on the saver's request. The records are written with the change either way, in its transaction.
/// </summary>
public static class AuditSealer
{
    private const long AdvisoryLock = 0x52454D50415254; // "REMPART"

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>Per database (connection string): how to wake the background loop that seals it in this process.</summary>
    private static readonly ConcurrentDictionary<string, Action> Loops = new(StringComparer.Ordinal);

    /// <summary>
    /// From now until disposed, saves on <paramref name="connectionString"/>'s database call <paramref name="wake"/>
    /// instead of sealing. The caller seals once more after disposing, so that nothing woken for is left pending.
    /// When another loop of this process already has the database, it keeps it (and this hand-over changes nothing).
    /// </summary>
    public static IDisposable HandOver(string connectionString, Action wake)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(wake);
        if (!Loops.TryAdd(connectionString, wake))
        {
            return new Release(() => { });
        }

        return new Release(() => Loops.TryRemove(new KeyValuePair<string, Action>(connectionString, wake)));
    }

    /// <summary>
    /// True when a background loop seals this context's database: it has been woken. A save inside a caller's
    /// transaction is sealed in it as before (its records are not committed yet, so a loop could not see them).
    /// </summary>
    internal static bool WakeLoop(AppDbContext db)
    {
        if (Loops.IsEmpty || db.Database.CurrentTransaction is not null || !Loops.TryGetValue(db.Database.GetConnectionString() ?? "", out var wake))
        {
            return false;
        }

        wake();
        return true;
    }

    private sealed class Release(Action release) : IDisposable
    {
        private int done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0)
            {
                release();
            }
        }
    }

    public static async Task SealAsync(AppDbContext db, CancellationToken cancellationToken, bool wait = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        var gate = Gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(wait ? Timeout.Infinite : 0, cancellationToken))
        {
            return;
        }

        db.Sealing = true;
        try
        {
            while (await SealBatchAsync(db, cancellationToken))
            {
            }
        }
        finally
        {
            db.Sealing = false;
            gate.Release();
        }
    }

    private static async Task<bool> SealBatchAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Set<AuditPending>().AnyAsync(cancellationToken))
        {
            return false;
        }

        await using var transaction = await OwnOrOuterTransaction.BeginAsync(db, cancellationToken);
        if (db.Database.IsNpgsql()
            && !await db.Database.SqlQueryRaw<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLock}) AS \"Value\"").SingleAsync(cancellationToken))
        {
            // Another instance (or a long transaction of this one) is sealing: its turn, not a wait. The records stay
            // pending and the next seal takes them.
            return false;
        }

        var pending = await db.Set<AuditPending>().AsNoTracking().OrderBy(p => p.Id).Take(500).ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return false;
        }

        var last = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        var (sequence, hash) = (last?.Sequence ?? 0, last?.Hash ?? "");
        var sealedEvents = new List<AuditEvent>(pending.Count);
        foreach (var p in pending)
        {
            var at = p.At.ToUniversalTime();
            var record = new AuditEvent
            {
                Sequence = ++sequence,
                // Whole milliseconds: what both databases store exactly, so that the hash can be recomputed from the row.
                At = new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
                UserId = p.UserId,
                EngagementId = p.EngagementId,
                Action = p.Action,
                Subject = p.Subject,
                Details = p.Details,
                PreviousHash = hash,
            };
            record.Hash = hash = AuditEvent.HashOf(record, record.PreviousHash);
            sealedEvents.Add(record);
        }

        db.AuditEvents.AddRange(sealedEvents);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var e in sealedEvents)
        {
            db.Entry(e).State = EntityState.Detached;
        }

        var ids = pending.Select(p => p.Id).ToList();
        await db.Set<AuditPending>().Where(p => ids.Contains(p.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return pending.Count == 500;
    }
}
