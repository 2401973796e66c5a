using Microsoft.Extensions.Configuration;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Web.Tests.Cli;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Access;

/// <summary>Two-factor sign-in: asked of administrators and officers, set up on first sign-in, recovery codes, resets.</summary>
public sealed class TwoFactorTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    private async Task AddAccountAsync(string email, string role)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserAccountService>().AddAsync(email, email, role, "en", "Correct-Horse-42", Ct);
    }

    [Fact]
    public async Task An_officers_password_alone_opens_nothing_the_code_from_the_app_does()
    {
        using var client = app.Anonymous("en");
        using var password = await AppFixture.PostPasswordAsync(client, "officer@demo.rempart.example", AppFixture.DemoPassword, "/engagements/CIV-2024");
        var codePage = AppFixture.RedirectPath(client, password);
        codePage.Should().StartWith("/account/signin/code");
        (await client.GetAsync(U("/engagements"), Ct)).StatusCode.Should().Be(HttpStatusCode.Found, "no session before the second factor");

        using var wrong = await AppFixture.PostCodeAsync(client, codePage!, Authenticator.Code("officer@demo.rempart.example", DateTimeOffset.UtcNow.AddMinutes(-10)));
        wrong.StatusCode.Should().Be(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync(Ct)).Should().Contain("This code is not right");
        (await client.GetAsync(U("/engagements"), Ct)).StatusCode.Should().Be(HttpStatusCode.Found);

        using var right = await AppFixture.PostCodeAsync(client, codePage!, Authenticator.Code("officer@demo.rempart.example"));
        AppFixture.RedirectPath(client, right).Should().Be("/engagements/CIV-2024");
        (await client.GetAsync(U("/engagements/CIV-2024"), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_code_opens_one_session_the_same_code_again_is_refused_and_the_demo_page_offers_the_next()
    {
        // As deployed: codes are single-use (the suites turn this off to sign the demo people in many times a minute).
        await using var factory = app.Factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) =>
            c.AddInMemoryCollection(new Dictionary<string, string?> { ["Security:RefuseReusedCodes"] = "true" })));
        const string email = "admin@demo.rempart.example";
        var code = Authenticator.Code(email);
        async Task<(HttpClient Client, string CodePage)> PasswordAsync()
        {
            var client = AppFixture.NewClient(factory, "en");
            using var password = await AppFixture.PostPasswordAsync(client, email, AppFixture.DemoPassword, "/engagements");
            return (client, AppFixture.RedirectPath(client, password)!);
        }

        var (first, firstPage) = await PasswordAsync();
        using (first)
        {
            using var accepted = await AppFixture.PostCodeAsync(first, firstPage, code);
            AppFixture.RedirectPath(first, accepted).Should().Be("/engagements");
        }

        var (second, secondPage) = await PasswordAsync();
        using (second)
        {
            using var replayed = await AppFixture.PostCodeAsync(second, secondPage, code);
            WebUtility.HtmlDecode(await replayed.Content.ReadAsStringAsync(Ct)).Should().Contain("This code is not right", "a code already used opens nothing");
            (await second.GetAsync(U("/engagements"), Ct)).StatusCode.Should().Be(HttpStatusCode.Found);

            // The demo page now offers a code the app will accept (the next 30-second step's), and it works.
            var page = WebUtility.HtmlDecode(await second.GetStringAsync(U(secondPage), Ct));
            var offered = System.Text.RegularExpressions.Regex.Match(page, "Demo workspace: [^<]*?([0-9]{6})").Groups[1].Value;
            offered.Should().MatchRegex("^[0-9]{6}$").And.NotBe(code);
            using var accepted = await AppFixture.PostCodeAsync(second, secondPage, offered);
            AppFixture.RedirectPath(second, accepted).Should().Be("/engagements");
        }
    }

    [Fact]
    public async Task The_demo_sign_in_page_shows_the_current_code_of_the_published_demo_accounts_only()
    {
        using var client = app.Anonymous("fr");
        using var password = await AppFixture.PostPasswordAsync(client, "admin@demo.rempart.example", AppFixture.DemoPassword);
        var codePath = AppFixture.RedirectPath(client, password);
        codePath.Should().StartWith("/account/signin/code");
        using var codeResponse = await client.GetAsync(U(codePath!), Ct);
        codeResponse.StatusCode.Should().Be(HttpStatusCode.OK, AppFixture.RedirectPath(client, codeResponse));
        var page = WebUtility.HtmlDecode(await codeResponse.Content.ReadAsStringAsync(Ct));
        page.Should().Contain("Espace de démonstration").And.Contain(Authenticator.Code("admin@demo.rempart.example"));

        // An account that set up its own secret gets no hint.
        await AddAccountAsync("own-secret@test.example", RoleNames.ProgrammeOfficer);
        using (var first = AppFixture.NewClient(app.Factory, "en"))
        {
            (await AppFixture.PostSignInAsync(first, "own-secret@test.example", "Correct-Horse-42")).StatusCode.Should().Be(HttpStatusCode.Found);
        }

        using var other = app.Anonymous("en");
        using var step = await AppFixture.PostPasswordAsync(other, "own-secret@test.example", "Correct-Horse-42");
        var own = await other.GetStringAsync(U(AppFixture.RedirectPath(other, step)!), Ct);
        own.Should().NotContain("Demo workspace").And.NotContain(Authenticator.Code("own-secret@test.example"));
    }

    [Fact]
    public async Task A_new_officer_reaches_only_the_set_up_page_until_the_second_factor_is_on_then_signs_in_with_it()
    {
        const string email = "new-officer@test.example";
        await AddAccountAsync(email, RoleNames.ProgrammeOfficer);
        using var client = app.Anonymous("en");
        using var password = await AppFixture.PostPasswordAsync(client, email, "Correct-Horse-42", "/engagements");
        AppFixture.RedirectPath(client, password).Should().Be("/account/two-factor?ReturnUrl=%2Fengagements");

        using var page = await client.GetAsync(U("/engagements"), Ct);
        AppFixture.RedirectPath(client, page).Should().StartWith("/account/two-factor?ReturnUrl=%2Fengagements");
        using var api = await client.GetAsync(U("/api/v1/engagements"), Ct);
        api.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await api.Content.ReadAsStringAsync(Ct)).Should().Contain("Two-factor sign-in required");
        var setup = WebUtility.HtmlDecode(await client.GetStringAsync(U("/account/two-factor"), Ct));
        setup.Should().Contain("Your role (administrator or programme officer) requires a second factor").And.Contain("data:image/png;base64,");

        var codes = await AppFixture.SetUpSecondFactorAsync(client, email);
        codes.Should().HaveCount(TwoFactorService.RecoveryCodeCount).And.OnlyHaveUniqueItems();
        (await client.GetAsync(U("/engagements"), Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the session is renewed without the set-up mark");

        // Next time: password, then the code; a recovery code works once.
        using var again = await AppFixture.SignInAsync(app.Factory, email, "Correct-Horse-42", "en");
        (await again.GetAsync(U("/engagements"), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var lostPhone = app.Anonymous("en");
        using var step = await AppFixture.PostPasswordAsync(lostPhone, email, "Correct-Horse-42");
        using var recovered = await AppFixture.PostCodeAsync(lostPhone, AppFixture.RedirectPath(lostPhone, step)!, codes[0]);
        AppFixture.RedirectPath(lostPhone, recovered).Should().Be("/");
        using var reuse = app.Anonymous("en");
        using var step2 = await AppFixture.PostPasswordAsync(reuse, email, "Correct-Horse-42");
        using var refused = await AppFixture.PostCodeAsync(reuse, AppFixture.RedirectPath(reuse, step2)!, codes[0]);
        refused.StatusCode.Should().Be(HttpStatusCode.OK, "a recovery code works once");

        // The secret and the codes are nowhere in the audit trail.
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var details = await db.AuditEvents.Select(e => e.Details).ToListAsync(Ct);
        details.Should().NotContain(d => d.Contains(Authenticator.Key(email), StringComparison.OrdinalIgnoreCase) || d.Contains(codes[1], StringComparison.Ordinal));
        (await db.AuditEvents.CountAsync(e => e.Action == "account.two-factor.enable" && e.Subject == email, Ct)).Should().Be(1);
    }

    [Fact]
    public async Task A_respondent_signs_in_with_a_password_and_may_turn_a_second_factor_on_and_off_an_officer_may_not()
    {
        const string email = "respondent-2fa@test.example";
        await AddAccountAsync(email, RoleNames.EntityRespondent);
        using var client = app.Anonymous("en");
        using var password = await AppFixture.PostPasswordAsync(client, email, "Correct-Horse-42", "/engagements");
        AppFixture.RedirectPath(client, password).Should().Be("/engagements", "no second factor is asked of a respondent who has none");
        (await client.GetAsync(U("/engagements"), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        await AppFixture.SetUpSecondFactorAsync(client, email);
        var on = WebUtility.HtmlDecode(await client.GetStringAsync(U("/account/two-factor"), Ct));
        on.Should().Contain("Recovery codes left: 10").And.Contain("Turn off two-factor sign-in");
        var off = await AppFixture.PostPageFormHtmlAsync(client, "/account/two-factor", "disable-2fa", new() { ["Off.Code"] = Authenticator.Code(email) });
        off.Should().Contain("Two-factor sign-in is off");
        using var plain = await AppFixture.PostPasswordAsync(app.Anonymous("en"), email, "Correct-Horse-42", "/engagements");
        AppFixture.RedirectPath(client, plain).Should().Be("/engagements");

        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var officerPage = WebUtility.HtmlDecode(await officer.GetStringAsync(U("/account/two-factor"), Ct));
        officerPage.Should().Contain("Your role requires two-factor sign-in").And.NotContain("Turn off two-factor sign-in");
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<RempartUser>>();
        var officerUser = (await users.FindByEmailAsync("officer@demo.rempart.example"))!;
        var refuse = () => scope.ServiceProvider.GetRequiredService<TwoFactorService>().DisableAsync(officerUser, Authenticator.Code("officer@demo.rempart.example"), Ct);
        (await refuse.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("TwoFactor.Required");
    }

    [Fact]
    public async Task Opening_the_set_up_page_keeps_the_person_s_sessions_and_shows_the_same_secret_until_it_is_used()
    {
        const string email = "looks-first@test.example";
        await AddAccountAsync(email, RoleNames.DonorViewer);
        using var client = app.Anonymous("en");
        using var password = await AppFixture.PostPasswordAsync(client, email, "Correct-Horse-42", "/engagements");
        async Task<(string? Stamp, string? Key)> ReadAsync()
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<RempartUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            return (await users.GetSecurityStampAsync(user), await users.GetAuthenticatorKeyAsync(user));
        }

        var before = await ReadAsync();
        before.Key.Should().BeNull();
        (await client.GetAsync(U("/account/two-factor"), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await ReadAsync();
        // A new security stamp would sign the person out everywhere, this session included, at the next check.
        after.Stamp.Should().Be(before.Stamp);
        after.Key.Should().NotBeNullOrEmpty();
        (await client.GetAsync(U("/account/two-factor"), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadAsync()).Should().Be(after, "the secret stays the same until the app proves it holds it");
    }

    [Fact]
    public async Task An_administrator_resets_a_lost_second_factor_from_the_command_line_and_the_officer_sets_it_up_again()
    {
        const string email = "lost-phone@test.example";
        await AddAccountAsync(email, RoleNames.ProgrammeOfficer);
        using (var first = app.Anonymous("en"))
        {
            await AppFixture.PostSignInAsync(first, email, "Correct-Horse-42");
        }

        var oldKey = Authenticator.Key(email);
        var (code, output, error) = await CliRun.RunAsync(app.Database, "users", "reset-2fa", "--email", email);
        code.Should().Be(0, error);
        output.Should().Contain(email);

        using var client = app.Anonymous("en");
        using var password = await AppFixture.PostPasswordAsync(client, email, "Correct-Horse-42", "/engagements");
        AppFixture.RedirectPath(client, password).Should().Be("/account/two-factor?ReturnUrl=%2Fengagements", "no code is asked any more: the set-up comes first");
        using var gated = await client.GetAsync(U("/engagements"), Ct);
        AppFixture.RedirectPath(client, gated).Should().StartWith("/account/two-factor");
        await AppFixture.SetUpSecondFactorAsync(client, email);
        Authenticator.Key(email).Should().NotBe(oldKey, "the old secret was replaced");
        await using var scope = app.Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEvents.CountAsync(e => e.Action == "account.two-factor.reset" && e.Subject == email, Ct)).Should().Be(1);
    }
}
