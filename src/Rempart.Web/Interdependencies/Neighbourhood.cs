using System.Globalization;
using System.Net;
using System.Text;
using Rempart.Core.Interdependencies;

namespace Rempart.Web.Interdependencies;

/// <summary>A drawing of a site's neighbourhood: its suppliers on the left, the sites that depend on it on the right, each link labelled with its kind and hours.</summary>
public static class Neighbourhood
{
    public static string Svg(SiteRef centre, IReadOnlyList<(SiteRef Site, SiteDependency Link)> suppliers, IReadOnlyList<(SiteRef Site, SiteDependency Link)> dependents, string title, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(centre);
        ArgumentNullException.ThrowIfNull(suppliers);
        ArgumentNullException.ThrowIfNull(dependents);
        const int width = 760, boxWidth = 200, row = 34, top = 12;
        var rows = Math.Max(1, Math.Max(suppliers.Count, dependents.Count));
        var height = (rows * row) + (2 * top);
        var fr = culture?.TwoLetterISOLanguageName == "fr";
        var cx = (width - boxWidth) / 2;
        var cy = (height / 2) - 12;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"neighbourhood\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"nb-title\">");
        svg.Append("<title id=\"nb-title\">").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        void Box(int x, int y, SiteRef site, string fill)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{boxWidth}\" height=\"24\" rx=\"4\" fill=\"{fill}\" stroke=\"#5b6770\"/>");
            var name = fr ? site.NameFr : site.NameEn;
            var text = $"{site.Code} · {(name.Length > 18 ? name[..17] + "…" : name)}";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6}\" y=\"{y + 16}\" font-size=\"11\" fill=\"#1b1b1b\">{WebUtility.HtmlEncode(text)}<title>{WebUtility.HtmlEncode(site.Code + " · " + name)}</title></text>");
        }

        void Side(IReadOnlyList<(SiteRef Site, SiteDependency Link)> list, bool left)
        {
            var offset = (rows - list.Count) * row / 2;
            for (var i = 0; i < list.Count; i++)
            {
                var x = left ? 0 : width - boxWidth;
                var y = top + offset + (i * row);
                var (x1, x2) = left ? (boxWidth, cx) : (cx + boxWidth, x);
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1}\" y1=\"{y + 12}\" x2=\"{x2}\" y2=\"{cy + 12}\" stroke=\"#8a949b\" stroke-width=\"1.2\"/>");
                var l = list[i].Link;
                var label = $"{Rempart.Core.Data.CoreMessages.Format("DependencyKind." + l.Kind, culture ?? CultureInfo.InvariantCulture)} · {l.Probability.ToString("0.##", culture)} · {l.Hours.ToString("0.#", culture)} h{(l.RedundancyGroup is null ? "" : $" · {l.RedundancyGroup} (k={l.K})")}";
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(x1 + x2) / 2}\" y=\"{((y + cy) / 2) + 8}\" text-anchor=\"middle\" font-size=\"9\" fill=\"#3b444b\">{WebUtility.HtmlEncode(label)}</text>");
                Box(x, y, list[i].Site, left ? "#eef4f8" : "#fdf1e7");
            }
        }

        Side(suppliers, left: true);
        Side(dependents, left: false);
        Box(cx, cy, centre, "#fff2cc");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
