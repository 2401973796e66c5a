using System.Net;
using System.Text.Json;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Hosting;

public sealed class HostingTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task ApiError_IsProblemDetailsWithTraceIdAndNoInternals()
    {
        // The auditor works in English; no engagement BEN-2025 exists (to a non-member, one they may not see looks the same).
        using var client = await app.SignedIn("auditor@demo.rempart.example", "fr");
        using var response = await client.GetAsync(new Uri("/api/v1/engagements/BEN-2025", UriKind.Relative), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        root.GetProperty("status").GetInt32().Should().Be(404);
        root.GetProperty("title").GetString().Should().Be("Not found");
        root.GetProperty("type").GetString().Should().StartWith("https://");
        root.GetProperty("instance").GetString().Should().Be("/api/v1/engagements/BEN-2025");
        root.GetProperty("traceId").GetString().Should().NotBeNullOrEmpty();
        body.Should().NotContain("   at ").And.NotContain("Exception").And.NotContain("Rempart.Core");
    }

    [Fact]
    public async Task UnknownApiAddress_Is404ProblemDetailsInFrench()
    {
        // The coordinator's preference is French, whatever the browser asks for.
        using var client = await app.SignedIn("coordinator@demo.rempart.example", "en");
        using var response = await client.GetAsync(new Uri("/api/v1/nothing-here", UriKind.Relative), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Introuvable");
    }

    [Fact]
    public async Task UnknownPage_ShowsTheNotFoundPageWith404()
    {
        using var client = await app.SignedIn("officer@demo.rempart.example", "en");
        using var response = await client.GetAsync(new Uri("/no/such/page", UriKind.Relative), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("<h1>Not found</h1>");
    }

    [Theory]
    [InlineData("/account/signin")]
    [InlineData("/health/live")]
    public async Task EveryResponse_CarriesSecurityHeaders(string path)
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("frame-ancestors 'none'").And.Contain("script-src 'self'").And.NotContain("unsafe-inline");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().Should().Be("no-referrer");
        response.Headers.Contains("Permissions-Policy").Should().BeTrue();
    }

    [Fact]
    public async Task SignInPage_HasNoInlineScriptAndStaysLight()
    {
        using var client = app.Anonymous();
        var html = await client.GetStringAsync(new Uri("/account/signin", UriKind.Relative), TestContext.Current.CancellationToken);
        html.Should().NotContain("<script");
        html.Length.Should().BeLessThan(20_000);
    }

    [Fact]
    public async Task OpenApiDocument_ForSignedInCaller_ListsTheApi()
    {
        using var client = await app.SignedIn("officer@demo.rempart.example");
        var doc = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(doc);
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/api/v1/engagements", "/api/v1/engagements/{codeOrId}", "/api/v1/tokens", "/api/v1/me"]);
        json.RootElement.GetProperty("info").GetProperty("title").GetString().Should().Be("Rempart API");
        using var reference = await client.GetAsync(new Uri("/api/reference/", UriKind.Relative), TestContext.Current.CancellationToken);
        reference.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task HealthLive_AnswersWithoutSignIn()
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
