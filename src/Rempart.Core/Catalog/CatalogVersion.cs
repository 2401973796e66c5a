using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rempart.Core.Catalog;

/// <summary>
/// An imported catalog version, stored whole and never changed: engagements that pin it keep reading exactly what
/// they were assessed against, whatever is imported later.
/// </summary>
public sealed class CatalogVersion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary><c>catalog-id@version</c>, e.g. <c>rempart-base@2026.2</c>.</summary>
    public string Key { get; set; } = "";

    public string CatalogId { get; set; } = "";

    public string Version { get; set; } = "";

    /// <summary>The key of the version an overlay extends; null for a base catalog.</summary>
    public string? BaseKey { get; set; }

    /// <summary>ISO 3166-1 alpha-3 code of an overlay's country.</summary>
    public string? Country { get; set; }

    public DateOnly PublishedOn { get; set; }

    public string TitleEn { get; set; } = "";

    public string TitleFr { get; set; } = "";

    public DateTimeOffset ImportedAt { get; set; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>: the same key with other content is refused.</summary>
    public string ContentHash { get; set; } = "";

    /// <summary>The whole <see cref="CatalogDefinition"/> as JSON.</summary>
    public string Content { get; set; } = "";

    public int InstrumentCount { get; set; }

    public int ProvisionCount { get; set; }

    public int QuestionCount { get; set; }

    public int TemplateCount { get; set; }
}

internal sealed class CatalogVersionConfiguration : IEntityTypeConfiguration<CatalogVersion>
{
    public void Configure(EntityTypeBuilder<CatalogVersion> builder)
    {
        builder.ToTable("CatalogVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Key).HasMaxLength(120).IsRequired();
        builder.HasIndex(v => v.Key).IsUnique();
        builder.Property(v => v.CatalogId).HasMaxLength(60).IsRequired();
        builder.Property(v => v.Version).HasMaxLength(40).IsRequired();
        builder.Property(v => v.BaseKey).HasMaxLength(120);
        builder.Property(v => v.Country).HasMaxLength(3);
        builder.Property(v => v.TitleEn).HasMaxLength(400).IsRequired();
        builder.Property(v => v.TitleFr).HasMaxLength(400).IsRequired();
        builder.Property(v => v.ContentHash).HasMaxLength(64).IsRequired();
        builder.Property(v => v.Content).IsRequired();
    }
}
