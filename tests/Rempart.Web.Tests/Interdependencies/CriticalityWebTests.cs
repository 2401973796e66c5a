using System.Net;
using System.Text.Json;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Interdependencies;

/// <summary>The criticality and what-if page and API on the demo's dependencies, and who may see them.</summary>
public sealed class CriticalityWebTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task The_officer_sees_the_ranking_the_matrix_and_a_cascade()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var page = await officer.GetStringAsync(U("/engagements/CIV-2024/sites/criticality"), Ct);
        page.Should().Contain("Criticality ranking").And.Contain("CIV-EL-013").And.Contain("Dependencies between sectors").And.Contain("heat-");
        var cascade = await officer.GetStringAsync(U("/engagements/CIV-2024/sites/criticality?fail=CIV-EL-004,CIV-EL-007"), Ct);
        cascade.Should().Contain("Failure probability").And.Contain("random runs").And.Contain("class=\"timeline\"").And.Contain("CIV-EL-014").And.Contain("CIV-HC-005").And.Contain("Sites reached by the cascade");
        var site = await officer.GetStringAsync(U("/engagements/CIV-2024/sites/CIV-EL-014"), Ct);
        site.Should().Contain("class=\"neighbourhood\"").And.Contain("CIV-EL-004").And.Contain("CIV-HC-005").And.Contain("north (k=2)");
        var json = await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/interdependencies/what-if?fail=CIV-EL-004", Ct);
        json.GetProperty("runs").GetInt32().Should().Be(1000);
        json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("site").GetProperty("code").GetString()).Should().NotContain("CIV-EL-014", "one dam of three is absorbed");
        var view = await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/interdependencies", Ct);
        view.GetProperty("dependencies").GetInt32().Should().BeGreaterThan(50);
    }

    [Fact]
    public async Task The_officer_turns_a_critical_supply_node_into_a_roadmap_recommendation()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var view = await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/interdependencies", Ct);
        var suggestion = view.GetProperty("suggestions")[0].GetProperty("site").GetProperty("code").GetString()!;
        var page = await officer.GetStringAsync(U("/engagements/CIV-2024/sites/criticality"), Ct);
        page.Should().Contain("Suggested recommendations: redundancy").And.Contain($"name=\"Redundancy\" value=\"{suggestion}\"");

        using var respondent = await app.SignedIn("energy@demo.rempart.example", "en");
        (await respondent.PostAsync(U($"/api/v1/engagements/CIV-2024/interdependencies/suggestions/{suggestion}/propose"), null, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var togo = await app.SignedIn("togo@demo.rempart.example", "en");
        (await togo.PostAsync(U($"/api/v1/engagements/CIV-2024/interdependencies/suggestions/{suggestion}/propose"), null, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var roadmap = await officer.GetAsync(U("/api/v1/engagements/CIV-2024/roadmap"), Ct);
        if (roadmap.StatusCode == HttpStatusCode.NotFound)
        {
            (await officer.PostAsync(U("/api/v1/engagements/CIV-2024/roadmap/generate"), null, Ct)).EnsureSuccessStatusCode();
        }

        var proposed = await officer.PostAsync(U($"/api/v1/engagements/CIV-2024/interdependencies/suggestions/{suggestion}/propose"), null, Ct);
        proposed.StatusCode.Should().Be(HttpStatusCode.OK, await proposed.Content.ReadAsStringAsync(Ct));
        var code = (await proposed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("recommendation").GetString();
        var plan = await officer.GetStringAsync(U("/api/v1/engagements/CIV-2024/roadmap"), Ct);
        plan.Should().Contain(code).And.Contain("Redondance de l").And.Contain("Redundancy for the supply provided by");
    }

    [Fact]
    public async Task Donors_and_other_engagements_see_nothing()
    {
        using var donor = await app.SignedIn("donor@demo.rempart.example", "en");
        (await donor.GetAsync(U("/engagements/CIV-2024/sites/criticality"), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await donor.GetAsync(U("/api/v1/engagements/CIV-2024/interdependencies"), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var togo = await app.SignedIn("togo@demo.rempart.example", "en");
        var response = await togo.GetAsync(U("/api/v1/engagements/CIV-2024/interdependencies/what-if?fail=CIV-EL-013"), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(Ct)).Should().NotContain("Vridi");
        (await togo.GetAsync(U("/engagements/CIV-2024/sites/criticality"), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bad_dependency_file_is_refused_with_its_line_and_column()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        using var form = new MultipartFormDataContent { { new StringContent("dependent,supplier,kind,probability,hours\r\nCIV-HC-001,CIV-EL-010,telepathic,0.5,4\r\n"), "file", "deps.csv" } };
        var refused = await officer.PostAsync(U("/api/v1/engagements/CIV-2024/interdependencies/dependencies"), form, Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("problems")[0];
        (problem.GetProperty("line").GetInt32(), problem.GetProperty("column").GetString()).Should().Be((2, "kind"));
    }

    [Fact]
    public async Task The_command_line_analyses_an_engagement_from_the_database()
    {
        using var warm = await app.SignedIn("officer@demo.rempart.example", "en");
        var dir = Directory.CreateTempSubdirectory("rempart-graph-db-").FullName;
        try
        {
            var run = await Cli.CliRun.RunAsync(app.Database, "graph", "analyze", "--engagement", "CIV-2024", "--out", dir);
            run.Code.Should().Be(0, run.Error);
            var rows = await File.ReadAllLinesAsync(Path.Combine(dir, "criticality.csv"), Ct);
            rows[0].Should().Be("code,downstream_count,component_id,betweenness");
            rows.Should().Contain(r => r.StartsWith("CIV-EL-013,", StringComparison.Ordinal));
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "summary.json"), Ct));
            summary.RootElement.GetProperty("dependencies").GetInt32().Should().BeGreaterThan(50);

            var restricted = await Cli.CliRun.RunAsync(app.Database, "graph", "analyze", "--engagement", "CIV-2024", "--as", "energy@demo.rempart.example", "--out", dir);
            restricted.Code.Should().Be(0, restricted.Error);
            using var fewer = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "summary.json"), Ct));
            fewer.RootElement.GetProperty("sites").GetInt32().Should().BeLessThan(summary.RootElement.GetProperty("sites").GetInt32(), "a respondent's clearance leaves out the sensitive sites");
            (await Cli.CliRun.RunAsync(app.Database, "graph", "analyze", "--engagement", "CIV-2024", "--sites", "x.csv", "--out", dir)).Code.Should().Be(2);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
