using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Catalog;
using Rempart.Core.Engagements;

namespace Rempart.Core.Data;

/// <summary>
/// The one database context. Each provider has its own subclass (<see cref="SqliteAppDbContext"/>,
/// <see cref="PostgresAppDbContext"/>) only so that each keeps its own migration set; the model is shared.
/// Entity configurations live in their feature folders.
/// </summary>
public abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<RempartUser, RempartRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Engagement> Engagements => Set<Engagement>();

    public DbSet<EngagementMember> EngagementMembers => Set<EngagementMember>();

    public DbSet<EngagementOrganisation> EngagementOrganisations => Set<EngagementOrganisation>();

    public DbSet<StageTransition> StageTransitions => Set<StageTransition>();

    public DbSet<NationalEntity> NationalEntities => Set<NationalEntity>();

    public DbSet<EntityNameRecord> EntityNameHistory => Set<EntityNameRecord>();

    public DbSet<Participant> Participants => Set<Participant>();

    public DbSet<ConsultationEvent> ConsultationEvents => Set<ConsultationEvent>();

    public DbSet<ConsultationSession> ConsultationSessions => Set<ConsultationSession>();

    public DbSet<SessionAttendance> SessionAttendance => Set<SessionAttendance>();

    public DbSet<Finding> Findings => Set<Finding>();

    public DbSet<FindingRevision> FindingRevisions => Set<FindingRevision>();

    public DbSet<Questionnaires.Assignment> Assignments => Set<Questionnaires.Assignment>();

    public DbSet<Questionnaires.Answer> Answers => Set<Questionnaires.Answer>();

    public DbSet<Questionnaires.AnswerRevision> AnswerRevisions => Set<Questionnaires.AnswerRevision>();

    public DbSet<Questionnaires.EvidenceFile> EvidenceFiles => Set<Questionnaires.EvidenceFile>();

    public DbSet<Questionnaires.WorkbookExport> WorkbookExports => Set<Questionnaires.WorkbookExport>();

    public DbSet<Questionnaires.ConsolidatedAnswer> ConsolidatedAnswers => Set<Questionnaires.ConsolidatedAnswer>();

    public DbSet<Questionnaires.ConsolidationRevision> ConsolidationRevisions => Set<Questionnaires.ConsolidationRevision>();

    public DbSet<Questionnaires.StagedUpload> StagedUploads => Set<Questionnaires.StagedUpload>();

    public DbSet<Scoring.ScoringDecision> ScoringDecisions => Set<Scoring.ScoringDecision>();

    public DbSet<Scoring.AssessmentSnapshot> AssessmentSnapshots => Set<Scoring.AssessmentSnapshot>();

    public DbSet<Roadmaps.Roadmap> Roadmaps => Set<Roadmaps.Roadmap>();

    public DbSet<Roadmaps.Recommendation> Recommendations => Set<Roadmaps.Recommendation>();

    public DbSet<Roadmaps.RoadmapRevision> RoadmapRevisions => Set<Roadmaps.RoadmapRevision>();

    public DbSet<Roadmaps.RecommendationComment> RecommendationComments => Set<Roadmaps.RecommendationComment>();

    public DbSet<Monitoring.RecommendationTracking> RecommendationTracking => Set<Monitoring.RecommendationTracking>();

    public DbSet<Monitoring.ProgressUpdate> ProgressUpdates => Set<Monitoring.ProgressUpdate>();

    public DbSet<Monitoring.ProgressEvidence> ProgressEvidence => Set<Monitoring.ProgressEvidence>();

    public DbSet<Monitoring.IndicatorMeasurement> IndicatorMeasurements => Set<Monitoring.IndicatorMeasurement>();

    public DbSet<Monitoring.MilestoneCompletion> MilestoneCompletions => Set<Monitoring.MilestoneCompletion>();

    public DbSet<Monitoring.AssistanceActivity> AssistanceActivities => Set<Monitoring.AssistanceActivity>();

    public DbSet<Monitoring.ActivityFunding> ActivityFunding => Set<Monitoring.ActivityFunding>();

    public DbSet<Monitoring.ReminderLog> ReminderLog => Set<Monitoring.ReminderLog>();

    public DbSet<Targets.Site> Sites => Set<Targets.Site>();

    public DbSet<Targets.SiteRiskAssessment> SiteRiskAssessments => Set<Targets.SiteRiskAssessment>();

    public DbSet<Interdependencies.SiteDependency> SiteDependencies => Set<Interdependencies.SiteDependency>();

    public DbSet<Auditing.AuditEvent> AuditEvents => Set<Auditing.AuditEvent>();

    public DbSet<Auditing.AuditPending> AuditPending => Set<Auditing.AuditPending>();

    /// <summary>True while pending audit records are being sealed into the chain (that save is not itself audited).</summary>
    internal bool Sealing { get; set; }

    /// <summary>
    /// The account whose changes this context saves, for the audit trail: set per request by the web app after
    /// sign-in and per command by the CLI (<c>--as</c>); null is the system (start-up, workers, the operator).
    /// </summary>
    public Guid? ActingUserId { get; set; }

    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();

    public DbSet<WorkspaceSetting> WorkspaceSettings => Set<WorkspaceSetting>();

    public DbSet<CatalogVersion> CatalogVersions => Set<CatalogVersion>();

    /// <summary>Data-protection keys live in the database so that every app instance shares them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        // Ids are made by the application (Guid.CreateVersion7) before saving. Telling EF so means a new record
        // reached through a navigation (a name added to an entity's history) is inserted, not taken for an update.
        foreach (var entityType in builder.Model.GetEntityTypes())
        {
            if (entityType.FindPrimaryKey() is { Properties: [{ ClrType: var type } key] } && type == typeof(Guid))
            {
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RenewConcurrencyStamps();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RenewConcurrencyStamps();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void RenewConcurrencyStamps()
    {
        // Every record with a Guid concurrency stamp gets a new one on each change, so that a save based on an older
        // read is refused by the database (no silent overwrite).
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Modified
                && entry.Metadata.FindProperty("ConcurrencyStamp") is { IsConcurrencyToken: true } stamp && stamp.ClrType == typeof(Guid))
            {
                entry.Property(stamp.Name).CurrentValue = Guid.NewGuid();
            }
        }
    }
}

/// <summary>The context on SQLite, with the SQLite migration set.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot compare or sort DateTimeOffset text; store instants as sortable binary (UTC ticks).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
        // Identifiers as their 16 bytes, most significant first (so time-ordered ids sort as they did as text), not as
        // 36 characters: rows and index keys a third smaller, half the time to write a large site import (ADR 0013).
        // The declared column type stays TEXT: SQLite keeps a blob as a blob in a TEXT column, and changing the
        // declaration would rebuild every table for nothing SQLite enforces.
        configurationBuilder.Properties<Guid>().HaveConversion<GuidBytesConverter>().HaveColumnType("TEXT");
        configurationBuilder.Properties<Guid?>().HaveConversion<GuidBytesConverter>().HaveColumnType("TEXT");
    }
}

/// <summary>A <see cref="Guid"/> as its 16 bytes in big-endian order (RFC 9562 order: the text form's digits, in order).</summary>
public sealed class GuidBytesConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<Guid, byte[]>(
    g => Bytes(g), b => new Guid(b, true))
{
    /// <summary>The stored form, for SQL written by hand against SQLite (never a <see cref="Guid"/> itself: it would be bound as text).</summary>
    public static byte[] Bytes(Guid id) => id.ToByteArray(bigEndian: true);

    /// <summary>The stored form written into <paramref name="destination"/> (16 bytes).</summary>
    public static void Write(Guid id, Span<byte> destination) => id.TryWriteBytes(destination, bigEndian: true, out _);
}

/// <summary>The context on PostgreSQL, with the PostgreSQL migration set.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);

/// <summary>A small key-value record of workspace facts (e.g. when the demo workspace was loaded).</summary>
public sealed class WorkspaceSetting
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class WorkspaceSettingConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<WorkspaceSetting>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<WorkspaceSetting> builder)
    {
        builder.ToTable("WorkspaceSettings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(100);
        builder.Property(s => s.Value).HasMaxLength(4000);
    }
}
