using System.Globalization;
using Rempart.Core.Data;
using Rempart.Core.Documents;
using Rempart.Core.Monitoring;

namespace Rempart.Core.Exports;

/// <summary>A progress report as the updates list shows it.</summary>
public sealed record UpdateRow(string Recommendation, DateOnly AsOf, ImplementationStatus Status, int Progress, string Note, string? EvidenceReference, DateTimeOffset RecordedAt, string By);

/// <summary>An indicator measurement as the indicators list shows it.</summary>
public sealed record MeasurementRow(string Recommendation, string IndicatorEn, string IndicatorFr, string Baseline, string Target, DateOnly AsOf, string Value, double? Attainment, string? Note);

/// <summary>
/// Every monitoring list as a table in the reader's language, for CSV (UTF-8 with BOM, commas, RFC 4180 quoting)
/// and XLSX: the plan, progress reports, indicator measurements, milestones, activities, funding and participants.
/// </summary>
public static class MonitoringLists
{
    public static readonly IReadOnlyList<string> Names = ["plan", "updates", "indicators", "milestones", "activities", "funding", "participants"];

    /// <summary>Lists any member may export (scrubbed to what they may see); the others need monitoring access.</summary>
    public static readonly IReadOnlySet<string> AssistanceLists = new HashSet<string>(["activities", "funding", "participants"], StringComparer.Ordinal);

    private static string T(string key, CultureInfo culture) => CoreMessages.Format(key, culture);

    private static string[] Headers(CultureInfo culture, params string[] keys) => [.. keys.Select(k => T("Export.Col." + k, culture))];

    private static string D(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Status(ImplementationStatus status, CultureInfo culture) => T("Export.Status." + status, culture);

    private static bool Fr(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase);

    public static SheetData Plan(MonitoringOverview plan, string language)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var culture = Rempart.Core.Access.Cultures.For(language);
        return new SheetData("plan",
            Headers(culture, "Recommendation", "Title", "Lead", "Horizon", "Priority", "RecordedStatus", "EffectiveStatus", "Progress", "Deadline", "OverdueMilestones", "LastReport"),
            [.. plan.Items.Select(i => (IReadOnlyList<string>)
            [
                i.Code, i.Recommendation.TitleIn(language), i.Lead ?? "", T("Export.Horizon." + i.Recommendation.Horizon, culture), T("PriorityBand." + i.Recommendation.Priority, culture),
                Status(i.State.Recorded, culture), Status(i.State.Effective, culture), i.State.Progress.ToString(culture), D(i.State.Deadline),
                i.State.OverdueMilestones.ToString(culture), D(i.State.LastReport),
            ])]);
    }

    public static SheetData Updates(IReadOnlyList<UpdateRow> rows, string language)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var culture = Rempart.Core.Access.Cultures.For(language);
        return new SheetData("updates",
            Headers(culture, "Recommendation", "AsOf", "Status", "Progress", "Note", "Evidence", "RecordedAt", "By"),
            [.. rows.Select(u => (IReadOnlyList<string>)
            [
                u.Recommendation, D(u.AsOf), Status(u.Status, culture), u.Progress.ToString(culture), u.Note, u.EvidenceReference ?? "",
                u.RecordedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), u.By,
            ])]);
    }

    public static SheetData Indicators(IReadOnlyList<MeasurementRow> rows, string language)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var culture = Rempart.Core.Access.Cultures.For(language);
        return new SheetData("indicators",
            Headers(culture, "Recommendation", "Indicator", "Baseline", "Target", "AsOf", "Value", "Attainment", "Note"),
            [.. rows.Select(m => (IReadOnlyList<string>)
            [
                m.Recommendation, Fr(language) ? m.IndicatorFr : m.IndicatorEn, m.Baseline, m.Target, D(m.AsOf), m.Value,
                m.Attainment is { } a ? (a * 100).ToString("0", culture) + " %" : "", m.Note ?? "",
            ])]);
    }

    public static SheetData Milestones(MonitoringOverview plan, string language)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var culture = Rempart.Core.Access.Cultures.For(language);
        var yes = T("Export.Yes", culture);
        return new SheetData("milestones",
            Headers(culture, "Recommendation", "Milestone", "Month", "Due", "ReachedOn", "Overdue"),
            [.. plan.Items.SelectMany(i => i.State.Milestones.Select(m => (IReadOnlyList<string>)
            [
                i.Code, Fr(language) ? m.Milestone.TitleFr : m.Milestone.TitleEn, m.Milestone.Month.ToString(culture), D(m.Due), D(m.ReachedOn), m.Overdue ? yes : "",
            ]))]);
    }

    public static SheetData Activities(IReadOnlyList<ActivityView> activities, string language)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var culture = Rempart.Core.Access.Cultures.For(language);
        return new SheetData("activities",
            Headers(culture, "Activity", "Kind", "ActivityStatus", "Title", "PlannedStart", "PlannedEnd", "ActualStart", "ActualEnd", "Place", "Partners", "Recommendations", "Women", "Men", "Classification"),
            [.. activities.Select(a => (IReadOnlyList<string>)
            [
                a.Code, T("Export.Kind." + a.Activity.Kind, culture), T("Export.ActivityStatus." + a.Activity.Status, culture), a.Activity.TitleIn(language),
                D(a.Activity.PlannedStart), D(a.Activity.PlannedEnd), D(a.Activity.ActualStart), D(a.Activity.ActualEnd), a.Activity.Place,
                string.Join(", ", a.Partners.Select(p => p.Code)), string.Join(", ", a.Recommendations.Select(r => r.Code)),
                a.Women.ToString(culture), a.Men.ToString(culture), a.Activity.Classification,
            ])]);
    }

    public static SheetData Funding(IReadOnlyList<ActivityView> activities, string language)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var culture = Rempart.Core.Access.Cultures.For(language);
        return new SheetData("funding",
            Headers(culture, "Activity", "Donor", "FundingKind", "Amount", "Currency", "Date", "Note"),
            [.. activities.SelectMany(a => a.Funding.Select(f => (IReadOnlyList<string>)
            [
                a.Code, Fr(language) ? f.DonorFr : f.DonorEn, T("Export.FundingKind." + f.Kind, culture), f.Amount.ToString("0.00", CultureInfo.InvariantCulture), f.Currency, D(f.Date), f.Note ?? "",
            ]))]);
    }

    public static SheetData Participants(IReadOnlyList<ActivityView> activities, string language)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var culture = Rempart.Core.Access.Cultures.For(language);
        return new SheetData("participants",
            Headers(culture, "Activity", "Participant", "Women", "Men", "Total"),
            [.. activities.SelectMany(a => a.Participants.Select(p => (IReadOnlyList<string>)
            [
                a.Code, p.Who, p.Women.ToString(culture), p.Men.ToString(culture), (p.Women + p.Men).ToString(culture),
            ]))]);
    }

    /// <summary>CSV as RFC 4180 says (commas, CRLF, quotes doubled), UTF-8 with a BOM.</summary>
    public static byte[] Csv(SheetData table) => CsvTable.Write(table, ",", "\r\n");

    public static byte[] Xlsx(SheetData table) => SimpleWorkbook.Write([table]);
}
