using Microsoft.AspNetCore.Identity;

namespace Rempart.Core.Access;

/// <summary>A person who signs in to Rempart. Contact details are personal data.</summary>
public sealed class RempartUser : IdentityUser<Guid>
{
    public RempartUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    /// <summary>Name shown in pages and in the audit trail.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Culture name of the language the person works in ("fr", "en").</summary>
    public string PreferredLanguage { get; set; } = "en";

    /// <summary>A disabled account cannot sign in and its access tokens stop working.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A programme-wide role (see <see cref="RoleNames"/>).</summary>
public sealed class RempartRole : IdentityRole<Guid>
{
    public RempartRole()
    {
        Id = Guid.CreateVersion7();
    }

    public RempartRole(string name) : this()
    {
        Name = name;
        NormalizedName = name.ToUpperInvariant();
    }
}
