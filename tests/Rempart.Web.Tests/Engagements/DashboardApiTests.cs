using System.Net;
using System.Text.Json;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Engagements;

public sealed class DashboardApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Dashboard_GivesStageParticipationAndFindings_ToMembersOnly()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        using var response = await officer.GetAsync(new Uri("/api/v1/engagements/CIV-2024/dashboard", UriKind.Relative), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        json.RootElement.GetProperty("stage").GetString().Should().Be("Consultations");
        json.RootElement.GetProperty("participation").GetArrayLength().Should().Be(12);
        json.RootElement.GetProperty("findings").GetInt32().Should().BeGreaterThan(0);

        using var togo = await app.SignedIn("togo@demo.rempart.example");
        using var other = await togo.GetAsync(new Uri("/api/v1/engagements/CIV-2024/dashboard", UriKind.Relative), TestContext.Current.CancellationToken);
        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().NotContain("MMPE");
    }
}
