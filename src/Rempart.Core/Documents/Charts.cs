using ScottPlot;

namespace Rempart.Core.Documents;

/// <summary>One series of a bar chart: a name (for the legend) and a value per category.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values, string Colour);

/// <summary>
/// Charts drawn with ScottPlot: SVG for pages, PNG for documents. Each chart comes with its numbers, so pages show
/// a data table beside it as its text alternative.
/// </summary>
public static class Charts
{
    public static readonly string[] Palette = ["#0B5CAD", "#C2410C", "#1D6B2F", "#7C3AED", "#B45309", "#0F766E", "#9D174D"];

    /// <summary>Bars per category, one bar per series side by side (e.g. women and men per entity).</summary>
    public static Plot GroupedBars(string title, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, bool horizontal = false)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        plot.Title(title, size: 14);
        var width = 0.8 / Math.Max(1, series.Count);
        for (var s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>();
            for (var c = 0; c < categories.Count; c++)
            {
                var position = c - 0.4 + (width * (s + 0.5));
                bars.Add(new Bar
                {
                    Position = position, Value = series[s].Values[c], Size = width * 0.95,
                    FillColor = Color.FromHex(series[s].Colour), LineWidth = 0,
                });
            }

            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = series[s].Name;
            plottable.Horizontal = horizontal;
        }

        // Counts are whole numbers: no 2.5 participants on the value axis.
        var values = horizontal ? (IAxis)plot.Axes.Bottom : plot.Axes.Left;
        values.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        var ticks = categories.Select((label, i) => new Tick(i, label)).ToArray();
        var axis = horizontal ? (IAxis)plot.Axes.Left : plot.Axes.Bottom;
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        if (horizontal)
        {
            plot.Axes.Margins(left: 0, right: 0.1, bottom: 0.02, top: 0.02);
        }
        else
        {
            plot.Axes.Margins(bottom: 0, top: 0.1);
            var crowded = categories.Count > 6 || categories.Sum(c => c.Length) > 60;
            plot.Axes.Bottom.TickLabelStyle.Rotation = crowded ? -25 : 0;
            plot.Axes.Bottom.TickLabelStyle.Alignment = crowded ? Alignment.MiddleRight : Alignment.UpperCenter;
        }

        if (series.Count > 1)
        {
            plot.ShowLegend(Edge.Bottom);
        }

        return plot;
    }

    /// <summary>
    /// The chart as inline SVG: no XML declaration, a viewBox so that it shrinks on a phone, and on the root element
    /// only an image role named by <paramref name="label"/> (the table beside it carries the numbers).
    /// </summary>
    public static string Svg(Plot plot, int width, int height, string label)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var svg = plot.GetSvgXml(width, height);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = svg[start..];
        var size = $"width=\"{width}\" height=\"{height}\"";
        var root = svg.IndexOf(size, StringComparison.Ordinal);
        var end = svg.IndexOf('>', StringComparison.Ordinal);
        if (root < 0 || root > end)
        {
            return svg.Insert(4, $" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(label)}\"");
        }

        return string.Concat(svg.AsSpan(0, root), $"viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(label)}\"", svg.AsSpan(root + size.Length));
    }

    public static byte[] Png(Plot plot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
