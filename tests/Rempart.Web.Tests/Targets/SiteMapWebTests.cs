using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Targets;

/// <summary>
/// The sites page of a national inventory: past a thousand located sites the map counts them in squares instead of
/// drawing each, so that the page stays light (a first load under 300 KB) and says so in the reader's language. Its
/// own application, because the inventory it imports would change what the other site tests see.
/// </summary>
public sealed class SiteMapWebTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task A_national_inventory_is_drawn_in_squares_and_the_page_stays_light()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var csv = new StringBuilder("code,name_fr,name_en,kind,sector,category,operator,latitude,longitude,region,capacity,classification\r\n");
        for (var i = 0; i < 2400; i++)
        {
            var (lat, lon) = (4.5 + i % 60 * 0.1, -8.0 + i / 60 * 0.13);
            csv.Append(CultureInfo.InvariantCulture, $"CIV-N-{i:0000},Marché n°{i},Market {i},soft,,markets-malls,,{lat:0.00},{lon:0.00},Gbêkê,500,TLP:GREEN\r\n");
        }

        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "inventaire-national.csv" } })
        {
            var imported = await officer.PostAsync(U("/api/v1/engagements/CIV-2024/sites/import"), form, Ct);
            imported.StatusCode.Should().Be(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync(Ct));
        }

        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example", "fr");
        var response = await coordinator.GetAsync(U("/engagements/CIV-2024/sites"), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        bytes.Length.Should().BeLessThan(300 * 1024, "a main page's first load stays under 300 KB, whatever the size of the inventory");
        var page = WebUtility.HtmlDecode(Encoding.UTF8.GetString(bytes));
        page.Should().Contain("sites localisés, comptés par carrés de 0,25°").And.Contain("sites dans ce carré, aucun évalué")
            .And.Contain("sites dans ce carré ; risque le plus élevé");
        System.Text.RegularExpressions.Regex.Count(page, "<circle ").Should().BeInRange(1, 300, "only assessed sites of highest risk are drawn one by one");

        var svg = WebUtility.HtmlDecode(await officer.GetStringAsync(U("/api/v1/engagements/CIV-2024/sites/map.svg"), Ct));
        svg.Should().Contain("counted in squares of 0.25°").And.Contain("sites in this square, none assessed");
        var list = await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/sites?size=1", Ct);
        list.GetProperty("total").GetInt32().Should().BeGreaterThan(2400);
    }
}
