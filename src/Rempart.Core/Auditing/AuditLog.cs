using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rempart.Core.Access;
using Rempart.Core.Data;

namespace Rempart.Core.Auditing;

/// <summary>
/// One recorded action (an export, a download, an import), append-only and chained: each record's hash covers its
/// content and the previous record's hash, so an edited, inserted or deleted record breaks the chain.
/// </summary>
public sealed class AuditEvent
{
    /// <summary>Position in the chain, from 1, without gaps.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid? UserId { get; set; }

    public Guid? EngagementId { get; set; }

    /// <summary>What was done, as a stable code (sites.export).</summary>
    public string Action { get; set; } = "";

    /// <summary>What it was done to (engagement code, file name, record code).</summary>
    public string Subject { get; set; } = "";

    /// <summary>Details as JSON (format, counts, before and after).</summary>
    public string Details { get; set; } = "{}";

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";

    /// <summary>SHA-256 over the previous hash and every field, in a fixed order with lengths, as lowercase hex.</summary>
    public static string HashOf(AuditEvent e, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(e);
        var text = new StringBuilder();
        foreach (var part in new[] { previousHash, e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), e.At.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            e.UserId?.ToString() ?? "", e.EngagementId?.ToString() ?? "", e.Action, e.Subject, e.Details })
        {
            text.Append(part.Length).Append(':').Append(part).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>A break in the chain: where (the sequence number of the first record that does not hold) and why.</summary>
public sealed record AuditBreak(long Sequence, string Code);

/// <summary>Checks the audit chain, pure: every record's hash, its link to the previous one and the numbering.</summary>
public static class AuditChain
{
    /// <summary>
    /// The breaks, in order: <c>Audit.Edited</c> (a record's content no longer matches its hash),
    /// <c>Audit.Relinked</c> (its previous hash is not the previous record's hash: a record was inserted or deleted
    /// before it), <c>Audit.Gap</c> (a sequence number is missing: records were deleted).
    /// </summary>
    public static IReadOnlyList<AuditBreak> Verify(IEnumerable<AuditEvent> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var breaks = new List<AuditBreak>();
        var previousHash = "";
        var expected = 1L;
        foreach (var e in records)
        {
            if (e.Sequence != expected)
            {
                breaks.Add(new AuditBreak(expected, "Audit.Gap"));
            }

            if (e.PreviousHash != previousHash)
            {
                breaks.Add(new AuditBreak(e.Sequence, "Audit.Relinked"));
            }

            if (AuditEvent.HashOf(e, e.PreviousHash) != e.Hash)
            {
                breaks.Add(new AuditBreak(e.Sequence, "Audit.Edited"));
            }

            previousHash = e.Hash;
            expected = e.Sequence + 1;
        }

        return breaks;
    }
}

/// <summary>Appends actions to the audit chain (through <see cref="AuditPending"/> and the sealer) and verifies it.</summary>
public sealed class AuditLog(AppDbContext db, TimeProvider time)
{
    /// <summary>Reads the whole chain in order, in pages, and checks it; returns how many records and the breaks.</summary>
    public async Task<(long Records, IReadOnlyList<AuditBreak> Breaks)> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await AuditSealer.SealAsync(db, cancellationToken, wait: true);
        var all = new List<AuditEvent>();
        long after = 0;
        while (true)
        {
            var page = await db.AuditEvents.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(5000).ToListAsync(cancellationToken);
            all.AddRange(page);
            if (page.Count < 5000)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        return (all.Count, AuditChain.Verify(all));
    }

    /// <summary>Records an action (an export, an import, a proposal) in the chain; sealed with the save.</summary>
    public async Task RecordAsync(Viewer? viewer, Guid? engagementId, string action, string subject, object? details = null, CancellationToken cancellationToken = default)
    {
        var record = new AuditPending
        {
            At = time.GetUtcNow().ToUniversalTime(),
            UserId = viewer?.UserId is { } id && id != Guid.Empty ? id : db.ActingUserId,
            EngagementId = engagementId,
            Action = action,
            Subject = subject.Length <= 300 ? subject : subject[..300],
            Details = System.Text.Json.JsonSerializer.Serialize(details ?? new { }),
        };
        db.Set<AuditPending>().Add(record);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(record).State = EntityState.Detached;
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("AuditEvents");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Action).HasMaxLength(80).IsRequired();
        builder.Property(e => e.Subject).HasMaxLength(300).IsRequired();
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(64).IsRequired();
        builder.HasIndex(e => new { e.EngagementId, e.At });
    }
}
