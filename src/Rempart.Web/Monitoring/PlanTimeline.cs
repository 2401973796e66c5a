using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Rempart.Core.Monitoring;
using Rempart.Core.Scoring;

namespace Rempart.Web.Monitoring;

/// <summary>The words a timeline needs, already in the reader's language.</summary>
public sealed record TimelineLabels(string Title, string Today, string Reached, string Overdue, string Upcoming, Func<ImplementationStatus, string> Status);

/// <summary>One bar of the plan's timeline: a recommendation from adoption to its end, with its milestones.</summary>
public sealed record TimelineBar(int Number, string Code, string Title, DateOnly Start, DateOnly End, ImplementationStatus Status, IReadOnlyList<TimelineMark> Marks);

/// <summary>A milestone on a bar: reached, overdue or still to come.</summary>
public sealed record TimelineMark(string Title, DateOnly Due, DateOnly? ReachedOn, bool Overdue);

/// <summary>
/// The timeline (Gantt chart) of an adopted plan as a self-contained SVG drawn on the server: one bar per
/// recommendation from adoption to its deadline (long horizon: its last milestone, or adoption + 60 months),
/// milestone markers, a line for today and a month/year axis. No script; presentation attributes only.
/// Pure: same plan, same language, same labels, same drawing.
/// </summary>
public static class PlanTimeline
{
    /// <summary>Months after adoption that close a long-horizon recommendation without milestones.</summary>
    public const int LongHorizonMonths = 60;

    private const int Width = 1000;
    private const int LabelWidth = 300;
    private const int Top = 56;
    private const int Row = 30;
    private const int Right = 20;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static IReadOnlyList<TimelineBar> Bars(MonitoringOverview plan, string language)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. plan.Items.OrderBy(i => i.Recommendation.Number).Select(i =>
        {
            var end = i.State.Deadline
                ?? (i.State.Milestones.Count > 0 ? i.State.Milestones.Max(m => m.Due) : plan.Adopted.AddMonths(LongHorizonMonths));
            var marks = i.State.Milestones.Select(m => new TimelineMark(language == "fr" ? m.Milestone.TitleFr : m.Milestone.TitleEn, m.Due, m.ReachedOn, m.Overdue)).ToList();
            return new TimelineBar(i.Recommendation.Number, i.Code, i.Recommendation.TitleIn(language), plan.Adopted, end < plan.Adopted ? plan.Adopted : end, i.State.Effective, marks);
        })];
    }

    /// <summary>The same facts as a table (the chart's text alternative).</summary>
    public static ChartTable Table(IReadOnlyList<TimelineBar> bars, string language, IReadOnlyList<string> columns, TimelineLabels labels)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentNullException.ThrowIfNull(labels);
        var culture = CultureInfo.GetCultureInfo(language);
        return new ChartTable(columns, [.. bars.Select(b => (IReadOnlyList<string>)[
            b.Code, b.Title, labels.Status(b.Status), b.Start.ToString("d", culture), b.End.ToString("d", culture),
            string.Join("; ", b.Marks.Select(m => $"{m.Due.ToString("d", culture)} {m.Title} ({(m.ReachedOn is { } r ? labels.Reached + " " + r.ToString("d", culture) : m.Overdue ? labels.Overdue : labels.Upcoming)})"))])]);
    }

    public static string Render(IReadOnlyList<TimelineBar> bars, DateOnly adopted, DateOnly today, string language, TimelineLabels labels)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentNullException.ThrowIfNull(labels);
        var culture = CultureInfo.GetCultureInfo(language);
        var first = new DateOnly(adopted.Year, adopted.Month, 1);
        var lastDay = bars.Select(b => b.End).Append(today).Append(adopted.AddMonths(12)).Max();
        var last = new DateOnly(lastDay.Year, lastDay.Month, 1).AddMonths(1);
        var span = Math.Max(1, last.DayNumber - first.DayNumber);
        var plotWidth = Width - LabelWidth - Right;
        double X(DateOnly day) => LabelWidth + (plotWidth * (double)(Math.Clamp(day.DayNumber, first.DayNumber, last.DayNumber) - first.DayNumber) / span);
        var height = Top + (bars.Count * Row) + 70;

        var root = new XElement(Svg + "svg",
            new XAttribute("viewBox", $"0 0 {Width} {height}"), new XAttribute("width", Width), new XAttribute("height", height),
            new XAttribute("role", "img"), new XAttribute("aria-labelledby", "timeline-title"), new XAttribute("font-family", "sans-serif"), new XAttribute("font-size", 12),
            new XAttribute(XNamespace.Xml + "lang", language),
            new XElement(Svg + "title", new XAttribute("id", "timeline-title"), labels.Title),
            new XElement(Svg + "rect", new XAttribute("x", 0), new XAttribute("y", 0), new XAttribute("width", Width), new XAttribute("height", height), new XAttribute("fill", "#ffffff")),
            Text(8, 20, labels.Title, 15, "start", "bold"));

        // Axis: a thin line each month, a label each quarter, the year at each January (and at the start).
        var axis = new XElement(Svg + "g", new XAttribute("class", "axis"));
        for (var m = first; m <= last; m = m.AddMonths(1))
        {
            var x = F(X(m));
            var major = m.Month == 1 || m == first;
            axis.Add(new XElement(Svg + "line", new XAttribute("x1", x), new XAttribute("x2", x), new XAttribute("y1", Top - 6), new XAttribute("y2", Top + (bars.Count * Row)),
                new XAttribute("stroke", major ? "#9ca3af" : "#e5e7eb"), new XAttribute("stroke-width", major ? 1 : 0.5)));
            if (major)
            {
                axis.Add(Text(X(m) + 2, Top - 24, m.Year.ToString(culture), 12, "start", "bold"));
            }

            var step = span > 2200 ? 6 : 3;
            if ((m.Month - 1) % step == 0 && m < last)
            {
                axis.Add(Text(X(m) + 2, Top - 10, culture.DateTimeFormat.GetAbbreviatedMonthName(m.Month).TrimEnd('.'), 10, "start", null));
            }
        }

        root.Add(axis);
        var rows = new XElement(Svg + "g", new XAttribute("class", "rows"));
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = Top + (i * Row);
            var label = b.Title.Length > 38 ? string.Concat(b.Title.AsSpan(0, 37), "…") : b.Title;
            rows.Add(new XElement(Svg + "g", new XAttribute("class", "row"), new XAttribute("data-code", b.Code),
                new XElement(Svg + "title", $"{b.Code} — {b.Title} — {labels.Status(b.Status)} — {b.Start.ToString("d", culture)} → {b.End.ToString("d", culture)}"),
                Text(8, y + 19, b.Code.Split('-')[^1], 12, "start", "bold"),
                Text(48, y + 19, label, 12, "start", null),
                new XElement(Svg + "rect", new XAttribute("class", "bar"), new XAttribute("x", F(X(b.Start))), new XAttribute("y", y + 7),
                    new XAttribute("width", F(Math.Max(2, X(b.End) - X(b.Start)))), new XAttribute("height", Row - 14), new XAttribute("rx", 3),
                    new XAttribute("fill", Colour(b.Status)), new XAttribute("fill-opacity", 0.85))));
            foreach (var m in b.Marks)
            {
                var mx = X(m.Due);
                var cy = y + (Row / 2.0);
                var state = m.ReachedOn is not null ? labels.Reached : m.Overdue ? labels.Overdue : labels.Upcoming;
                var tip = new XElement(Svg + "title", $"{m.Title} — {m.Due.ToString("d", culture)} — {state}{(m.ReachedOn is { } r ? " " + r.ToString("d", culture) : "")}");
                rows.Add(m.ReachedOn is not null
                    ? new XElement(Svg + "circle", new XAttribute("class", "milestone reached"), new XAttribute("cx", F(mx)), new XAttribute("cy", F(cy)), new XAttribute("r", 6),
                        new XAttribute("fill", "#1D6B2F"), new XAttribute("stroke", "#ffffff"), new XAttribute("stroke-width", 1.5), tip)
                    : m.Overdue
                        ? new XElement(Svg + "path", new XAttribute("class", "milestone overdue"), new XAttribute("d", $"M{F(mx)} {F(cy - 8)} L{F(mx + 8)} {F(cy)} L{F(mx)} {F(cy + 8)} L{F(mx - 8)} {F(cy)} Z"),
                            new XAttribute("fill", "#B91C1C"), new XAttribute("stroke", "#ffffff"), new XAttribute("stroke-width", 1.5), tip)
                        : new XElement(Svg + "circle", new XAttribute("class", "milestone upcoming"), new XAttribute("cx", F(mx)), new XAttribute("cy", F(cy)), new XAttribute("r", 5.5),
                            new XAttribute("fill", "#ffffff"), new XAttribute("stroke", "#111827"), new XAttribute("stroke-width", 2), tip));
            }
        }

        root.Add(rows);
        var tx = F(X(today));
        root.Add(new XElement(Svg + "g", new XAttribute("class", "today"),
            new XElement(Svg + "line", new XAttribute("x1", tx), new XAttribute("x2", tx), new XAttribute("y1", Top - 6), new XAttribute("y2", Top + (bars.Count * Row) + 4),
                new XAttribute("stroke", "#B91C1C"), new XAttribute("stroke-width", 2), new XAttribute("stroke-dasharray", "5 3")),
            Text(X(today), Top + (bars.Count * Row) + 18, $"{labels.Today} ({today.ToString("d", culture)})", 11, "middle", "bold", "#B91C1C")));

        // Legend, in words as well as shapes and colours.
        var ly = Top + (bars.Count * Row) + 44;
        var legend = new XElement(Svg + "g", new XAttribute("class", "legend"),
            new XElement(Svg + "circle", new XAttribute("cx", 14), new XAttribute("cy", ly - 4), new XAttribute("r", 6), new XAttribute("fill", "#1D6B2F")),
            Text(26, ly, labels.Reached, 11, "start", null),
            new XElement(Svg + "path", new XAttribute("d", $"M{150} {ly - 12} L{158} {ly - 4} L{150} {ly + 4} L{142} {ly - 4} Z"), new XAttribute("fill", "#B91C1C")),
            Text(164, ly, labels.Overdue, 11, "start", null),
            new XElement(Svg + "circle", new XAttribute("cx", 290), new XAttribute("cy", ly - 4), new XAttribute("r", 5.5), new XAttribute("fill", "#ffffff"), new XAttribute("stroke", "#111827"), new XAttribute("stroke-width", 2)),
            Text(302, ly, labels.Upcoming, 11, "start", null));
        var lx = 430;
        foreach (var status in Enum.GetValues<ImplementationStatus>())
        {
            legend.Add(new XElement(Svg + "rect", new XAttribute("x", lx), new XAttribute("y", ly - 10), new XAttribute("width", 14), new XAttribute("height", 10), new XAttribute("fill", Colour(status))));
            var name = labels.Status(status);
            legend.Add(Text(lx + 18, ly, name, 11, "start", null));
            lx += 30 + (name.Length * 6);
        }

        root.Add(legend);
        return root.ToString(SaveOptions.DisableFormatting);
    }

    public static string Colour(ImplementationStatus status) => status switch
    {
        ImplementationStatus.Completed => "#1D6B2F",
        ImplementationStatus.Delayed => "#C2410C",
        ImplementationStatus.InProgress => "#0B5CAD",
        ImplementationStatus.Cancelled => "#9CA3AF",
        _ => "#6B7280",
    };

    private static XElement Text(double x, double y, string text, int size, string anchor, string? weight, string fill = "#111827")
    {
        var element = new XElement(Svg + "text", new XAttribute("x", F(x)), new XAttribute("y", F(y)), new XAttribute("font-size", size), new XAttribute("text-anchor", anchor),
            new XAttribute("fill", fill), text);
        if (weight is not null)
        {
            element.Add(new XAttribute("font-weight", weight));
        }

        return element;
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The SVG as UTF-8 bytes with its XML declaration (served as image/svg+xml).</summary>
    public static byte[] Document(string svg) => Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg);
}
