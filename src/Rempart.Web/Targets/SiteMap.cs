using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Rempart.Core.Targets;

namespace Rempart.Web.Targets;

/// <summary>
/// Draws sites on the country's outline as SVG, on the server: no tile server, no script, works offline. The
/// outlines are Natural Earth's 1:50m countries (npm package world-atlas), converted once to GeoJSON by
/// tools/geo/build-outlines.mjs and shipped with the web app. Projection: equirectangular, longitudes scaled by
/// the cosine of the middle latitude, which is close enough at a country's scale.
/// </summary>
public static class SiteMap
{
    private static readonly Lazy<Dictionary<string, List<double[][]>>> Outlines = new(LoadOutlines);

    /// <summary>The rings of a country's outline (ISO 3166-1 alpha-3), empty when unknown.</summary>
    public static IReadOnlyList<double[][]> OutlineOf(string? iso3) =>
        iso3 is not null && Outlines.Value.TryGetValue(iso3.ToUpperInvariant(), out var rings) ? rings : [];

    /// <summary>The sites page's and the API's map of a <see cref="SiteMapView"/>, with its title and tooltips in the reader's language.</summary>
    public static string Draw(SiteMapView view, string? iso3, TargetsReference reference, IStringLocalizer text, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(text);
        var title = view.Gridded
            ? text["Sites.MapGridTitle", view.Total.ToString("N0", culture), view.CellDegrees!.Value.ToString("0.##", culture)]
            : text["Sites.MapTitle", view.Points.Count, view.Total];
        return Svg(iso3, view.Points, reference, title, text["Sites.NotAssessed"], culture, cells: view.Cells,
            cellLabel: c => c.MaxRisk is { } risk
                ? text["Sites.MapCell", c.Count.ToString("N0", culture), reference.BandOf(risk).Name.In(culture), risk.ToString("0", culture)]
                : text["Sites.MapCellNotAssessed", c.Count.ToString("N0", culture)]);
    }

    /// <summary>
    /// The side of the grid's squares for a country's map, in degrees: about a thirtieth of the outline's larger
    /// extent, rounded to 0.05, 0.1, 0.25, 0.5, 1 or 2 degrees (a quarter of a degree for Côte d'Ivoire: some 28 km).
    /// </summary>
    public static double CellDegrees(string? iso3)
    {
        var rings = OutlineOf(iso3);
        var points = rings.SelectMany(r => r).ToList();
        var extent = points.Count == 0 ? 12 : Math.Max(points.Max(p => p[0]) - points.Min(p => p[0]), points.Max(p => p[1]) - points.Min(p => p[1]));
        var wanted = extent / 30;
        return new[] { 0.05, 0.1, 0.25, 0.5, 1, 2 }.FirstOrDefault(step => step >= wanted, 2);
    }

    /// <summary>
    /// The map: the outline, then the grid's squares when there are any (each coloured by the highest risk in it, grey
    /// when none is assessed, more opaque with more sites; <paramref name="cellLabel"/> gives its tooltip), then the dots.
    /// </summary>
    public static string Svg(string? iso3, IReadOnlyList<SitePoint> points, TargetsReference reference, string title, string noRisk, CultureInfo culture, int width = 640,
        Func<SitePoint, (string Colour, string Label)>? style = null, IReadOnlyList<MapCell>? cells = null, Func<MapCell, string>? cellLabel = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(reference);
        cells ??= [];
        var fr = culture?.TwoLetterISOLanguageName == "fr";
        var rings = OutlineOf(iso3);
        var lons = rings.SelectMany(r => r.Select(p => p[0])).Concat(points.Select(p => p.Longitude)).Concat(cells.SelectMany(c => new[] { c.West, c.West + c.Size })).ToList();
        var lats = rings.SelectMany(r => r.Select(p => p[1])).Concat(points.Select(p => p.Latitude)).Concat(cells.SelectMany(c => new[] { c.South, c.South + c.Size })).ToList();
        if (lons.Count == 0)
        {
            (lons, lats) = ([-1.0, 1.0], [-1.0, 1.0]);
        }

        double minLon = lons.Min(), maxLon = lons.Max(), minLat = lats.Min(), maxLat = lats.Max();
        var pad = Math.Max(maxLon - minLon, maxLat - minLat) * 0.03 + 0.01;
        (minLon, maxLon, minLat, maxLat) = (minLon - pad, maxLon + pad, minLat - pad, maxLat + pad);
        var cos = Math.Cos((minLat + maxLat) / 2 * Math.PI / 180);
        var scale = width / ((maxLon - minLon) * cos);
        var height = (int)Math.Ceiling((maxLat - minLat) * scale);
        string X(double lon) => ((lon - minLon) * cos * scale).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(double lat) => ((maxLat - lat) * scale).ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"map-title\" class=\"site-map\">");
        svg.Append("<title id=\"map-title\">").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#eef4f8\"/>");
        var outline = new StringBuilder();
        foreach (var ring in rings)
        {
            for (var i = 0; i < ring.Length; i++)
            {
                outline.Append(i == 0 ? 'M' : 'L').Append(X(ring[i][0])).Append(',').Append(Y(ring[i][1]));
            }

            outline.Append('Z');
        }

        if (rings.Count > 0)
        {
            svg.Append("<path fill=\"#fbfbf7\" stroke=\"#5b6770\" stroke-width=\"1\" fill-rule=\"evenodd\" d=\"").Append(outline).Append("\"/>");
        }

        if (cells.Count > 0)
        {
            var most = Math.Log(cells.Max(c => c.Count) + 1);
            svg.Append("<g class=\"grid\" stroke=\"#ffffff\" stroke-width=\"0.5\">");
            foreach (var c in cells)
            {
                var colour = c.MaxRisk is { } risk ? reference.BandOf(risk).Colour : "#7f8c8d";
                var opacity = 0.2 + 0.6 * Math.Log(c.Count + 1) / most;
                var side = c.Size * scale;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{X(c.West)}\" y=\"{Y(c.South + c.Size)}\" width=\"{(side * cos).ToString("0.#", CultureInfo.InvariantCulture)}\" height=\"{side.ToString("0.#", CultureInfo.InvariantCulture)}\" fill=\"{colour}\" fill-opacity=\"{opacity.ToString("0.##", CultureInfo.InvariantCulture)}\"><title>")
                   .Append(WebUtility.HtmlEncode(cellLabel?.Invoke(c) ?? c.Count.ToString(culture))).Append("</title></rect>");
            }

            svg.Append("</g>");
            if (rings.Count > 0)
            {
                // The border again, over the squares.
                svg.Append("<path fill=\"none\" stroke=\"#2f3a40\" stroke-width=\"1.2\" d=\"").Append(outline).Append("\"/>");
            }
        }

        // Lowest risk first, so that the highest is drawn on top.
        foreach (var p in points.OrderBy(p => p.RiskIndex ?? -1))
        {
            var band = reference.Band(p.Band);
            var (colour, label) = style?.Invoke(p) ?? (band?.Colour ?? "#7f8c8d",
                $"{p.Code} · {(fr ? p.NameFr : p.NameEn)} · {(band is null ? noRisk : band.Name.In(culture!) + " (" + p.RiskIndex?.ToString("0", culture) + ")")}");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.Longitude)}\" cy=\"{Y(p.Latitude)}\" r=\"{(p.Kind == SiteKind.CriticalInfrastructure ? 4.5 : 3.5)}\" fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"0.8\"")
               .Append(p.Kind == SiteKind.CriticalInfrastructure ? "" : " fill-opacity=\"0.85\"").Append("><title>").Append(WebUtility.HtmlEncode(label)).Append("</title></circle>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The 5 x 5 risk matrix (consequence across, likelihood up) with the number of sites in each cell.</summary>
    public static string MatrixSvg(IReadOnlyList<MatrixCell> cells, string title, string consequence, string likelihood)
    {
        ArgumentNullException.ThrowIfNull(cells);
        const int cell = 56, left = 40, top = 10;
        var size = (cell * 5) + left + 30;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{size}\" height=\"{size}\" role=\"img\" aria-labelledby=\"matrix-title\" class=\"risk-matrix\">");
        svg.Append("<title id=\"matrix-title\">").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        string[] colours = ["#d5e8d4", "#fff2cc", "#fde0c5", "#f8cecc", "#e6a39f"];
        for (var c = 1; c <= 5; c++)
        {
            for (var l = 1; l <= 5; l++)
            {
                var x = left + ((c - 1) * cell);
                var y = top + ((5 - l) * cell);
                var n = cells.FirstOrDefault(m => m.Consequence == c && m.Likelihood == l)?.Sites ?? 0;
                var shade = colours[Math.Clamp((c + l - 2) / 2, 0, 4)];
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{shade}\" stroke=\"#ffffff\" stroke-width=\"2\"/>");
                if (n > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (cell / 2)}\" y=\"{y + (cell / 2) + 6}\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\" fill=\"#1b1b1b\">{n}</text>");
                }
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (cell * 5 / 2)}\" y=\"{top + (cell * 5) + 22}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#1b1b1b\">{WebUtility.HtmlEncode(consequence)} →</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(16 {top + (cell * 5 / 2)}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\" fill=\"#1b1b1b\">{WebUtility.HtmlEncode(likelihood)} →</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static Dictionary<string, List<double[][]>> LoadOutlines()
    {
        var result = new Dictionary<string, List<double[][]>>(StringComparer.Ordinal);
        var path = Path.Combine(AppContext.BaseDirectory, "Targets", "countries-50m.geojson");
        if (!File.Exists(path))
        {
            return result;
        }

        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            if (!feature.TryGetProperty("properties", out var properties) || !properties.TryGetProperty("iso_a3", out var iso) || iso.GetString() is not { Length: 3 } code
                || !feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var rings = new List<double[][]>();
            var coordinates = geometry.GetProperty("coordinates");
            var polygons = geometry.GetProperty("type").GetString() == "MultiPolygon" ? coordinates.EnumerateArray().ToList() : [coordinates];
            foreach (var polygon in polygons)
            {
                foreach (var ring in polygon.EnumerateArray())
                {
                    rings.Add([.. ring.EnumerateArray().Select(p => new[] { p[0].GetDouble(), p[1].GetDouble() })]);
                }
            }

            result[code] = rings;
        }

        return result;
    }
}
