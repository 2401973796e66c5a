using System.Net;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Hosting;

public sealed class CultureTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static string Decode(string html) => WebUtility.HtmlDecode(html);

    [Theory]
    [InlineData("fr-FR", "<h1>Connexion</h1>", "lang=\"fr\"")]
    [InlineData("fr", "Adresse électronique", "lang=\"fr\"")]
    [InlineData("en-GB", "<h1>Sign in</h1>", "lang=\"en\"")]
    [InlineData("de-DE", "<h1>Sign in</h1>", "lang=\"en\"")]
    public async Task SignInPage_FollowsAcceptLanguage(string acceptLanguage, string expected, string lang)
    {
        using var client = app.Anonymous(acceptLanguage);
        var html = Decode(await client.GetStringAsync(new Uri("/account/signin", UriKind.Relative), TestContext.Current.CancellationToken));
        html.Should().Contain(expected).And.Contain(lang);
    }

    [Fact]
    public async Task SwitchingLanguage_ChangesThePageText()
    {
        using var client = app.Anonymous("en");
        var english = await client.GetStringAsync(new Uri("/account/signin", UriKind.Relative), TestContext.Current.CancellationToken);
        english.Should().Contain("<h1>Sign in</h1>");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFixture.AntiforgeryToken(english.Split("<main")[0]),
            ["culture"] = "fr",
            ["returnUrl"] = "/account/signin",
        });
        using var switched = await client.PostAsync(new Uri("/culture", UriKind.Relative), form, TestContext.Current.CancellationToken);
        switched.StatusCode.Should().Be(HttpStatusCode.Redirect);
        switched.Headers.Location!.ToString().Should().Be("/account/signin");
        var french = Decode(await client.GetStringAsync(new Uri("/account/signin", UriKind.Relative), TestContext.Current.CancellationToken));
        french.Should().Contain("<h1>Connexion</h1>");
    }

    [Fact]
    public async Task EngagementPage_RendersInBothLanguages()
    {
        using var english = await app.SignedIn("coordinator@demo.rempart.example", "en");
        // The coordinator prefers French: signing in sets it, whatever the browser says.
        var fr = Decode(await english.GetStringAsync(new Uri("/engagements/CIV-2024", UriKind.Relative), TestContext.Current.CancellationToken));
        fr.Should().Contain("feuille de route sur la protection des cibles vulnérables").And.Contain("Coordonnateur national").And.Contain("1er juin 2024");

        using var officer = await app.SignedIn("officer@demo.rempart.example", "fr");
        var en = Decode(await officer.GetStringAsync(new Uri("/engagements/CIV-2024", UriKind.Relative), TestContext.Current.CancellationToken));
        en.Should().Contain("roadmap on the protection of vulnerable targets").And.Contain("Programme officer").And.Contain("1 June 2024");
    }

    [Fact]
    public async Task SwitchingLanguage_WhenSignedIn_IsRememberedForNextSignIn()
    {
        using var client = await app.SignedIn("auditor@demo.rempart.example", "en");
        var page = await client.GetStringAsync(new Uri("/engagements", UriKind.Relative), TestContext.Current.CancellationToken);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFixture.AntiforgeryToken(page.Split("<main")[0]),
            ["culture"] = "fr",
            ["returnUrl"] = "/engagements",
        });
        (await client.PostAsync(new Uri("/culture", UriKind.Relative), form, TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        using var later = await app.SignedIn("auditor@demo.rempart.example", "en");
        Decode(await later.GetStringAsync(new Uri("/engagements", UriKind.Relative), TestContext.Current.CancellationToken)).Should().Contain("<h1>Missions</h1>");
    }
}
