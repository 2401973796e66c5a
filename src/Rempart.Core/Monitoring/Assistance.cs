using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rempart.Core.Engagements;
using Rempart.Core.Roadmaps;

namespace Rempart.Core.Monitoring;

[JsonConverter(typeof(JsonStringEnumConverter<AssistanceKind>))]
public enum AssistanceKind
{
    Workshop = 0,
    Training = 1,
    ExpertMission = 2,
    Equipment = 3,
}

[JsonConverter(typeof(JsonStringEnumConverter<ActivityStatus>))]
public enum ActivityStatus
{
    Planned = 0,
    Ongoing = 1,
    Completed = 2,
    Cancelled = 3,
}

[JsonConverter(typeof(JsonStringEnumConverter<FundingKind>))]
public enum FundingKind
{
    Commitment = 0,
    Disbursement = 1,
}

/// <summary>How many people took part for one national entity (or another organisation), by sex.</summary>
public sealed record ParticipantCount(Guid? EntityId, string? Organisation, int Women, int Men);

/// <summary>
/// A technical-assistance activity of the programme: a workshop, a training, an expert mission or equipment,
/// linked to the recommendations it implements, with its participants and its funding.
/// </summary>
public sealed class AssistanceActivity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    /// <summary>Stable number within the engagement: shown as TGO-2023-TA03; never reused.</summary>
    public int Number { get; set; }

    public AssistanceKind Kind { get; set; }

    public ActivityStatus Status { get; set; }

    public string TitleEn { get; set; } = "";

    public string TitleFr { get; set; } = "";

    public string DescriptionEn { get; set; } = "";

    public string DescriptionFr { get; set; } = "";

    public DateOnly PlannedStart { get; set; }

    public DateOnly PlannedEnd { get; set; }

    public DateOnly? ActualStart { get; set; }

    public DateOnly? ActualEnd { get; set; }

    /// <summary>Where it takes place (city, venue, or "online").</summary>
    public string Place { get; set; } = "";

    /// <summary>Codes of the engagement's organisations that deliver it with the programme.</summary>
    public List<string> Partners { get; set; } = [];

    /// <summary>The recommendations of the plan it implements.</summary>
    public List<Guid> Recommendations { get; set; } = [];

    public List<ParticipantCount> Participants { get; set; } = [];

    /// <summary>TLP 2.0 label; donor views show only TLP:GREEN and below.</summary>
    public string Classification { get; set; } = Access.Tlp.Green;

    public List<ActivityFunding> Funding { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public Guid CreatedBy { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public string TitleIn(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? TitleFr : TitleEn;

    public string DescriptionIn(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? DescriptionFr : DescriptionEn;
}

/// <summary>Money for an activity from one donor: a commitment or a disbursement, in a currency, on a date.</summary>
public sealed class ActivityFunding
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ActivityId { get; set; }

    /// <summary>The engagement organisation that gives the money (its role is Donor).</summary>
    public Guid DonorId { get; set; }

    public FundingKind Kind { get; set; }

    public decimal Amount { get; set; }

    /// <summary>ISO 4217 code (EUR, USD, XOF...).</summary>
    public string Currency { get; set; } = "USD";

    public DateOnly Date { get; set; }

    public string? Note { get; set; }
}

internal sealed class AssistanceActivityConfiguration : IEntityTypeConfiguration<AssistanceActivity>
{
    public void Configure(EntityTypeBuilder<AssistanceActivity> builder)
    {
        builder.ToTable("AssistanceActivities");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => new { a.EngagementId, a.Number }).IsUnique();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.TitleEn).HasMaxLength(500);
        builder.Property(a => a.TitleFr).HasMaxLength(500);
        builder.Property(a => a.DescriptionEn).HasMaxLength(8000);
        builder.Property(a => a.DescriptionFr).HasMaxLength(8000);
        builder.Property(a => a.Place).HasMaxLength(300);
        builder.Property(a => a.Classification).HasMaxLength(20);
        builder.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
        builder.Property(a => a.Partners).HasConversion(JsonList<string>.Converter, JsonList<string>.Comparer);
        builder.Property(a => a.Recommendations).HasConversion(JsonList<Guid>.Converter, JsonList<Guid>.Comparer);
        builder.Property(a => a.Participants).HasConversion(JsonList<ParticipantCount>.Converter, JsonList<ParticipantCount>.Comparer);
        builder.HasOne<Engagement>().WithMany().HasForeignKey(a => a.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Funding).WithOne().HasForeignKey(f => f.ActivityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ActivityFundingConfiguration : IEntityTypeConfiguration<ActivityFunding>
{
    public void Configure(EntityTypeBuilder<ActivityFunding> builder)
    {
        builder.ToTable("ActivityFunding");
        builder.HasKey(f => f.Id);
        builder.HasIndex(f => f.ActivityId);
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Amount).HasPrecision(16, 2);
        builder.Property(f => f.Currency).HasMaxLength(3);
        builder.Property(f => f.Note).HasMaxLength(1000);
        builder.HasOne<EngagementOrganisation>().WithMany().HasForeignKey(f => f.DonorId).OnDelete(DeleteBehavior.Restrict);
    }
}
