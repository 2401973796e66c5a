using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Access;

public sealed class SignInTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task SignIn_WithDemoAccount_RedirectsToReturnUrlAndOpensPages()
    {
        using var client = app.Anonymous();
        using var response = await AppFixture.PostSignInAsync(client, "officer@demo.rempart.example", AppFixture.DemoPassword, "/engagements/CIV-2024");
        response.StatusCode.Should().Be(HttpStatusCode.Found);
        response.Headers.Location!.ToString().Should().EndWith("/engagements/CIV-2024");
        var page = await client.GetStringAsync(new Uri("/engagements/CIV-2024", UriKind.Relative), TestContext.Current.CancellationToken);
        page.Should().Contain("CIV-2024").And.Contain("Samuel Adeyemi");
    }

    [Fact]
    public async Task SignIn_WithForeignReturnUrl_StaysOnThisSite()
    {
        using var client = app.Anonymous();
        using var response = await AppFixture.PostSignInAsync(client, "auditor@demo.rempart.example", AppFixture.DemoPassword, "//evil.example/phish");
        response.StatusCode.Should().Be(HttpStatusCode.Found);
        var target = new Uri(client.BaseAddress!, response.Headers.Location!);
        target.Host.Should().Be(client.BaseAddress!.Host);
        target.AbsolutePath.Should().Be("/");
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_SaysSoInTheCallersLanguage()
    {
        using var client = app.Anonymous("fr");
        using var response = await AppFixture.PostSignInAsync(client, "donor@demo.rempart.example", "Wrong-password-1");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        html.Should().Contain("L'adresse électronique ou le mot de passe est incorrect");
        response.Headers.Contains("Set-Cookie").Should().BeFalse("no session starts");
    }

    [Fact]
    public async Task SignIn_AfterFiveWrongPasswords_LocksTheAccountEvenForTheRightOne()
    {
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAccountService>()
                .AddAsync("lockout@test.example", "Lock Out", RoleNames.ProgrammeOfficer, "en", "Correct-Horse-42", TestContext.Current.CancellationToken);
        }

        using var client = app.Anonymous("en");
        for (var i = 0; i < IdentityPolicy.MaxFailedAccessAttempts; i++)
        {
            using var wrong = await AppFixture.PostSignInAsync(client, "lockout@test.example", "Wrong-Horse-42");
            wrong.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var right = await AppFixture.PostSignInAsync(client, "lockout@test.example", "Correct-Horse-42");
        right.StatusCode.Should().Be(HttpStatusCode.OK, "a locked account cannot sign in");
        (await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("This account is locked");

        // Without the right password, a locked account answers like an unknown address: the form does not say which exist.
        using var guess = await AppFixture.PostSignInAsync(client, "lockout@test.example", "Wrong-Horse-43");
        using var unknown = await AppFixture.PostSignInAsync(client, "nobody-here@test.example", "Wrong-Horse-43");
        var said = await guess.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        said.Should().NotContain("This account is locked").And.Contain("The e-mail address or the password is not right");
        (await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("The e-mail address or the password is not right");
    }

    [Fact]
    public async Task SignIn_OfDisabledAccount_IsRefused()
    {
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccountService>();
            await accounts.AddAsync("gone@test.example", "Gone Away", RoleNames.Auditor, "en", "Correct-Horse-43", TestContext.Current.CancellationToken);
            await accounts.DisableAsync("gone@test.example", TestContext.Current.CancellationToken);
        }

        using var client = app.Anonymous("en");
        using var response = await AppFixture.PostSignInAsync(client, "gone@test.example", "Correct-Horse-43");
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("This account is disabled");
        using var guess = await AppFixture.PostSignInAsync(client, "gone@test.example", "Wrong-Horse-43");
        (await guess.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().NotContain("disabled", "only the right password learns that the account exists")
            .And.Contain("The e-mail address or the password is not right");
    }

    [Fact]
    public async Task SignOut_EndsTheSessionOnTheServer_NotOnlyInTheBrowser()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = AppFixture.NewClient(app.Factory, "fr");
        using var signIn = await AppFixture.PostSignInAsync(client, "coordinator@demo.rempart.example", AppFixture.DemoPassword);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rempart.session=", StringComparison.Ordinal)).Split(';')[0];
        using var other = await app.SignedIn("coordinator@demo.rempart.example", "fr");
        async Task<HttpStatusCode> WithCopy()
        {
            using var copy = new HttpRequestMessage(HttpMethod.Get, new Uri("/engagements", UriKind.Relative));
            copy.Headers.Add("Cookie", cookie);
            using var thief = AppFixture.NewClient(app.Factory, "fr");
            using var response = await thief.SendAsync(copy, ct);
            return response.StatusCode;
        }

        (await WithCopy()).Should().Be(HttpStatusCode.OK, "a copy of the cookie works while the session is open");
        var page = await client.GetStringAsync(new Uri("/engagements", UriKind.Relative), ct);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = AppFixture.AntiforgeryToken(page) });
        (await client.PostAsync(new Uri("/account/signout", UriKind.Relative), form, ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await WithCopy()).Should().Be(HttpStatusCode.Found, "the session ended on the server: a copy taken before is refused");
        (await other.GetAsync(new Uri("/engagements", UriKind.Relative), ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the person's other sessions go on");
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        using var client = await app.SignedIn("coordinator@demo.rempart.example");
        var page = await client.GetStringAsync(new Uri("/engagements", UriKind.Relative), TestContext.Current.CancellationToken);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = AppFixture.AntiforgeryToken(page) });
        using var signOut = await client.PostAsync(new Uri("/account/signout", UriKind.Relative), form, TestContext.Current.CancellationToken);
        signOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        using var after = await client.GetAsync(new Uri("/engagements", UriKind.Relative), TestContext.Current.CancellationToken);
        after.StatusCode.Should().Be(HttpStatusCode.Found);
        after.Headers.Location!.ToString().Should().Contain("/account/signin");
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = await app.SignedIn("coordinator@demo.rempart.example");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>());
        using var response = await client.PostAsync(new Uri("/account/signout", UriKind.Relative), form, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be("/engagements?form=expired", "a stale sign-out form says so on a page whose sign-out works");
        using var still = await client.GetAsync(new Uri("/engagements", UriKind.Relative), TestContext.Current.CancellationToken);
        still.StatusCode.Should().Be(HttpStatusCode.OK, "the session is still open");
    }
}
