using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Access;

/// <summary>Every write of the API, sent an empty body by a member allowed to write: a clear refusal, never a server error.</summary>
public sealed class EmptyBodyTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task An_empty_body_is_refused_with_a_clear_error_not_a_server_error()
    {
        var writes = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT" or "PATCH").Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .Distinct().ToList();
        writes.Should().HaveCountGreaterThan(30);

        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var failures = new List<string>();
        foreach (var (method, pattern) in writes)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(?<n>[^}:?]+)[^}]*\}", m => m.Groups["n"].Value switch
            {
                "engagement" or "codeOrId" => "CIV-2024",
                "code" or "site" => "CIV-EL-013",
                "id" or "update" or "user" => Guid.Empty.ToString(),
                "number" or "milestone" or "cycle" or "from" or "to" => "1",
                _ => "x",
            });
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            using var response = await officer.SendAsync(request, TestContext.Current.CancellationToken);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            }
        }

        failures.Should().BeEmpty(string.Join("\n", failures));
    }
}
