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
        builder.Property(e => e.Stage).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.ConsolidationRule).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.ProgrammeEn).HasMaxLength(300);
        builder.Property(e => e.Classification).HasMaxLength(20);
        builder.Property(e => e.ProgrammeFr).HasMaxLength(300);
        builder.HasOne<NationalEntity>().WithMany().HasForeignKey(e => e.CoordinatingEntityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.Organisations).WithOne().HasForeignKey(o => o.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Transitions).WithOne().HasForeignKey(t => t.EngagementId).OnDelete(DeleteBehavior.Cascade);
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
        builder.Property(m => m.SiteClearance).HasMaxLength(20);
        builder.HasOne<RempartUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NationalEntity>().WithMany().HasForeignKey(m => m.EntityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EngagementOrganisationConfiguration : IEntityTypeConfiguration<EngagementOrganisation>
{
    public void Configure(EntityTypeBuilder<EngagementOrganisation> builder)
    {
        builder.ToTable("EngagementOrganisations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Code).HasMaxLength(40).IsRequired();
        builder.Property(o => o.NameEn).HasMaxLength(200).IsRequired();
        builder.Property(o => o.NameFr).HasMaxLength(200).IsRequired();
        builder.Property(o => o.IatiRef).HasMaxLength(100);
        builder.HasIndex(o => new { o.EngagementId, o.Role, o.Code }).IsUnique();
    }
}

internal sealed class StageTransitionConfiguration : IEntityTypeConfiguration<StageTransition>
{
    public void Configure(EntityTypeBuilder<StageTransition> builder)
    {
        builder.ToTable("StageTransitions");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.From).HasConversion<string>().HasMaxLength(30);
        builder.Property(t => t.To).HasConversion<string>().HasMaxLength(30);
        builder.Property(t => t.Reason).HasMaxLength(2000);
        builder.Property(t => t.OverriddenRequirements).HasMaxLength(1000);
        builder.HasIndex(t => t.EngagementId);
    }
}

internal sealed class NationalEntityConfiguration : IEntityTypeConfiguration<NationalEntity>
{
    public void Configure(EntityTypeBuilder<NationalEntity> builder)
    {
        builder.ToTable("NationalEntities");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Acronym).HasMaxLength(30);
        builder.Property(e => e.NameEn).HasMaxLength(300).IsRequired();
        builder.Property(e => e.NameFr).HasMaxLength(300).IsRequired();
        builder.Property(e => e.MandateEn).HasMaxLength(2000);
        builder.Property(e => e.MandateFr).HasMaxLength(2000);
        builder.Property(e => e.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(e => e.EngagementId);
        builder.HasOne<Engagement>().WithMany().HasForeignKey(e => e.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NationalEntity>().WithMany().HasForeignKey(e => e.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<NationalEntity>().WithMany().HasForeignKey(e => e.SuccessorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.NameHistory).WithOne().HasForeignKey(n => n.EntityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EntityNameRecordConfiguration : IEntityTypeConfiguration<EntityNameRecord>
{
    public void Configure(EntityTypeBuilder<EntityNameRecord> builder)
    {
        builder.ToTable("EntityNameHistory");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Acronym).HasMaxLength(30);
        builder.Property(n => n.NameEn).HasMaxLength(300).IsRequired();
        builder.Property(n => n.NameFr).HasMaxLength(300).IsRequired();
        builder.Property(n => n.Reason).HasMaxLength(1000);
    }
}

internal sealed class ParticipantConfiguration : IEntityTypeConfiguration<Participant>
{
    public void Configure(EntityTypeBuilder<Participant> builder)
    {
        builder.ToTable("Participants");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.FullName).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Title).HasMaxLength(300);
        builder.Property(p => p.Gender).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Email).HasMaxLength(254);
        builder.Property(p => p.Phone).HasMaxLength(40);
        builder.Property(p => p.PreferredLanguage).HasMaxLength(10);
        builder.HasIndex(p => p.EngagementId);
        builder.HasOne<Engagement>().WithMany().HasForeignKey(p => p.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NationalEntity>().WithMany().HasForeignKey(p => p.EntityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsultationEventConfiguration : IEntityTypeConfiguration<ConsultationEvent>
{
    public void Configure(EntityTypeBuilder<ConsultationEvent> builder)
    {
        builder.ToTable("ConsultationEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Code).HasMaxLength(30).IsRequired();
        builder.HasIndex(e => new { e.EngagementId, e.Code }).IsUnique();
        builder.Property(e => e.TitleEn).HasMaxLength(300).IsRequired();
        builder.Property(e => e.TitleFr).HasMaxLength(300).IsRequired();
        builder.Property(e => e.Place).HasMaxLength(300);
        builder.HasOne<Engagement>().WithMany().HasForeignKey(e => e.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Sessions).WithOne().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConsultationSessionConfiguration : IEntityTypeConfiguration<ConsultationSession>
{
    public void Configure(EntityTypeBuilder<ConsultationSession> builder)
    {
        builder.ToTable("ConsultationSessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Code).HasMaxLength(30).IsRequired();
        builder.Property(s => s.Framework).HasMaxLength(60);
        builder.Property(s => s.Theme).HasMaxLength(60);
        builder.Property(s => s.Moderator).HasMaxLength(200);
        builder.Property(s => s.AgendaEn).HasMaxLength(1000);
        builder.Property(s => s.AgendaFr).HasMaxLength(1000);
        builder.HasMany(s => s.Attendance).WithOne().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionAttendanceConfiguration : IEntityTypeConfiguration<SessionAttendance>
{
    public void Configure(EntityTypeBuilder<SessionAttendance> builder)
    {
        builder.ToTable("SessionAttendance");
        builder.HasKey(a => new { a.SessionId, a.ParticipantId });
        builder.Property(a => a.Source).HasMaxLength(300);
        builder.HasOne<Participant>().WithMany().HasForeignKey(a => a.ParticipantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FindingConfiguration : IEntityTypeConfiguration<Finding>
{
    public void Configure(EntityTypeBuilder<Finding> builder)
    {
        builder.ToTable("Findings");
        builder.HasKey(f => f.Id);
        builder.HasIndex(f => new { f.EngagementId, f.Number }).IsUnique();
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Confidence).HasConversion<string>().HasMaxLength(10);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.TextEn).HasMaxLength(4000);
        builder.Property(f => f.Classification).HasMaxLength(20);
        builder.Property(f => f.TextFr).HasMaxLength(4000);
        builder.Property(f => f.ConcurrencyStamp).IsConcurrencyToken();
        builder.Ignore(f => f.Reference);
        builder.HasOne<Engagement>().WithMany().HasForeignKey(f => f.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ConsultationSession>().WithMany().HasForeignKey(f => f.SessionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FindingRevisionConfiguration : IEntityTypeConfiguration<FindingRevision>
{
    public void Configure(EntityTypeBuilder<FindingRevision> builder)
    {
        builder.ToTable("FindingRevisions");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.FindingId, r.Revision }).IsUnique();
        builder.Property(r => r.Change).HasMaxLength(20);
        builder.Property(r => r.Snapshot).IsRequired();
        builder.HasOne<Finding>().WithMany().HasForeignKey(r => r.FindingId).OnDelete(DeleteBehavior.Cascade);
    }
}
