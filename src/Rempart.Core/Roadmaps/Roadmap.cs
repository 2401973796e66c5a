using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rempart.Core.Engagements;

namespace Rempart.Core.Roadmaps;

/// <summary>Where the national plan of action stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RoadmapState>))]
public enum RoadmapState
{
    Draft = 0,

    /// <summary>Sent to the country for national validation.</summary>
    Submitted = 1,

    /// <summary>Validated by the national coordinator.</summary>
    Validated = 2,

    /// <summary>Adopted by the government: locked; changes go into a new edition.</summary>
    Adopted = 3,
}

/// <summary>
/// The national plan of action of one engagement. One per engagement; an adopted plan is locked, and changing it
/// opens a new <see cref="Edition"/>. Every save is a numbered revision holding the whole plan.
/// </summary>
public sealed class Roadmap
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public RoadmapState State { get; set; }

    /// <summary>1 for the first adopted plan, then 2, 3... when an adopted plan is reopened.</summary>
    public int Edition { get; set; } = 1;

    /// <summary>The number of the latest revision.</summary>
    public int Revision { get; set; }

    /// <summary>Bounds of the short and medium horizons, in months (long is beyond).</summary>
    public int ShortMonths { get; set; } = 12;

    public int MediumMonths { get; set; } = 36;

    /// <summary>TLP 2.0 label printed on every page of its documents.</summary>
    public string Classification { get; set; } = "TLP:AMBER";

    public DateTimeOffset GeneratedAt { get; set; }

    public DateTimeOffset? AdoptedAt { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<Recommendation> Recommendations { get; set; } = [];
}

/// <summary>A partner's suggested technical assistance for a recommendation.</summary>
public sealed record AssistanceItem(string Partner, string ModuleEn, string ModuleFr);

/// <summary>How progress is measured: from a baseline to a target, and how it is verified.</summary>
public sealed record Indicator(string NameEn, string NameFr, string Baseline, string Target, string MeansEn, string MeansFr);

/// <summary>A dated step, in months from adoption.</summary>
public sealed record Milestone(string TitleEn, string TitleFr, int Month);

[JsonConverter(typeof(JsonStringEnumConverter<RecommendationStatus>))]
public enum RecommendationStatus
{
    Active = 0,
    Merged = 1,
    Split = 2,
    Removed = 3,
}

/// <summary>One concrete recommendation, traceable to the questions, provisions and findings it answers.</summary>
public sealed class Recommendation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RoadmapId { get; set; }

    /// <summary>Stable number within the engagement: shown as CIV-2024-R07; never reused.</summary>
    public int Number { get; set; }

    /// <summary>Position in the plan (within its framework).</summary>
    public int Order { get; set; }

    public string Framework { get; set; } = "";

    public string Theme { get; set; } = "";

    public string TitleEn { get; set; } = "";

    public string TitleFr { get; set; } = "";

    public string TextEn { get; set; } = "";

    public string TextFr { get; set; } = "";

    public string RationaleEn { get; set; } = "";

    public string RationaleFr { get; set; } = "";

    public List<string> Questions { get; set; } = [];

    public List<string> Provisions { get; set; } = [];

    public List<Guid> Findings { get; set; } = [];

    public List<string> Templates { get; set; } = [];

    public Guid? LeadEntityId { get; set; }

    public List<Guid> SupportingEntityIds { get; set; } = [];

    public Scoring.PriorityBand Priority { get; set; }

    public double PriorityIndex { get; set; }

    /// <summary>short, medium or long (the catalog's horizons).</summary>
    public string Horizon { get; set; } = "medium";

    public List<AssistanceItem> Assistance { get; set; } = [];

    /// <summary>Indicative cost range in US dollars.</summary>
    public decimal? CostMin { get; set; }

    public decimal? CostMax { get; set; }

    public List<Indicator> Indicators { get; set; } = [];

    public List<Milestone> Milestones { get; set; } = [];

    public RecommendationStatus Status { get; set; }

    public List<Guid> ReplacedBy { get; set; } = [];

    public string TitleIn(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? TitleFr : TitleEn;

    public string TextIn(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? TextFr : TextEn;

    public string RationaleIn(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? RationaleFr : RationaleEn;
}

/// <summary>The whole plan after one save, with what the save was.</summary>
public sealed class RoadmapRevision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RoadmapId { get; set; }

    public int Revision { get; set; }

    public int Edition { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid By { get; set; }

    /// <summary>generated, edited, reordered, merged, split, commented, submitted, returned, validated, adopted, reopened.</summary>
    public string Change { get; set; } = "";

    public string? Note { get; set; }

    public RoadmapState State { get; set; }

    /// <summary>The active recommendations after the change, as JSON.</summary>
    public string Snapshot { get; set; } = "[]";
}

/// <summary>A comment on a recommendation by a reviewer.</summary>
public sealed class RecommendationComment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RecommendationId { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid By { get; set; }

    public string Text { get; set; } = "";
}

internal sealed class RoadmapConfiguration : IEntityTypeConfiguration<Roadmap>
{
    public void Configure(EntityTypeBuilder<Roadmap> builder)
    {
        builder.ToTable("Roadmaps");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.EngagementId).IsUnique();
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Classification).HasMaxLength(20);
        builder.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasOne<Engagement>().WithMany().HasForeignKey(r => r.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Recommendations).WithOne().HasForeignKey(x => x.RoadmapId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecommendationConfiguration : IEntityTypeConfiguration<Recommendation>
{
    public void Configure(EntityTypeBuilder<Recommendation> builder)
    {
        builder.ToTable("Recommendations");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.RoadmapId, r.Number }).IsUnique();
        builder.Property(r => r.Framework).HasMaxLength(60);
        builder.Property(r => r.Theme).HasMaxLength(60);
        builder.Property(r => r.TitleEn).HasMaxLength(500);
        builder.Property(r => r.TitleFr).HasMaxLength(500);
        builder.Property(r => r.TextEn).HasMaxLength(8000);
        builder.Property(r => r.TextFr).HasMaxLength(8000);
        builder.Property(r => r.RationaleEn).HasMaxLength(4000);
        builder.Property(r => r.RationaleFr).HasMaxLength(4000);
        builder.Property(r => r.Priority).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Horizon).HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.CostMin).HasPrecision(14, 2);
        builder.Property(r => r.CostMax).HasPrecision(14, 2);
        builder.Property(r => r.Assistance).HasConversion(JsonList<AssistanceItem>.Converter, JsonList<AssistanceItem>.Comparer);
        builder.Property(r => r.Indicators).HasConversion(JsonList<Indicator>.Converter, JsonList<Indicator>.Comparer);
        builder.Property(r => r.Milestones).HasConversion(JsonList<Milestone>.Converter, JsonList<Milestone>.Comparer);
    }
}

internal sealed class RoadmapRevisionConfiguration : IEntityTypeConfiguration<RoadmapRevision>
{
    public void Configure(EntityTypeBuilder<RoadmapRevision> builder)
    {
        builder.ToTable("RoadmapRevisions");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.RoadmapId, r.Revision }).IsUnique();
        builder.Property(r => r.Change).HasMaxLength(20);
        builder.Property(r => r.Note).HasMaxLength(2000);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Snapshot).IsRequired();
        builder.HasOne<Roadmap>().WithMany().HasForeignKey(r => r.RoadmapId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecommendationCommentConfiguration : IEntityTypeConfiguration<RecommendationComment>
{
    public void Configure(EntityTypeBuilder<RecommendationComment> builder)
    {
        builder.ToTable("RecommendationComments");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => c.RecommendationId);
        builder.Property(c => c.Text).HasMaxLength(4000).IsRequired();
        builder.HasOne<Recommendation>().WithMany().HasForeignKey(c => c.RecommendationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Stores a list of small records as one JSON text column.</summary>
internal static class JsonList<T>
{
    // Not private: the compiled model (Data/CompiledModels) reads it from generated code.
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<List<T>, string> Converter = new(
        v => System.Text.Json.JsonSerializer.Serialize(v, Json),
        v => System.Text.Json.JsonSerializer.Deserialize<List<T>>(v, Json) ?? new List<T>());

    public static readonly Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<T>> Comparer = new(
        (a, b) => (a == null && b == null) || (a != null && b != null && a.SequenceEqual(b)),
        v => v.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
        v => v.ToList());
}
