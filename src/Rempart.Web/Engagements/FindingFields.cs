namespace Rempart.Web.Engagements;

/// <summary>How the findings forms read what a rapporteur typed.</summary>
internal static class FindingFields
{
    /// <summary>
    /// The entities named in a field: separated by commas, semicolons or lines, each an acronym or a full name as the
    /// engagement lists it ("MINT, Ministère de l'Énergie et du Pétrole"); spaces belong to names, not between entities.
    /// </summary>
    public static string[] Entities(string? typed) =>
        [.. (typed ?? "").Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];
}
