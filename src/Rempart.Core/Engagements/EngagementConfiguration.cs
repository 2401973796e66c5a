using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rempart.Core.Access;

namespace Rempart.Core.Engagements;

internal sealed class EngagementConfiguration : IEntityTypeConfiguration<Engagement>
{
    public void Configure(EntityTypeBuilder<Engagement> builder)
    {
        builder.ToTable("Engagements");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Code).HasMaxLength(20).IsRequired();
        builder.HasIndex(e => e.Code).IsUnique();
        builder.Property(e => e.CountryCode).HasMaxLength(3).IsRequired();
        builder.Property(e => e.TitleEn).HasMaxLength(300).IsRequired();
        builder.Property(e => e.TitleFr).HasMaxLength(300).IsRequired();
        builder.Property(e => e.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasOne<Catalog.CatalogVersion>().WithMany().HasForeignKey(e => e.CatalogVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.Members).WithOne(m => m.Engagement).HasForeignKey(m => m.EngagementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EngagementMemberConfiguration : IEntityTypeConfiguration<EngagementMember>
{
    public void Configure(EntityTypeBuilder<EngagementMember> builder)
    {
        builder.ToTable("EngagementMembers");
        builder.HasKey(m => new { m.EngagementId, m.UserId });
        builder.HasIndex(m => m.UserId);
        builder.Property(m => m.Role).HasMaxLength(40).IsRequired();
        builder.HasOne<RempartUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
