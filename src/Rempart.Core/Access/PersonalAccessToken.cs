namespace Rempart.Core.Access;

/// <summary>
/// A personal access token for the API and the CLI. Only its SHA-256 hash is stored; the token itself is shown
/// once, when it is created.
/// </summary>
public sealed class PersonalAccessToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public RempartUser? User { get; set; }

    /// <summary>What the owner calls it ("laptop CLI").</summary>
    public string Name { get; set; } = "";

    /// <summary>The first characters of the token, safe to show in lists so its owner can tell tokens apart.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the whole token.</summary>
    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The token stops working at this instant (exclusive).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}
