using System.Text.RegularExpressions;

namespace Rempart.Core.Engagements;

/// <summary>
/// The programme's work with one country: who takes part, what was said, found and planned.
/// Its <see cref="Code"/> (e.g. <c>CIV-2024</c>) is stable and usable wherever an id is.
/// </summary>
public sealed partial class Engagement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Country ISO 3166-1 alpha-3 code, a dash and the year, with an optional suffix: <c>CIV-2024</c>.</summary>
    public string Code { get; set; } = "";

    /// <summary>ISO 3166-1 alpha-3 country code (<c>CIV</c>).</summary>
    public string CountryCode { get; set; } = "";

    public string TitleEn { get; set; } = "";

    public string TitleFr { get; set; } = "";

    /// <summary>First day of the engagement (inclusive).</summary>
    public DateOnly PeriodStart { get; set; }

    /// <summary>Last day of the engagement (inclusive); null while open-ended.</summary>
    public DateOnly? PeriodEnd { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The catalog version the engagement is assessed against; it stays pinned when newer ones arrive.</summary>
    public Guid? CatalogVersionId { get; set; }

    /// <summary>Where the engagement stands; changed only through <see cref="StageService"/>, which records each move.</summary>
    public EngagementStage Stage { get; set; }

    public string ProgrammeEn { get; set; } = "";

    public string ProgrammeFr { get; set; } = "";

    /// <summary>The national entity that coordinates on the country's side (e.g. the Ministry of Foreign Affairs).</summary>
    public Guid? CoordinatingEntityId { get; set; }

    public List<EngagementOrganisation> Organisations { get; set; } = [];

    public List<StageTransition> Transitions { get; set; } = [];

    /// <summary>Changes on every save; a save based on an older value is refused (no silent overwrite).</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<EngagementMember> Members { get; set; } = [];

    /// <summary>
    /// The engagement's Traffic Light Protocol label: the label of its exports and documents unless they carry a
    /// stricter or laxer one of their own (a roadmap, a site), and the default label of new findings.
    /// </summary>
    public string Classification { get; set; } = Access.Tlp.Amber;

    /// <summary>How the suggested national level is drawn from the entities' answers.</summary>
    public Questionnaires.ConsolidationRule ConsolidationRule { get; set; }

    /// <summary>The title in the given language, falling back to English.</summary>
    public string TitleIn(string language) =>
        language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? TitleFr : TitleEn;

    public static bool IsValidCode(string? code) => code is not null && CodePattern().IsMatch(code);

    public static bool IsValidCountry(string? country) => country is not null && CountryPattern().IsMatch(country);

    [GeneratedRegex("^[A-Z]{3}-[0-9]{4}(-[A-Z0-9]{1,8})?$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPattern();
}

/// <summary>A person's place in one engagement. Membership decides what the person sees.</summary>
public sealed class EngagementMember
{
    public Guid EngagementId { get; set; }

    public Engagement? Engagement { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The role the person holds in this engagement (one of <see cref="Access.RoleNames"/>).</summary>
    public string Role { get; set; } = "";

    public DateTimeOffset AddedAt { get; set; }

    /// <summary>For an entity respondent: the national entity they answer for (they see only its questionnaire).</summary>
    public Guid? EntityId { get; set; }

    /// <summary>
    /// The most restricted site label this member is cleared for. Sites at TLP:AMBER+STRICT or TLP:RED are shown
    /// only to members cleared for them (never by role alone); null means TLP:AMBER at most.
    /// </summary>
    public string? SiteClearance { get; set; }
}
