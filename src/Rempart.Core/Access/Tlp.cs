namespace Rempart.Core.Access;

/// <summary>
/// Traffic Light Protocol 2.0 labels, from the least to the most restricted. Views and exports keep only what is
/// at or below the reader's ceiling: a donor viewer reads up to TLP:GREEN, an entity respondent up to TLP:AMBER,
/// the programme, the national coordination and auditors everything.
/// </summary>
public static class Tlp
{
    public const string Clear = "TLP:CLEAR";
    public const string Green = "TLP:GREEN";
    public const string Amber = "TLP:AMBER";
    public const string AmberStrict = "TLP:AMBER+STRICT";
    public const string Red = "TLP:RED";

    /// <summary>The labels in order of restriction.</summary>
    public static IReadOnlyList<string> All { get; } = [Clear, Green, Amber, AmberStrict, Red];

    private static readonly string[] canonical = [Clear, Green, Amber, AmberStrict, Red];

    /// <summary>The canonical label (case and spacing ignored, "TLP:" optional); null when it is not one.</summary>
    public static string? Parse(string? label)
    {
        // Fast path: a label already canonical (what files and forms almost always hold) is returned without allocating.
        for (var i = 0; i < canonical.Length; i++)
        {
            if (string.Equals(label, canonical[i], StringComparison.Ordinal))
            {
                return canonical[i];
            }
        }

        var text = (label ?? "").Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        if (!text.StartsWith("TLP:", StringComparison.Ordinal))
        {
            text = "TLP:" + text;
        }

        return All.FirstOrDefault(l => l == text);
    }

    /// <summary>0 for CLEAR up to 4 for RED; an unknown label counts as RED (fail closed).</summary>
    public static int Rank(string? label) => Parse(label) is { } known ? All.ToList().IndexOf(known) : All.Count - 1;

    /// <summary>The most restricted of the labels (TLP:CLEAR when there are none): the label of a file that holds them all.</summary>
    public static string Strictest(IEnumerable<string?> labels) =>
        All[labels.Select(Rank).DefaultIfEmpty(0).Max()];

    /// <summary>True when the label is at or below the ceiling.</summary>
    public static bool Within(string? label, string ceiling) => Rank(label) <= Rank(ceiling);

    /// <summary>The most restricted label a member with this engagement role may read.</summary>
    public static string CeilingFor(Viewer viewer, string? memberRole)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.IsProgrammeAdministrator)
        {
            return Red;
        }

        return memberRole switch
        {
            RoleNames.ProgrammeOfficer or RoleNames.NationalCoordinator or RoleNames.Auditor => Red,
            RoleNames.EntityRespondent => Amber,
            RoleNames.DonorViewer => Green,
            _ => Clear,
        };
    }
}
