using System.Globalization;
using Rempart.Core.Targets;
using Rempart.Web.Monitoring;

namespace Rempart.Web.Targets;

/// <summary>The site form's fields as typed (numbers and dates as text, so that a typo comes back as a clear message).</summary>
public sealed class SiteForm
{
    public string? Code { get; set; }

    public string? NameFr { get; set; }

    public string? NameEn { get; set; }

    public string? Kind { get; set; } = "soft";

    /// <summary>Critical infrastructure: the sector or "sector/subsector"; soft target: the category.</summary>
    public string? Group { get; set; }

    public string? Operator { get; set; }

    public string? Latitude { get; set; }

    public string? Longitude { get; set; }

    public string? Region { get; set; }

    public string? Capacity { get; set; }

    public string? Classification { get; set; }

    public List<string> Measures { get; set; } = [];

    public string? ValidFrom { get; set; }

    public string? ValidTo { get; set; }

    public Guid ConcurrencyStamp { get; set; }

    public static SiteForm From(Site s) => new()
    {
        Code = s.Code, NameFr = s.NameFr, NameEn = s.NameEn, Kind = s.Kind == SiteKind.CriticalInfrastructure ? "ci" : "soft",
        Group = s.Kind == SiteKind.CriticalInfrastructure ? (s.Subsector is null ? s.Sector : s.Sector + "/" + s.Subsector) : s.Category,
        Operator = s.Operator, Latitude = s.Latitude?.ToString("R", CultureInfo.InvariantCulture), Longitude = s.Longitude?.ToString("R", CultureInfo.InvariantCulture),
        Region = s.Region, Capacity = s.Capacity?.ToString(CultureInfo.InvariantCulture), Classification = s.Classification, Measures = [.. s.Measures],
        ValidFrom = s.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ValidTo = s.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ConcurrencyStamp = s.ConcurrencyStamp,
    };

    /// <summary>The input for Core; numbers and dates that do not read raise a message naming the field.</summary>
    public SiteInput ToInput(Func<string, string, string> problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        double? Number(string? text, string field) =>
            string.IsNullOrWhiteSpace(text) ? null
            : double.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new FormProblemException(problem(field, text));
        DateOnly? Date(string? text, string field) =>
            string.IsNullOrWhiteSpace(text) ? null
            : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new FormProblemException(problem(field, text));
        long? capacity = string.IsNullOrWhiteSpace(Capacity) ? null
            : long.TryParse(Capacity.Replace(" ", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var c)
                ? c : throw new FormProblemException(problem("capacity", Capacity));
        var ci = Kind == "ci";
        var parts = (Group ?? "").Split('/', 2);
        return new SiteInput(Code ?? "", NameFr, NameEn, Kind, ci ? parts[0] : null, ci && parts.Length > 1 ? parts[1] : null, ci ? null : Group, Operator,
            Number(Latitude, "latitude"), Number(Longitude, "longitude"), Region, capacity, Classification, Measures, Date(ValidFrom, "valid_from"), Date(ValidTo, "valid_to"));
    }
}
