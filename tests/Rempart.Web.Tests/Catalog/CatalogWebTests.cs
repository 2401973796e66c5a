using System.Net;
using System.Text.Json;
using Rempart.Core.Catalog;
using Rempart.Web.Engagements;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Catalog;

public sealed class CatalogWebTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Base = "rempart-base@2026.2";
    private const string Civ = "civ@2026.2-civ.1";

    [Fact]
    public async Task EmbeddedDefault_ImportsTheCatalogAndPinsTheDemoEngagement()
    {
        using var client = await app.SignedIn("energy@demo.rempart.example");
        var versions = await client.GetFromJsonAsync<List<CatalogVersionSummary>>("/api/v1/catalog/versions", TestContext.Current.CancellationToken);
        versions!.Select(v => v.Key).Should().BeEquivalentTo([Base, Civ]);
        versions!.Single(v => v.Key == Base).Questions.Should().BeGreaterThanOrEqualTo(80);
        var civ = await client.GetFromJsonAsync<EngagementDetailResponse>("/api/v1/engagements/CIV-2024", TestContext.Current.CancellationToken);
        civ!.Engagement.CatalogVersion.Should().Be(Civ);
    }

    [Fact]
    public async Task Api_ProvisionWithItsQuestions_ShowsVerificationStatus()
    {
        using var client = await app.SignedIn("officer@demo.rempart.example");
        var json = await client.GetStringAsync(new Uri($"/api/v1/catalog/versions/{Base}/provisions/res-2341-op01", UriKind.Relative), TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(json);
        doc.RootElement.GetProperty("provision").GetProperty("verification").GetString().Should().Be("ToVerify");
        doc.RootElement.GetProperty("questions").GetArrayLength().Should().BeGreaterThan(0);
        (await client.GetAsync(new Uri($"/api/v1/catalog/versions/{Base}/provisions/nope", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync(new Uri("/api/v1/catalog/versions/nope@1", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Api_SearchIgnoresAccents_AndFiltersWork()
    {
        using var client = await app.SignedIn("officer@demo.rempart.example");
        var plain = await client.GetFromJsonAsync<List<CatalogHit>>($"/api/v1/catalog/versions/{Base}/search?q=securite", TestContext.Current.CancellationToken);
        var accented = await client.GetFromJsonAsync<List<CatalogHit>>($"/api/v1/catalog/versions/{Base}/search?q=s%C3%A9curit%C3%A9", TestContext.Current.CancellationToken);
        plain!.Should().NotBeEmpty();
        accented!.Select(h => h.Id).Should().Equal(plain.Select(h => h.Id));
        var questions = await client.GetFromJsonAsync<List<Question>>($"/api/v1/catalog/versions/{Base}/questions?framework=operational&theme=emerging-threats", TestContext.Current.CancellationToken);
        questions!.Should().NotBeEmpty().And.OnlyContain(q => q.Framework == "operational" && q.Theme == "emerging-threats");
    }

    [Fact]
    public async Task Api_DiffAndExports()
    {
        using var client = await app.SignedIn("officer@demo.rempart.example");
        var diff = await client.GetFromJsonAsync<CatalogDiff>($"/api/v1/catalog/diff?from={Base}&to={Civ}", TestContext.Current.CancellationToken);
        diff!.Added.Should().BeGreaterThanOrEqualTo(3);
        using var oscal = await client.GetAsync(new Uri($"/api/v1/catalog/versions/{Civ}/export/oscal?language=fr", UriKind.Relative), TestContext.Current.CancellationToken);
        oscal.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        oscal.Content.Headers.ContentDisposition!.FileName.Should().Contain("civ-2026.2-civ.1-oscal-fr.TLP-CLEAR.json", "the catalog is public");
        using var doc = JsonDocument.Parse(await oscal.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        doc.RootElement.GetProperty("catalog").GetProperty("metadata").GetProperty("oscal-version").GetString().Should().Be("1.2.2");
        using var xlsx = await client.GetAsync(new Uri($"/api/v1/catalog/versions/{Base}/export/xlsx", UriKind.Relative), TestContext.Current.CancellationToken);
        xlsx.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await xlsx.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken))[..2].Should().Equal((byte)'P', (byte)'K');
    }

    [Theory]
    [InlineData("fr", "Catalogue normatif", "à vérifier")]
    [InlineData("en", "Normative catalog", "to verify")]
    public async Task Pages_RenderInBothLanguages_WithVerificationStatus(string language, string title, string badge)
    {
        using var client = await app.SignedIn(language == "fr" ? "coordinator@demo.rempart.example" : "officer@demo.rempart.example", language);
        var home = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"/catalog?version={Base}", UriKind.Relative), TestContext.Current.CancellationToken));
        home.Should().Contain($"<h1>{title}</h1>").And.Contain(badge).And.Contain("leg-iden-01");
        var provision = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"/catalog/{Base}/provisions/res-2341-op01", UriKind.Relative), TestContext.Current.CancellationToken));
        provision.Should().Contain(language == "fr" ? "S/RES/2341 (2017), Par. 1 du dispositif" : "S/RES/2341 (2017), OP 1").And.Contain(badge);
        var matrix = await client.GetAsync(new Uri($"/catalog/{Civ}/matrix", UriKind.Relative), TestContext.Current.CancellationToken);
        matrix.StatusCode.Should().Be(HttpStatusCode.OK);
        var question = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"/catalog/{Civ}/questions/civ-ops-train-01", UriKind.Relative), TestContext.Current.CancellationToken));
        question.Should().Contain(language == "fr" ? "Jacqueville" : "Jacqueville").And.Contain(language == "fr" ? "Niveaux de maturité" : "Maturity levels");
    }

    [Fact]
    public async Task SearchPage_FindsAccentedTextFromPlainQuery()
    {
        using var client = await app.SignedIn("coordinator@demo.rempart.example", "fr");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"/catalog?version={Base}&q=securite", UriKind.Relative), TestContext.Current.CancellationToken));
        html.Should().MatchRegex(@"<h2>[1-9][0-9]* résultat\(s\) pour « securite »</h2>").And.Contain("sécurité");
    }

    [Fact]
    public async Task UnknownVersionOrQuestion_Is404()
    {
        using var client = await app.SignedIn("officer@demo.rempart.example");
        (await client.GetAsync(new Uri("/catalog/nope@1/matrix", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync(new Uri($"/catalog/{Base}/questions/nope", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pin_ByOfficer_KeepsTheVersion_AndOthersCannotPin()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        using var pinned = await officer.PutAsJsonAsync("/api/v1/engagements/TGO-2023/catalog", new { version = Civ }, TestContext.Current.CancellationToken);
        pinned.StatusCode.Should().Be(HttpStatusCode.OK);
        (await pinned.Content.ReadFromJsonAsync<EngagementResponse>(TestContext.Current.CancellationToken))!.CatalogVersion.Should().Be(Civ);

        using var unknown = await officer.PutAsJsonAsync("/api/v1/engagements/TGO-2023/catalog", new { version = "nope@1" }, TestContext.Current.CancellationToken);
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        (await coordinator.PutAsJsonAsync("/api/v1/engagements/CIV-2024/catalog", new { version = Base }, TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var togo = await app.SignedIn("togo@demo.rempart.example");
        (await togo.PutAsJsonAsync("/api/v1/engagements/CIV-2024/catalog", new { version = Base }, TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
