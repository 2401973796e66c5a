using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rempart.Core.Engagements;

namespace Rempart.Core.Questionnaires;

internal sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> builder)
    {
        builder.ToTable("Assignments");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => new { a.EngagementId, a.EntityId }).IsUnique();
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.ReviewComment).HasMaxLength(4000);
        builder.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
        builder.Ignore(a => a.IsOpen);
        builder.HasOne<Engagement>().WithMany().HasForeignKey(a => a.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NationalEntity>().WithMany().HasForeignKey(a => a.EntityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AnswerConfiguration : IEntityTypeConfiguration<Answer>
{
    public void Configure(EntityTypeBuilder<Answer> builder)
    {
        builder.ToTable("Answers");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => new { a.EngagementId, a.EntityId, a.QuestionId }).IsUnique();
        builder.HasIndex(a => new { a.EngagementId, a.QuestionId });
        builder.Property(a => a.QuestionId).HasMaxLength(60).IsRequired();
        builder.Property(a => a.NotApplicableReason).HasMaxLength(2000);
        builder.Property(a => a.Comment).HasMaxLength(4000);
        builder.Property(a => a.EvidenceReference).HasMaxLength(1000);
        builder.Property(a => a.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Source).HasMaxLength(100);
        builder.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
        builder.Ignore(a => a.IsAnswered);
        builder.HasOne<Engagement>().WithMany().HasForeignKey(a => a.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NationalEntity>().WithMany().HasForeignKey(a => a.EntityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AnswerRevisionConfiguration : IEntityTypeConfiguration<AnswerRevision>
{
    public void Configure(EntityTypeBuilder<AnswerRevision> builder)
    {
        builder.ToTable("AnswerRevisions");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.AnswerId, r.Revision }).IsUnique();
        builder.Property(r => r.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Source).HasMaxLength(100);
        builder.Property(r => r.NotApplicableReason).HasMaxLength(2000);
        builder.Property(r => r.Comment).HasMaxLength(4000);
        builder.Property(r => r.EvidenceReference).HasMaxLength(1000);
        builder.HasOne<Answer>().WithMany().HasForeignKey(r => r.AnswerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.ToTable("EvidenceFiles");
        builder.HasKey(f => f.Id);
        builder.HasIndex(f => f.AnswerId);
        builder.Property(f => f.FileName).HasMaxLength(255).IsRequired();
        builder.Property(f => f.ContentType).HasMaxLength(120).IsRequired();
        builder.Property(f => f.Sha256).HasMaxLength(64).IsRequired();
        builder.HasOne<Engagement>().WithMany().HasForeignKey(f => f.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Answer>().WithMany().HasForeignKey(f => f.AnswerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WorkbookExportConfiguration : IEntityTypeConfiguration<WorkbookExport>
{
    public void Configure(EntityTypeBuilder<WorkbookExport> builder)
    {
        builder.ToTable("WorkbookExports");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => new { x.EngagementId, x.EntityId });
        builder.Property(x => x.CatalogKey).HasMaxLength(120).IsRequired();
        builder.Property(x => x.Language).HasMaxLength(5).IsRequired();
        builder.Property(x => x.Checksum).HasMaxLength(64).IsRequired();
        builder.Property(x => x.Rows).IsRequired();
        builder.HasOne<Engagement>().WithMany().HasForeignKey(x => x.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NationalEntity>().WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsolidatedAnswerConfiguration : IEntityTypeConfiguration<ConsolidatedAnswer>
{
    public void Configure(EntityTypeBuilder<ConsolidatedAnswer> builder)
    {
        builder.ToTable("ConsolidatedAnswers");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => new { c.EngagementId, c.QuestionId }).IsUnique();
        builder.Property(c => c.QuestionId).HasMaxLength(60).IsRequired();
        builder.Property(c => c.Rationale).HasMaxLength(4000);
        builder.Property(c => c.Rule).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasOne<Engagement>().WithMany().HasForeignKey(c => c.EngagementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConsolidationRevisionConfiguration : IEntityTypeConfiguration<ConsolidationRevision>
{
    public void Configure(EntityTypeBuilder<ConsolidationRevision> builder)
    {
        builder.ToTable("ConsolidationRevisions");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.ConsolidatedAnswerId, r.Revision }).IsUnique();
        builder.Property(r => r.Rationale).HasMaxLength(4000);
        builder.Property(r => r.Rule).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<ConsolidatedAnswer>().WithMany().HasForeignKey(r => r.ConsolidatedAnswerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StagedUploadConfiguration : IEntityTypeConfiguration<StagedUpload>
{
    public void Configure(EntityTypeBuilder<StagedUpload> builder)
    {
        builder.ToTable("StagedUploads");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.FileName).HasMaxLength(255).IsRequired();
        builder.HasOne<Engagement>().WithMany().HasForeignKey(x => x.EngagementId).OnDelete(DeleteBehavior.Cascade);
    }
}
