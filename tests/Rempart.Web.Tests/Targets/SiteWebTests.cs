using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Targets;

/// <summary>The sites pages and API as each role meets them: who sees what, the map, imports and exports.</summary>
public sealed class SiteWebTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task The_officer_sees_the_inventory_its_map_and_its_risk()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var page = await officer.GetStringAsync(U("/engagements/CIV-2024/sites"), Ct);
        page.Should().Contain("Sites and risk").And.Contain("class=\"site-map\"").And.Contain("Risk matrix").And.Contain("TLP:RED");
        System.Text.RegularExpressions.Regex.Count(page, "<circle ").Should().BeGreaterThan(300, "every located site is drawn");
        page.Should().Contain("M", "the country outline is drawn").And.Contain("<path fill=\"#fbfbf7\"");
        var list = await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/sites?band=very-high", Ct);
        list.GetProperty("total").GetInt32().Should().BeGreaterThan(0);
        list.GetProperty("sites").EnumerateArray().Should().OnlyContain(s => s.GetProperty("riskBand").GetString() == "very-high");
        var svg = await officer.GetAsync(U("/api/v1/engagements/CIV-2024/sites/map.svg?kind=ci"), Ct);
        svg.Content.Headers.ContentType!.MediaType.Should().Be("image/svg+xml");
    }

    [Fact]
    public async Task The_page_speaks_french()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example", "fr");
        var page = await coordinator.GetStringAsync(U("/engagements/CIV-2024/sites"), Ct);
        page.Should().Contain("Sites et risque").And.Contain("Matrice des risques").And.NotContain("TLP:RED</td>");
    }

    [Fact]
    public async Task A_respondent_sees_up_to_amber_and_a_red_site_answers_404()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var red = (await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/sites?size=500", Ct)).GetProperty("sites").EnumerateArray()
            .First(s => s.GetProperty("classification").GetString() == "TLP:RED").GetProperty("code").GetString();
        using var energy = await app.SignedIn("energy@demo.rempart.example", "en");
        var visible = (await energy.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/sites?size=500", Ct)).GetProperty("sites").EnumerateArray().ToList();
        visible.Should().NotBeEmpty().And.OnlyContain(s => s.GetProperty("classification").GetString() != "TLP:RED" && s.GetProperty("classification").GetString() != "TLP:AMBER+STRICT");
        (await energy.GetAsync(U($"/api/v1/engagements/CIV-2024/sites/{red}"), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await energy.GetAsync(U($"/engagements/CIV-2024/sites/{red}"), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var export = await energy.GetStringAsync(U("/api/v1/engagements/CIV-2024/sites/export.csv"), Ct);
        export.Should().NotContain("TLP:RED").And.NotContain("TLP:AMBER+STRICT").And.Contain("TLP:AMBER");
        (await energy.PostAsJsonAsync("/api/v1/engagements/CIV-2024/sites", new { code = "CIV-R-1" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Donors_and_members_of_other_engagements_see_nothing()
    {
        using var donor = await app.SignedIn("donor@demo.rempart.example", "en");
        (await donor.GetAsync(U("/engagements/CIV-2024/sites"), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await donor.GetAsync(U("/api/v1/engagements/CIV-2024/sites"), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await donor.GetAsync(U("/api/v1/engagements/CIV-2024/sites/export.geojson"), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var togo = await app.SignedIn("togo@demo.rempart.example", "en");
        foreach (var path in new[] { "/engagements/CIV-2024/sites", "/api/v1/engagements/CIV-2024/sites", "/api/v1/engagements/CIV-2024/sites/map.svg",
                     "/api/v1/engagements/CIV-2024/sites/export.csv", "/api/v1/engagements/CIV-2024/sites/summary", "/api/v1/engagements/CIV-2024/sites/CIV-ST-001" })
        {
            var response = await togo.GetAsync(U(path), Ct);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
            (await response.Content.ReadAsStringAsync(Ct)).Should().NotContain("Stade").And.NotContain("TLP:", "nothing of the site inventory, not even its labels");
        }

        using var anonymous = app.Anonymous();
        (await anonymous.GetAsync(U("/api/v1/engagements/CIV-2024/sites"), Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_import_with_a_bad_row_answers_with_every_problem_and_writes_nothing()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "fr");
        var before = (await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/sites?size=1", Ct)).GetProperty("total").GetInt32();
        var csv = "code,name_fr,name_en,kind,sector,category,operator,latitude,longitude,region,capacity,classification\r\n" +
                  "CIV-W-1,Marché,Market,soft,,markets-malls,,5.3,-4.0,Gbêkê,100,TLP:GREEN\r\n" +
                  "CIV-W-2,Poste,Substation,ci,,,,5.3,-4.0,Gbêkê,,TLP:RED\r\n";
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "inventaire.csv" } };
        var refused = await officer.PostAsync(U("/api/v1/engagements/CIV-2024/sites/import"), form, Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("detail").GetString().Should().Contain("inventaire.csv").And.Contain("nothing was written");
        var first = problem.GetProperty("problems")[0];
        (first.GetProperty("row").GetInt32(), first.GetProperty("column").GetString()).Should().Be((3, "sector"));
        first.GetProperty("message").GetString().Should().Contain("sector");
        (await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/sites?size=1", Ct)).GetProperty("total").GetInt32().Should().Be(before);

        using var good = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.Replace("ci,,,", "ci,energy,,", StringComparison.Ordinal))), "file", "inventaire.csv" } };
        var done = await officer.PostAsync(U("/api/v1/engagements/CIV-2024/sites/import"), good, Ct);
        done.StatusCode.Should().Be(HttpStatusCode.OK);
        (await done.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("added").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task The_template_imports_as_it_is_downloaded_with_the_engagements_country()
    {
        // Togo's engagement, so that the Ivorian map of the other tests stays as the demo drew it.
        using var admin = await app.SignedIn("admin@demo.rempart.example", "en");
        using var template = await admin.GetAsync(U("/api/v1/engagements/TGO-2023/sites/template.csv"), Ct);
        var bytes = await template.Content.ReadAsByteArrayAsync(Ct);
        var lines = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        lines.Should().OnlyContain(l => l.Split(',').Length == lines[0].Split(',').Length, "every row has every column of the header");
        lines[1].Should().StartWith("TGO-EX-001,");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "sites-template.csv" } };
        using var imported = await admin.PostAsync(U("/api/v1/engagements/TGO-2023/sites/import"), form, Ct);
        imported.StatusCode.Should().Be(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync(Ct));
        (await imported.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("added").GetInt32().Should().Be(2);
        var site = await admin.GetFromJsonAsync<JsonElement>("/api/v1/engagements/TGO-2023/sites/TGO-EX-002", Ct);
        var latitude = site.GetProperty("site").GetProperty("latitude").GetDouble();
        latitude.Should().BeInRange(6, 11.2, "the example stands inside Togo");
    }

    [Fact]
    public async Task A_large_inventory_exports_whole_as_it_is_read_and_a_bad_label_is_a_clean_refusal()
    {
        // Without coordinates, so that the map of the other tests stays as the demo drew it; codes sorted after the demo's.
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var rows = new StringBuilder("code,name_fr,name_en,kind,sector,category,operator,latitude,longitude,region,capacity,classification\r\n");
        for (var i = 1; i <= 6_000; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"ZZ-X-{i:D5},Marché de Bouaké n°{i},Bouaké market {i},soft,,markets-malls,,,,Gbêkê,{i},{(i % 3 == 0 ? "TLP:RED" : "TLP:GREEN")}\r\n");
        }

        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(rows.ToString())), "file", "bouake.csv" } };
        (await officer.PostAsync(U("/api/v1/engagements/CIV-2024/sites/import"), form, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var total = (await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/sites?size=1", Ct)).GetProperty("total").GetInt32();
        total.Should().BeGreaterThanOrEqualTo(6_000);

        var csv = await officer.GetAsync(U("/api/v1/engagements/CIV-2024/sites/export.csv"), Ct);
        csv.Headers.GetValues("TLP").Should().Equal("TLP:RED");
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(total + 1, "the header and every site, across the export's pages");
        lines.Should().Contain(l => l.StartsWith("ZZ-X-06000,Marché de Bouaké n°6000,", StringComparison.Ordinal));

        var geo = await officer.GetAsync(U("/api/v1/engagements/CIV-2024/sites/export.geojson?max=TLP:GREEN"), Ct);
        geo.Headers.GetValues("TLP").Should().Equal("TLP:GREEN");
        using var json = JsonDocument.Parse(await geo.Content.ReadAsStringAsync(Ct));
        var features = json.RootElement.GetProperty("features").EnumerateArray().ToList();
        features.Should().HaveCountGreaterThanOrEqualTo(4_000).And.OnlyContain(f => f.GetProperty("properties").GetProperty("classification").GetString() != "TLP:RED");

        var refused = await officer.GetAsync(U("/api/v1/engagements/CIV-2024/sites/export.csv?max=TLP:PURPLE"), Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("TLP:PURPLE").And.NotContain("ZZ-X-");
    }

    [Fact]
    public async Task Assessing_a_site_sets_its_risk_and_a_stale_edit_is_refused()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var created = await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/sites",
            new { code = "CIV-A-1", nameFr = "Marché test", nameEn = "Test market", kind = "soft", category = "markets-malls", classification = "TLP:GREEN", measures = new[] { "cctv" } }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var stamp = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("concurrencyStamp").GetGuid();
        stamp.Should().NotBe(Guid.Empty, "a site entered on the web gets its own stamp when stored");
        using (var scope = app.Factory.Services.CreateScope())
        {
            var id = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Sites.Where(s => s.Code == "CIV-A-1").Select(s => s.Id).SingleAsync(Ct);
            id.Version.Should().Be(7, "site ids are time-ordered");
        }

        var scores = new Dictionary<string, int> { ["criticality"] = 7, ["accessibility"] = 8, ["recuperability"] = 3, ["vulnerability"] = 7, ["effect"] = 6, ["recognizability"] = 9, ["shock"] = 8 };
        var assessed = await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/sites/CIV-A-1/assessments", new { method = "Carver", assessedOn = "2024-07-01", factors = scores }, Ct);
        assessed.StatusCode.Should().Be(HttpStatusCode.OK);
        var site = await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/sites/CIV-A-1", Ct);
        site.GetProperty("site").GetProperty("riskIndex").GetDouble().Should().Be(65.1);
        site.GetProperty("site").GetProperty("riskBand").GetString().Should().Be("high");
        var html = await officer.GetStringAsync(U("/engagements/CIV-2024/sites/CIV-A-1"), Ct);
        html.Should().Contain("CARVER").And.Contain("Recognizability").And.Contain("Famous landmark");

        var edit = new { site = new { code = "CIV-A-1", nameFr = "Marché", nameEn = "Market", kind = "soft", category = "markets-malls", classification = "TLP:GREEN" }, concurrencyStamp = stamp };
        (await officer.PutAsJsonAsync("/api/v1/engagements/CIV-2024/sites/CIV-A-1", edit, Ct)).StatusCode.Should().Be(HttpStatusCode.Conflict, "the assessment changed the site after the stamp was read");
        var fresh = site.GetProperty("site").GetProperty("concurrencyStamp").GetGuid();
        (await officer.PutAsJsonAsync("/api/v1/engagements/CIV-2024/sites/CIV-A-1", edit with { concurrencyStamp = fresh }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_page_import_runs_in_the_background_and_shows_its_outcome()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        const string path = "/engagements/CIV-2024/sites";
        var html = await officer.GetStringAsync(U(path), Ct);
        var csv = "code,name_fr,name_en,kind,sector,category,operator,latitude,longitude,region,capacity,classification\r\nCIV-P-1,Gare,Station,soft,,transport-hubs,,7.69,-5.03,Gbêkê,5000,TLP:GREEN\r\n";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(AppFixture.AntiforgeryToken(html)), "__RequestVerificationToken" },
            { new StringContent("import"), "_handler" },
            { new StringContent("1"), "Import.Go" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "gares.csv" },
        };
        var posted = await officer.PostAsync(U(path), form, Ct);
        posted.StatusCode.Should().BeOneOf(HttpStatusCode.Redirect, HttpStatusCode.SeeOther, HttpStatusCode.Found);
        var job = posted.Headers.Location!.IsAbsoluteUri ? posted.Headers.Location.PathAndQuery : posted.Headers.Location.ToString();
        job.Should().Contain("/sites/imports/");
        string status = "";
        for (var i = 0; i < 50 && !status.Contains("rows imported", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200, Ct);
            status = await officer.GetStringAsync(U(job), Ct);
        }

        status.Should().Contain("1 rows imported: 1 sites added");
        using var other = await app.SignedIn("coordinator@demo.rempart.example", "en");
        (await other.GetAsync(U(job), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound, "an import is shown only to who started it");
    }

    [Fact]
    public async Task A_missing_measure_becomes_a_recommendation_of_the_draft()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        await AppFixture.PostPageFormHtmlAsync(officer, "/engagements/CIV-2024/roadmap", "generate", []);
        var summary = await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/sites/summary", Ct);
        var gap = summary.GetProperty("gaps")[0];
        var proposed = await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/sites/gaps/propose",
            new { measure = gap.GetProperty("measure").GetString(), group = gap.GetProperty("group").GetString() }, Ct);
        proposed.StatusCode.Should().Be(HttpStatusCode.OK);
        var code = (await proposed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("recommendation").GetString();
        code.Should().StartWith("CIV-2024-R");
        var roadmap = await officer.GetStringAsync(U("/engagements/CIV-2024/roadmap"), Ct);
        roadmap.Should().Contain("high-risk").And.Contain(code!);
        (await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/sites/gaps/propose", new { measure = "hvm", group = "no-such-group" }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var auditor = await app.SignedIn("auditor@demo.rempart.example", "en");
        (await auditor.PostAsJsonAsync("/api/v1/engagements/CIV-2024/sites/gaps/propose",
            new { measure = gap.GetProperty("measure").GetString(), group = gap.GetProperty("group").GetString() }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
