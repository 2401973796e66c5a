using Rempart.Core.Catalog;
using Rempart.Core.Documents;
using ScottPlot;

namespace Rempart.Core.Scoring;

/// <summary>A chart's numbers, shown beside it as its text alternative (and exported as a table).</summary>
public sealed record ChartTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A drawn chart and the table that says the same thing in numbers.</summary>
public sealed record ScoringChart(string Id, string Title, Plot Plot, ChartTable Table, int Width, int Height)
{
    public string Svg() => Charts.Svg(Plot, Width, Height, Title);

    public byte[] Png() => Charts.Png(Plot, Width * 2, Height * 2);
}

/// <summary>The scoring charts (ScottPlot): framework x theme heat map, radar per instrument, top needs, cycle comparison.</summary>
public static class ScoringCharts
{
    private static string F(double? value, System.Globalization.CultureInfo culture) => value is { } v ? v.ToString("0.0", culture) : "—";

    /// <summary>Mean level per theme (rows) and framework (columns); empty cells (no question answered) stay blank.</summary>
    public static ScoringChart HeatMap(ScoreCard card, CatalogDefinition catalog, string language, string title, string emptyLabel)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(catalog);
        var culture = Rempart.Core.Access.Cultures.For(language);
        var frameworks = catalog.Frameworks;
        var themes = catalog.Themes;
        var values = new double[themes.Count, frameworks.Count];
        var rows = new List<IReadOnlyList<string>>();
        for (var t = 0; t < themes.Count; t++)
        {
            var row = new List<string> { themes[t].Name.Get(language) };
            for (var f = 0; f < frameworks.Count; f++)
            {
                var cell = Scorer.Area("cell", "", themes[t].Name, card.Questions.Where(q => q.Question.Framework == frameworks[f].Id && q.Question.Theme == themes[t].Id));
                values[t, f] = cell.Score ?? double.NaN;
                row.Add(cell.Score is null ? emptyLabel : $"{F(cell.Score, culture)} ({cell.Answered}/{cell.Applicable})");
            }

            rows.Add(row);
        }

        var plot = new Plot();
        plot.Title(title, size: 14);
        if (values.Cast<double>().All(double.IsNaN))
        {
            // No consolidated answer yet (an engagement at its start): the chart says so rather than failing to scale.
            plot.Add.Annotation(emptyLabel, Alignment.MiddleCenter);
        }
        else
        {
            var heatmap = plot.Add.Heatmap(values);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.ManualRange = new ScottPlot.Range(0, 4);
            heatmap.FlipVertically = true;
            plot.Add.ColorBar(heatmap);
        }

        for (var t = 0; t < themes.Count; t++)
        {
            for (var f = 0; f < frameworks.Count; f++)
            {
                if (!double.IsNaN(values[t, f]))
                {
                    var label = plot.Add.Text(values[t, f].ToString("0.0", culture), f, t);
                    label.LabelFontSize = 12;
                    label.LabelFontColor = values[t, f] > 2.5 ? Colors.Black : Colors.White;
                    label.LabelAlignment = Alignment.MiddleCenter;
                }
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. frameworks.Select((x, i) => new Tick(i, x.Name.Get(language)))]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. themes.Select((x, i) => new Tick(i, x.Name.Get(language)))]);
        var table = new ChartTable([.. frameworks.Select(f => f.Name.Get(language)).Prepend("")], rows);
        return new ScoringChart("heatmap", title, plot, table, 900, 520);
    }

    /// <summary>Score per framework for each instrument: one polygon per instrument on a 0-4 radar.</summary>
    public static ScoringChart Radar(ScoreCard card, CatalogDefinition catalog, string language, string title)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(catalog);
        var culture = Rempart.Core.Access.Cultures.For(language);
        // The normative instruments the country is assessed against (resolutions, principles, strategy), not guidance.
        var instruments = catalog.Instruments.Where(i => i.Kind != "guidance" && card.AreasOf("instrument").Any(a => a.Id == i.Id && a.Score is not null)).ToList();
        var frameworks = catalog.Frameworks;
        var rows = new List<IReadOnlyList<string>>();
        var plot = new Plot();
        plot.Title(title, size: 14);
        var series = new List<double[]>();
        foreach (var instrument in instruments)
        {
            var provisions = instrument.Provisions.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            var scores = frameworks.Select(f => Scorer.Area("cell", "", f.Name, card.Questions.Where(q => q.Question.Framework == f.Id && q.Question.Provisions.Any(provisions.Contains))).Score).ToList();
            series.Add([.. scores.Select(s => s ?? 0)]);
            rows.Add([instrument.Symbol, .. scores.Select(s => F(s, culture))]);
        }

        if (series.Count > 0)
        {
            var radar = plot.Add.Radar(series);
            radar.PolarAxis.SetSpokes([.. frameworks.Select(f => f.Name.Get(language))], 4.6);
            radar.PolarAxis.SetCircles(4, 4);
            for (var i = 0; i < instruments.Count; i++)
            {
                radar.Series[i].LegendText = instruments[i].Symbol;
                radar.Series[i].FillColor = Color.FromHex(Charts.Palette[i % Charts.Palette.Length]).WithAlpha(40);
                radar.Series[i].LineColor = Color.FromHex(Charts.Palette[i % Charts.Palette.Length]);
            }

            plot.ShowLegend(Edge.Bottom);
        }

        plot.HideGrid();
        plot.Axes.Frameless();
        var table = new ChartTable([.. frameworks.Select(f => f.Name.Get(language)).Prepend("")], rows);
        return new ScoringChart("radar", title, plot, table, 720, 480);
    }

    /// <summary>The needs with the highest priority index, longest bar first.</summary>
    public static ScoringChart TopNeeds(ScoreCard card, string language, string title, string indexLabel, int count = 10)
    {
        ArgumentNullException.ThrowIfNull(card);
        var culture = Rempart.Core.Access.Cultures.For(language);
        var top = card.Priorities.Take(count).ToList();
        var categories = top.Select(q => q.Question.Id).Reverse().ToList();
        var plot = Charts.GroupedBars(title, categories, [new ChartSeries(indexLabel, [.. top.Select(q => q.PriorityIndex).Reverse()], Charts.Palette[1])], horizontal: true);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic();
        var rows = top.Select(q => (IReadOnlyList<string>)[q.Question.Id, q.Question.Text.Get(language), q.Gap?.ToString(culture) ?? "", q.PriorityIndex.ToString("0.##", culture)]).ToList();
        string Header(string key) => Data.CoreMessages.Format(key, culture);
        return new ScoringChart("top-needs", title, plot, new ChartTable([Header("Doc.Col.Question"), Header("Doc.Col.Text"), Header("Doc.Col.Gap"), indexLabel], rows), 720, Math.Max(220, 40 + (top.Count * 30)));
    }

    /// <summary>Framework scores of a frozen cycle beside the current ones.</summary>
    public static ScoringChart Baseline(CycleComparison comparison, string language, string title, string beforeLabel, string afterLabel)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var culture = Rempart.Core.Access.Cultures.For(language);
        var categories = comparison.Frameworks.Select(f => f.Name.Get(language)).ToList();
        var plot = Charts.GroupedBars(title, categories,
        [
            new ChartSeries(beforeLabel, [.. comparison.Frameworks.Select(f => f.Before ?? 0)], Charts.Palette[0]),
            new ChartSeries(afterLabel, [.. comparison.Frameworks.Select(f => f.After ?? 0)], Charts.Palette[2]),
        ]);
        plot.Axes.SetLimitsY(0, 4.2);
        var rows = comparison.Frameworks.Select(f => (IReadOnlyList<string>)[f.Name.Get(language), F(f.Before, culture), F(f.After, culture)]).ToList();
        return new ScoringChart("baseline", title, plot, new ChartTable(["", beforeLabel, afterLabel], rows), 720, 380);
    }
}
