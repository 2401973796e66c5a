using System.Net;
using System.Net.Http.Headers;
using MailKit.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rempart.Core.Data;
using Rempart.Core.Monitoring;
using Rempart.Web.Access;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Access;

/// <summary>Nothing secret and no one's contact details in the logs, down to Debug, whatever happens.</summary>
public sealed class LogSecrecyTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_ins_codes_tokens_resets_and_contacts_never_reach_the_logs()
    {
        var capture = new CapturedLog();
        // An SMTP server that refuses: the reset e-mail fails and its failure is logged.
        var mail = new MailSettings("127.0.0.1", 9, "rempart@programme.example", "mailer", "Smtp-Secret-2026", SecureSocketOptions.None, "https://rempart.programme.example");
        await using var factory = app.Factory.WithWebHostBuilder(b =>
        {
            // Everything, down to Trace, whatever the app's own filters say for the console.
            b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(capture).AddFilter<CapturedLog>(null, LogLevel.Trace));
            b.ConfigureTestServices(s => s.AddSingleton(mail));
        });

        // Sign-ins: right, wrong password, wrong code, locked out; a token made, used and guessed; a reset asked for.
        var code = Authenticator.Code("officer@demo.rempart.example");
        using var officer = await AppFixture.SignInAsync(factory, "officer@demo.rempart.example", AppFixture.DemoPassword, "en");
        using (var wrong = AppFixture.NewClient(factory, "en"))
        {
            await AppFixture.PostSignInAsync(wrong, "donor@demo.rempart.example", "Wrong-Horse-Battery-9");
            using var step = await AppFixture.PostPasswordAsync(wrong, "admin@demo.rempart.example", AppFixture.DemoPassword);
            await AppFixture.PostCodeAsync(wrong, AppFixture.RedirectPath(wrong, step)!, "000000");
        }

        using var created = await officer.PostAsJsonAsync("/api/v1/tokens", new { name = "logs", expiresInDays = 1 }, Ct);
        var token = (await created.Content.ReadFromJsonAsync<CreatedTokenResponse>(Ct))!.Token;
        using (var api = AppFixture.NewClient(factory))
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await api.GetAsync(new Uri("/api/v1/engagements/CIV-2024/participants", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^4] + "AAAA");
            (await api.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var anonymous = AppFixture.NewClient(factory, "en"))
        {
            await AppFixture.PostPageFormHtmlAsync(anonymous, "/account/forgot", "forgot", new() { ["Input.Email"] = "energy@demo.rempart.example" });
        }

        // Contact details seen on pages: the consultations' participants.
        (await officer.GetAsync(new Uri("/engagements/CIV-2024/consultations", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var contacts = await db.Participants.Select(p => new { p.Email, p.Phone }).ToListAsync(Ct);
        var forbidden = new List<string>
        {
            AppFixture.DemoPassword, "Wrong-Horse-Battery-9", code, token, token[..^4] + "AAAA", "Smtp-Secret-2026",
            Authenticator.Key("officer@demo.rempart.example"), Authenticator.Key("admin@demo.rempart.example"),
            "energy@demo.rempart.example", "donor@demo.rempart.example", "officer@demo.rempart.example",
        };
        forbidden.AddRange(contacts.Select(c => c.Email).Where(e => e.Length > 0));
        forbidden.AddRange(contacts.Select(c => c.Phone).Where(p => p.Length > 6));

        var lines = capture.Lines.ToList();
        lines.Should().HaveCountGreaterThan(200, "the app logged what it did (a capture that sees nothing proves nothing)");
        lines.Should().Contain(l => l.Contains("password reset link could not be sent", StringComparison.OrdinalIgnoreCase), "the failed e-mail was logged");
        var leaks = lines.SelectMany(l => forbidden.Where(f => l.Contains(f, StringComparison.OrdinalIgnoreCase)).Select(f => $"'{f}' in: {l[..Math.Min(l.Length, 300)]}")).ToList();
        leaks.Should().BeEmpty();
    }
}
