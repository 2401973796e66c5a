using System.Text.Json.Serialization;

namespace Rempart.Core.Engagements;

/// <summary>What kind of national body an entity is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EntityKind>))]
public enum EntityKind
{
    Ministry = 0,
    Agency = 1,
    Regulator = 2,
    Operator = 3,
    SecurityService = 4,
    Coordination = 5,
    Parliament = 6,
    Judiciary = 7,
    LocalAuthority = 8,
    CivilSociety = 9,
    PrivateSector = 10,
}

/// <summary>
/// A ministry, agency, regulator, operator or civil-society body of the country. Its id never changes: a rename adds
/// a row to its name history and every link (participants, findings, answers) keeps pointing at it; a merge closes
/// it with a successor. Validity dates are inclusive.
/// </summary>
public sealed class NationalEntity
{
    /// <summary>
    /// The entity a person names: by acronym, else by its full name in either language (accents and case aside), as
    /// attendance sheets and findings name them; null when none answers to it.
    /// </summary>
    public static NationalEntity? Named(IEnumerable<NationalEntity> entities, string text)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var list = entities as IReadOnlyCollection<NationalEntity> ?? [.. entities];
        var folded = Catalog.CatalogAnalysis.Fold(text);
        return list.FirstOrDefault(e => e.Acronym.Equals(text, StringComparison.OrdinalIgnoreCase))
            ?? list.FirstOrDefault(e => Catalog.CatalogAnalysis.Fold(e.NameFr) == folded || Catalog.CatalogAnalysis.Fold(e.NameEn) == folded);
    }

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public EntityKind Kind { get; set; }

    public string Acronym { get; set; } = "";

    public string NameEn { get; set; } = "";

    public string NameFr { get; set; } = "";

    public string MandateEn { get; set; } = "";

    public string MandateFr { get; set; } = "";

    /// <summary>Catalog sector ids the entity is concerned with.</summary>
    public List<string> Sectors { get; set; } = [];

    /// <summary>Catalog entity types the entity is (e.g. ministry-energy, regulator): questions are suggested from them.</summary>
    public List<string> CatalogTypes { get; set; } = [];

    public Guid? ParentId { get; set; }

    public DateOnly ValidFrom { get; set; }

    /// <summary>Last day the entity existed under this identity; null while it exists.</summary>
    public DateOnly? ValidTo { get; set; }

    /// <summary>The entity that took over its mandate (a merger or a split), when closed.</summary>
    public Guid? SuccessorId { get; set; }

    /// <summary>An entity that cannot be deleted (it is referred to) is deactivated instead.</summary>
    public bool IsDeactivated { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<EntityNameRecord> NameHistory { get; set; } = [];

    public bool IsCurrentOn(DateOnly day) => !IsDeactivated && ValidFrom <= day && (ValidTo is null || day <= ValidTo);

    public string NameIn(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? NameFr : NameEn;
}

/// <summary>A name an entity carried, from one day to another (inclusive); the last row without an end is current.</summary>
public sealed class EntityNameRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EntityId { get; set; }

    public string Acronym { get; set; } = "";

    public string NameEn { get; set; } = "";

    public string NameFr { get; set; } = "";

    public DateOnly ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    public Guid ChangedByUserId { get; set; }

    public string? Reason { get; set; }
}

/// <summary>How a participant describes their gender (for participation statistics by sex).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Gender>))]
public enum Gender
{
    Undisclosed = 0,
    Female = 1,
    Male = 2,
}

/// <summary>An official who takes part in the consultations. Email and phone are personal data (see <see cref="ParticipantService"/>).</summary>
public sealed class Participant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public Guid EntityId { get; set; }

    public string FullName { get; set; } = "";

    /// <summary>Job title, as the person gives it ("Directeur de la sécurité civile").</summary>
    public string Title { get; set; } = "";

    public Gender Gender { get; set; }

    public string Email { get; set; } = "";

    public string Phone { get; set; } = "";

    public string PreferredLanguage { get; set; } = "fr";
}
