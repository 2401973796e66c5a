using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rempart.Core.Roadmaps;

namespace Rempart.Core.Monitoring;

/// <summary>How far a recommendation of the adopted plan has got.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImplementationStatus>))]
public enum ImplementationStatus
{
    NotStarted = 0,
    InProgress = 1,
    Completed = 2,
    Delayed = 3,
    Cancelled = 4,
}

/// <summary>
/// Where one recommendation stands now: the last reported status and progress. Each report is also kept as a
/// dated <see cref="ProgressUpdate"/>; the stamp refuses a report based on an older state.
/// </summary>
public sealed class RecommendationTracking
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public Guid RecommendationId { get; set; }

    public ImplementationStatus Status { get; set; }

    /// <summary>0 to 100.</summary>
    public int Progress { get; set; }

    /// <summary>The date the last report describes.</summary>
    public DateOnly? AsOf { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}

/// <summary>One dated progress report on a recommendation, by its lead entity or the programme.</summary>
public sealed class ProgressUpdate
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public Guid RecommendationId { get; set; }

    /// <summary>The day the report describes (not after the day it is recorded).</summary>
    public DateOnly AsOf { get; set; }

    public ImplementationStatus Status { get; set; }

    public int Progress { get; set; }

    public string Note { get; set; } = "";

    /// <summary>A reference to evidence kept elsewhere (decree number, report title, link).</summary>
    public string? EvidenceReference { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public Guid By { get; set; }
}

/// <summary>A file attached to a progress report (type, size and leading bytes checked; SHA-256 kept).</summary>
public sealed class ProgressEvidence
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public Guid UpdateId { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    public string Sha256 { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public DateTimeOffset UploadedAt { get; set; }

    public Guid UploadedBy { get; set; }
}

/// <summary>A value of one of a recommendation's indicators on a date (kept as written; numbers are read from it).</summary>
public sealed class IndicatorMeasurement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public Guid RecommendationId { get; set; }

    /// <summary>Position of the indicator in the recommendation's list (0-based).</summary>
    public int Indicator { get; set; }

    public DateOnly AsOf { get; set; }

    public string Value { get; set; } = "";

    public string? Note { get; set; }

    public string? EvidenceReference { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public Guid By { get; set; }
}

/// <summary>A milestone of a recommendation marked as reached.</summary>
public sealed class MilestoneCompletion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public Guid RecommendationId { get; set; }

    /// <summary>Position of the milestone in the recommendation's list (0-based).</summary>
    public int Milestone { get; set; }

    public DateOnly ReachedOn { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public Guid By { get; set; }
}

internal sealed class RecommendationTrackingConfiguration : IEntityTypeConfiguration<RecommendationTracking>
{
    public void Configure(EntityTypeBuilder<RecommendationTracking> builder)
    {
        builder.ToTable("RecommendationTracking");
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.RecommendationId).IsUnique();
        builder.HasIndex(t => t.EngagementId);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasOne<Recommendation>().WithMany().HasForeignKey(t => t.RecommendationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgressUpdateConfiguration : IEntityTypeConfiguration<ProgressUpdate>
{
    public void Configure(EntityTypeBuilder<ProgressUpdate> builder)
    {
        builder.ToTable("ProgressUpdates");
        builder.HasKey(u => u.Id);
        builder.HasIndex(u => new { u.RecommendationId, u.AsOf });
        builder.HasIndex(u => u.EngagementId);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(u => u.Note).HasMaxLength(4000);
        builder.Property(u => u.EvidenceReference).HasMaxLength(1000);
        builder.HasOne<Recommendation>().WithMany().HasForeignKey(u => u.RecommendationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgressEvidenceConfiguration : IEntityTypeConfiguration<ProgressEvidence>
{
    public void Configure(EntityTypeBuilder<ProgressEvidence> builder)
    {
        builder.ToTable("ProgressEvidence");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => e.UpdateId);
        builder.Property(e => e.FileName).HasMaxLength(255);
        builder.Property(e => e.ContentType).HasMaxLength(100);
        builder.Property(e => e.Sha256).HasMaxLength(64);
        builder.HasOne<ProgressUpdate>().WithMany().HasForeignKey(e => e.UpdateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IndicatorMeasurementConfiguration : IEntityTypeConfiguration<IndicatorMeasurement>
{
    public void Configure(EntityTypeBuilder<IndicatorMeasurement> builder)
    {
        builder.ToTable("IndicatorMeasurements");
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => new { m.RecommendationId, m.Indicator, m.AsOf });
        builder.HasIndex(m => m.EngagementId);
        builder.Property(m => m.Value).HasMaxLength(200);
        builder.Property(m => m.Note).HasMaxLength(2000);
        builder.Property(m => m.EvidenceReference).HasMaxLength(1000);
        builder.HasOne<Recommendation>().WithMany().HasForeignKey(m => m.RecommendationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MilestoneCompletionConfiguration : IEntityTypeConfiguration<MilestoneCompletion>
{
    public void Configure(EntityTypeBuilder<MilestoneCompletion> builder)
    {
        builder.ToTable("MilestoneCompletions");
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => new { m.RecommendationId, m.Milestone }).IsUnique();
        builder.HasIndex(m => m.EngagementId);
        builder.Property(m => m.Note).HasMaxLength(2000);
        builder.HasOne<Recommendation>().WithMany().HasForeignKey(m => m.RecommendationId).OnDelete(DeleteBehavior.Cascade);
    }
}
