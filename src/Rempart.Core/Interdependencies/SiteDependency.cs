using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rempart.Core.Interdependencies;

/// <summary>
/// A recorded dependency between two sites of an engagement's inventory: the dependent relies on the supplier, so a
/// failure of the supplier reaches the dependent with a probability, after some hours; dependencies of one dependent
/// sharing a redundancy group fail together when k of their suppliers have failed.
/// </summary>
public sealed class SiteDependency
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public Guid DependentId { get; set; }

    public Guid SupplierId { get; set; }

    public DependencyKind Kind { get; set; }

    public double Probability { get; set; } = 1;

    public double Hours { get; set; }

    public string? RedundancyGroup { get; set; }

    public int K { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class SiteDependencyConfiguration : IEntityTypeConfiguration<SiteDependency>
{
    public void Configure(EntityTypeBuilder<SiteDependency> builder)
    {
        builder.ToTable("SiteDependencies");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.RedundancyGroup).HasMaxLength(80);
        builder.HasIndex(d => new { d.EngagementId, d.SupplierId });
        builder.HasIndex(d => d.DependentId);
        builder.HasOne<Engagements.Engagement>().WithMany().HasForeignKey(d => d.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Targets.Site>().WithMany().HasForeignKey(d => d.DependentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Targets.Site>().WithMany().HasForeignKey(d => d.SupplierId).OnDelete(DeleteBehavior.Cascade);
    }
}
