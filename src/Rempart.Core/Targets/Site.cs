using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rempart.Core.Engagements;

namespace Rempart.Core.Targets;

[JsonConverter(typeof(JsonStringEnumConverter<SiteKind>))]
public enum SiteKind
{
    /// <summary>Critical infrastructure: a sector (and subsector) of the catalog's taxonomy.</summary>
    CriticalInfrastructure = 0,

    /// <summary>A soft target or public place: a category of the catalog's taxonomy.</summary>
    SoftTarget = 1,
}

[JsonConverter(typeof(JsonStringEnumConverter<RiskMethod>))]
public enum RiskMethod
{
    /// <summary>Threat x vulnerability x consequence per attack scenario (RAMCAP style).</summary>
    Scenario = 0,

    /// <summary>CARVER + Shock: seven factors scored 1-10.</summary>
    Carver = 1,
}

/// <summary>
/// A vulnerable target of the national inventory: a critical-infrastructure site or a public place, where it is,
/// who runs it, how many people it holds, what protects it and how sensitive its record is. Its latest risk is kept
/// on the row (index, band, method) so that lists, maps and aggregates over a national inventory read one table.
/// </summary>
public sealed class Site
{
    /// <summary>Time-ordered (version 7), given when the site is first stored: checked rows carry none, so that an import of a million rows draws no random bytes per row.</summary>
    public Guid Id { get; set; }

    public Guid EngagementId { get; set; }

    /// <summary>Stable code within the engagement (CIV-ST-001), as in the import file.</summary>
    public string Code { get; set; } = "";

    public string NameFr { get; set; } = "";

    public string NameEn { get; set; } = "";

    public SiteKind Kind { get; set; }

    /// <summary>Critical infrastructure: the catalog sector id (energy).</summary>
    public string? Sector { get; set; }

    /// <summary>Critical infrastructure: the catalog subsector id (energy-electricity).</summary>
    public string? Subsector { get; set; }

    /// <summary>Soft target: the catalog category id (stadiums-sports-venues).</summary>
    public string? Category { get; set; }

    /// <summary>The operator as written (a national entity's acronym or a private operator's name).</summary>
    public string? Operator { get; set; }

    /// <summary>The national entity that runs it, when the operator is one of the engagement's entities.</summary>
    public Guid? OperatorEntityId { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>Administrative region or district.</summary>
    public string? Region { get; set; }

    /// <summary>Capacity or typical crowd (people), or people served for a utility.</summary>
    public long? Capacity { get; set; }

    /// <summary>Protective measures in place: ids of the reference checklist.</summary>
    public List<string> Measures { get; set; } = [];

    /// <summary>TLP 2.0 label of the record (who may see that the site exists and what it holds).</summary>
    public string Classification { get; set; } = Access.Tlp.Amber;

    public DateOnly? ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    /// <summary>Latest risk on a 0-100 scale comparable across sites (see <see cref="RiskMethods"/>); null until assessed.</summary>
    public double? RiskIndex { get; set; }

    public string? RiskBand { get; set; }

    public RiskMethod? RiskMethod { get; set; }

    public DateOnly? AssessedOn { get; set; }

    /// <summary>The import that created the row (null when entered on the web).</summary>
    public Guid? ImportId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Given when the site is first stored, renewed by every change.</summary>
    public Guid ConcurrencyStamp { get; set; }
}

/// <summary>One scenario of a threat x vulnerability x consequence assessment.</summary>
public sealed record ScenarioInput(string Scenario, double Threat, double Vulnerability, double Lives, double PeopleWithoutService, double OutageHours, double Economic);

/// <summary>
/// A dated risk assessment of one site by one method, with its inputs and what they gave. Assessments are kept
/// (history); the latest one sets the site's risk.
/// </summary>
public sealed class SiteRiskAssessment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid SiteId { get; set; }

    public RiskMethod Method { get; set; }

    public DateOnly AssessedOn { get; set; }

    /// <summary>CARVER + Shock: factor id → score 1-10.</summary>
    public Dictionary<string, int> Factors { get; set; } = [];

    /// <summary>Scenario method: one row per attack scenario.</summary>
    public List<ScenarioInput> Scenarios { get; set; } = [];

    public string RationaleFr { get; set; } = "";

    public string RationaleEn { get; set; } = "";

    /// <summary>0-100, comparable across sites: conditional risk (vulnerability x consequence, without the contested threat term).</summary>
    public double RiskIndex { get; set; }

    /// <summary>Scenario method: the highest threat x vulnerability x consequence (0-1); null for CARVER, which has no threat term.</summary>
    public double? FullRisk { get; set; }

    /// <summary>0-1: the consequence axis of the risk matrix.</summary>
    public double Consequence { get; set; }

    /// <summary>0-1: the likelihood-of-success axis of the risk matrix.</summary>
    public double Likelihood { get; set; }

    public string Band { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }
}

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> builder)
    {
        builder.ToTable("Sites");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Code).HasMaxLength(60).IsRequired();
        builder.Property(s => s.NameFr).HasMaxLength(300).IsRequired();
        builder.Property(s => s.NameEn).HasMaxLength(300).IsRequired();
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.Sector).HasMaxLength(80);
        builder.Property(s => s.Subsector).HasMaxLength(80);
        builder.Property(s => s.Category).HasMaxLength(80);
        builder.Property(s => s.Operator).HasMaxLength(200);
        builder.Property(s => s.Region).HasMaxLength(120);
        builder.Property(s => s.Classification).HasMaxLength(20).IsRequired();
        builder.Property(s => s.RiskBand).HasMaxLength(30);
        builder.Property(s => s.RiskMethod).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Measures).HasConversion(Roadmaps.JsonList<string>.Converter, Roadmaps.JsonList<string>.Comparer).HasMaxLength(2000);
        builder.Property(s => s.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(s => new { s.EngagementId, s.Code }).IsUnique();
        // Partial: only assessed sites are looked up by their risk, and only sites run by a national entity by that
        // entity (its deletion clears them). An imported inventory has neither yet, so a million-row import writes two
        // index entries per site instead of four, and the file stays smaller (docs/BENCHMARKS.md, site import).
        builder.HasIndex(s => new { s.EngagementId, s.RiskIndex }).HasFilter("\"RiskIndex\" IS NOT NULL");
        builder.HasIndex(s => s.OperatorEntityId).HasFilter("\"OperatorEntityId\" IS NOT NULL");
        builder.HasOne<Engagement>().WithMany().HasForeignKey(s => s.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NationalEntity>().WithMany().HasForeignKey(s => s.OperatorEntityId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SiteRiskAssessmentConfiguration : IEntityTypeConfiguration<SiteRiskAssessment>
{
    public void Configure(EntityTypeBuilder<SiteRiskAssessment> builder)
    {
        builder.ToTable("SiteRiskAssessments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Method).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Factors).HasConversion(FactorsJson.Converter, FactorsJson.Comparer);
        builder.Property(a => a.Scenarios).HasConversion(Roadmaps.JsonList<ScenarioInput>.Converter, Roadmaps.JsonList<ScenarioInput>.Comparer);
        builder.Property(a => a.RationaleFr).HasMaxLength(4000);
        builder.Property(a => a.RationaleEn).HasMaxLength(4000);
        builder.Property(a => a.Band).HasMaxLength(30);
        builder.HasIndex(a => new { a.SiteId, a.AssessedOn });
        builder.HasOne<Site>().WithMany().HasForeignKey(a => a.SiteId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal static class FactorsJson
{
    // Not private: the compiled model (Data/CompiledModels) reads it from generated code.
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<Dictionary<string, int>, string> Converter = new(
        v => System.Text.Json.JsonSerializer.Serialize(v, Json),
        v => System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(v, Json) ?? new Dictionary<string, int>());

    public static readonly Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<Dictionary<string, int>> Comparer = new(
        (a, b) => (a == null && b == null) || (a != null && b != null && a.Count == b.Count && !a.Except(b).Any()),
        v => v.OrderBy(p => p.Key, StringComparer.Ordinal).Aggregate(0, (hash, p) => HashCode.Combine(hash, p.Key, p.Value)),
        v => new Dictionary<string, int>(v));
}
