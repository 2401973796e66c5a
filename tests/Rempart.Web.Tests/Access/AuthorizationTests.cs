using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Access;

/// <summary>Authorization fails closed: everything needs a signed-in user but a short, named list of public doors.</summary>
public sealed class AuthorizationTests(AppFixture app) : IClassFixture<AppFixture>
{
    /// <summary>The only addresses anyone may open without signing in.</summary>
    private static readonly string[] PublicRoutes =
    [
        "/account/signin", "/account/signin/code", "/account/forgot", "/account/reset", "/culture", "/health/live", "/health/ready", "/error", "/status/{Code:int}", "/not-found",
    ];

    private static IReadOnlyList<RouteEndpoint> Endpoints(AppFixture app) =>
        [.. app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static bool IsStaticFile(string path) =>
        path.StartsWith("/_framework/", StringComparison.Ordinal) || path.Contains("{**path:file}", StringComparison.Ordinal)
        || System.Text.RegularExpressions.Regex.IsMatch(path, @"^/(css/[^/{}]+|js/[^/{}]+|api/reference/[^/{}]+)\.(css|js|svg|gz)$");

    [Fact]
    public void EveryAnonymousEndpoint_IsOnThePublicList()
    {
        var anonymous = Endpoints(app)
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            // Static files (fingerprinted CSS) are public by design.
            // Static files are public by design: our stylesheet, the framework's scripts, the API reference's scripts.
            .Where(p => !IsStaticFile(p))
            .Distinct()
            .ToList();

        anonymous.Should().NotBeEmpty().And.OnlyContain(p => PublicRoutes.Contains(p), "only sign-in (password, code, forgotten password), the language switch, health and error pages are public");
    }

    [Fact]
    public async Task EveryApiGet_RefusesAnonymousCallersWith401ProblemDetails()
    {
        using var client = app.Anonymous();
        var gets = Endpoints(app)
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1", StringComparison.Ordinal) || e.RoutePattern.RawText!.StartsWith("/openapi", StringComparison.Ordinal))
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText!.TrimEnd('/').Replace("{codeOrId}", "CIV-2024", StringComparison.Ordinal).Replace("{documentName}", "v1", StringComparison.Ordinal))
            .ToList();
        gets.Should().Contain(["/api/v1/engagements", "/api/v1/engagements/CIV-2024", "/api/v1/me", "/api/v1/tokens"]);

        foreach (var path in gets)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
            if (path.StartsWith("/api/", StringComparison.Ordinal))
            {
                response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", path);
            }
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/engagements")]
    [InlineData("/engagements/CIV-2024")]
    [InlineData("/account/tokens")]
    [InlineData("/no/such/page")]
    public async Task Page_WhenAnonymous_RedirectsToSignIn(string path)
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Found);
        response.Headers.Location!.ToString().Should().Contain("/account/signin?ReturnUrl=" + Uri.EscapeDataString(path));
    }

    [Fact]
    public async Task ApiWrite_WhenAnonymous_Is401()
    {
        using var client = app.Anonymous();
        using var response = await client.PostAsJsonAsync("/api/v1/engagements", new { code = "MLI-2025" }, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
