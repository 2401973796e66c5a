using System.Security.Claims;

namespace Rempart.Core.Access;

/// <summary>
/// Who is asking: the signed-in user and their programme roles. Every read and write in Core takes one, so that
/// membership is checked where the data is loaded.
/// </summary>
public sealed record Viewer(Guid UserId, IReadOnlySet<string> Roles)
{
    private static readonly IReadOnlySet<string> NoRoles = System.Collections.Frozen.FrozenSet.Create(StringComparer.Ordinal, Array.Empty<string>());

    /// <summary>
    /// No user account, acting as a programme administrator: the command line's operator (with their own access to the
    /// database) or the app's own background work. The audit trail records it as such.
    /// </summary>
    public static Viewer Operator { get; } = new(Guid.Empty, System.Collections.Frozen.FrozenSet.Create(StringComparer.Ordinal, RoleNames.ProgrammeAdministrator));

    /// <summary>A user acting without any programme role (for what concerns only their own account, or their membership).</summary>
    public static Viewer WithoutRoles(Guid userId) => new(userId, NoRoles);

    public bool IsProgrammeAdministrator => Roles.Contains(RoleNames.ProgrammeAdministrator);

    /// <summary>A programme administrator or officer: who opens engagements, adds their members and pins their catalog.</summary>
    public bool IsProgrammeStaff => IsProgrammeAdministrator || Roles.Contains(RoleNames.ProgrammeOfficer);

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>The viewer of an authenticated principal; null when it carries no user id.</summary>
    public static Viewer? From(ClaimsPrincipal? principal)
    {
        var id = principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (principal?.Identity?.IsAuthenticated != true || !Guid.TryParse(id, out var userId))
        {
            return null;
        }

        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Viewer(userId, roles);
    }
}
