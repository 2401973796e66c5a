namespace Rempart.Core.Access;

/// <summary>
/// The six roles. A role says what a person may do; engagement membership says where.
/// Only programme administrators reach engagements they are not members of.
/// </summary>
public static class RoleNames
{
    public const string ProgrammeAdministrator = "ProgrammeAdministrator";
    public const string ProgrammeOfficer = "ProgrammeOfficer";
    public const string NationalCoordinator = "NationalCoordinator";
    public const string EntityRespondent = "EntityRespondent";
    public const string DonorViewer = "DonorViewer";
    public const string Auditor = "Auditor";

    public static IReadOnlyList<string> All { get; } =
    [
        ProgrammeAdministrator, ProgrammeOfficer, NationalCoordinator, EntityRespondent, DonorViewer, Auditor,
    ];

    /// <summary>Finds the canonical role name, ignoring case; null when there is none.</summary>
    public static string? Canonical(string? name) =>
        All.FirstOrDefault(r => string.Equals(r, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
