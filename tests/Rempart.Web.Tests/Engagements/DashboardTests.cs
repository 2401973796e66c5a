using System.Net;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Engagements;

public sealed class DashboardTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("fr", "Participation par entité et par sexe", "Constatations par cadre et par type", "Femmes")]
    [InlineData("en", "Participation by entity and sex", "Findings by framework and kind", "Women")]
    public async Task Dashboard_ShowsStageChartsAndTheirDataTables(string language, string participation, string findings, string women)
    {
        using var client = await app.SignedIn(language == "fr" ? "coordinator@demo.rempart.example" : "officer@demo.rempart.example", language);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/engagements/CIV-2024/dashboard", UriKind.Relative), TestContext.Current.CancellationToken));
        html.Should().Contain(participation).And.Contain(findings).And.Contain(women);
        System.Text.RegularExpressions.Regex.Count(html, "<svg").Should().Be(2);
        html.Should().Contain("<th scope=\"row\">MAE</th>");
        html.Should().MatchRegex(language == "fr" ? "40 participants issus de 12 entités ; 9 séances ; \\d+ constatations" : "40 participants from 12 entities; 9 sessions; \\d+ findings");
        html.Should().NotContain("<script");
        html.Length.Should().BeLessThan(300_000);
    }

    [Fact]
    public async Task Dashboard_OfAnotherEngagement_Is404()
    {
        using var togo = await app.SignedIn("togo@demo.rempart.example");
        (await togo.GetAsync(new Uri("/engagements/CIV-2024/dashboard", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await togo.GetAsync(new Uri("/engagements/TGO-2023/dashboard", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
