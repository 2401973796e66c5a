using System.Globalization;
using Rempart.Core.Monitoring;
using Rempart.Core.Scoring;
using ScottPlot;

namespace Rempart.Web.Monitoring;

/// <summary>The monitoring charts: the plan's mean progress month by month (ScottPlot), with its numbers as a table.</summary>
public static class MonitoringCharts
{
    public static ScoringChart Progress(MonitoringOverview plan, string language, string title, string monthLabel, string progressLabel)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var culture = CultureInfo.GetCultureInfo(language);
        var points = plan.History;
        var plot = new Plot();
        plot.Title(title, size: 14);
        double[] xs = [.. points.Select((_, i) => (double)i)];
        double[] ys = [.. points.Select(p => Math.Round(p.MeanProgress, 1))];
        var line = plot.Add.Scatter(xs, ys);
        line.Color = Color.FromHex(Rempart.Core.Documents.Charts.Palette[0]);
        line.LineWidth = 2;
        line.MarkerSize = 5;
        plot.Axes.SetLimitsY(0, 100);
        plot.Axes.SetLimitsX(-0.5, Math.Max(1, points.Count - 0.5));
        plot.Axes.Left.Label.Text = progressLabel;
        var step = Math.Max(1, (int)Math.Ceiling(points.Count / 10.0));
        var ticks = points.Select((p, i) => (p, i)).Where(t => t.i % step == 0 || t.i == points.Count - 1)
            .Select(t => new Tick(t.i, t.p.Day.ToString("MMM yyyy", culture))).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        var rows = points.Select(p => (IReadOnlyList<string>)[p.Day.ToString("d", culture), p.MeanProgress.ToString("0.#", culture) + " %"]).ToList();
        return new ScoringChart("progress", title, plot, new ChartTable([monthLabel, progressLabel], rows), 760, 380);
    }
}
