using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit.Security;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;
using Rempart.Core.Monitoring;
using Rempart.Web.Tests.Cli;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Access;

/// <summary>Forgotten passwords: a link by e-mail when SMTP is configured (a real SMTP conversation), an administrator otherwise.</summary>
public sealed partial class PasswordResetTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Without_e_mail_the_page_sends_people_to_their_administrator_who_sets_a_new_password()
    {
        using var client = app.Anonymous("fr");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(U("/account/forgot"), Ct));
        page.Should().Contain("Ce Rempart n'envoie pas d'e-mail").And.NotContain("Envoyer le lien");

        var (code, output, error) = await CliRun.RunAsync(app.Database, "users", "set-password", "--email", "auditor@demo.rempart.example");
        code.Should().Be(0, error);
        var generated = GeneratedPassword().Match(output).Groups[1].Value;
        generated.Should().HaveLength(20);
        (await AppFixture.PostSignInAsync(app.Anonymous("en"), "auditor@demo.rempart.example", AppFixture.DemoPassword)).StatusCode.Should().Be(HttpStatusCode.OK, "the old password no longer works");
        (await AppFixture.PostSignInAsync(app.Anonymous("en"), "auditor@demo.rempart.example", generated)).StatusCode.Should().Be(HttpStatusCode.Found);
    }

    [Fact]
    public async Task A_link_by_e_mail_in_the_persons_language_sets_a_new_password_once_and_unknown_addresses_learn_nothing()
    {
        var port = FreePort();
        using var smtp = SimpleSmtpServer.Start(port);
        var settings = new MailSettings("127.0.0.1", port, "rempart@programme.example", null, null, SecureSocketOptions.None, "https://rempart.programme.example");
        await using var factory = app.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(settings)));
        using var client = AppFixture.NewClient(factory, "fr");

        var unknown = await AppFixture.PostPageFormHtmlAsync(client, "/account/forgot", "forgot", new() { ["Input.Email"] = "nobody@nowhere.example" });
        var known = await AppFixture.PostPageFormHtmlAsync(client, "/account/forgot", "forgot", new() { ["Input.Email"] = "energy@demo.rempart.example" });
        unknown.Should().Contain("Si cette adresse correspond à un compte actif");
        known.Should().Contain("Si cette adresse correspond à un compte actif", "the same answer whether or not the account exists");
        smtp.ReceivedEmailCount.Should().Be(1);
        var mail = smtp.ReceivedEmail.Single();
        mail.ToAddresses.Single().Address.Should().Be("energy@demo.rempart.example");
        mail.Subject.Should().Contain("réinitialiser votre mot de passe");
        var body = mail.MessageParts[0].BodyData;
        var link = ResetLink().Match(body);
        link.Success.Should().BeTrue(body);
        var path = new Uri(link.Value).PathAndQuery;

        var form = WebUtility.HtmlDecode(await client.GetStringAsync(U(path), Ct));
        form.Should().Contain("energy@demo.rempart.example");
        var mismatch = await AppFixture.PostPageFormHtmlAsync(client, path, "reset", ResetFields(form, "Nouveau-Passe-2026", "Autre-Passe-2026"));
        mismatch.Should().Contain("Les deux mots de passe ne sont pas identiques");
        using var done = await AppFixture.PostPageFormAsync(client, path, "reset", ResetFields(form, "Nouveau-Passe-2026", "Nouveau-Passe-2026"));
        AppFixture.RedirectPath(client, done).Should().Be("/account/signin");
        WebUtility.HtmlDecode(await client.GetStringAsync(U("/account/signin"), Ct)).Should().Contain("Votre mot de passe a été changé");

        (await AppFixture.PostSignInAsync(AppFixture.NewClient(factory), "energy@demo.rempart.example", AppFixture.DemoPassword)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await AppFixture.PostSignInAsync(AppFixture.NewClient(factory), "energy@demo.rempart.example", "Nouveau-Passe-2026")).StatusCode.Should().Be(HttpStatusCode.Found);

        var reused = await AppFixture.PostPageFormHtmlAsync(client, path, "reset", ResetFields(form, "Encore-Autre-2026", "Encore-Autre-2026"));
        reused.Should().Contain("Ce lien de réinitialisation n'est pas valide", "a link works once");
        var forged = await AppFixture.PostPageFormHtmlAsync(client, "/account/reset?email=coordinator%40demo.rempart.example&token=abc", "reset",
            new() { ["Input.Email"] = "coordinator@demo.rempart.example", ["Input.Token"] = "abc", ["Input.Password"] = "Encore-Autre-2026", ["Input.Confirm"] = "Encore-Autre-2026" });
        forged.Should().Contain("Ce lien de réinitialisation n'est pas valide");
    }

    private static Dictionary<string, string> ResetFields(string form, string password, string confirm) => new()
    {
        ["Input.Email"] = HiddenValue(form, "Input.Email"),
        ["Input.Token"] = HiddenValue(form, "Input.Token"),
        ["Input.Password"] = password,
        ["Input.Confirm"] = confirm,
    };

    private static string HiddenValue(string html, string name) =>
        Regex.Match(html, "name=\"" + Regex.Escape(name) + "\" value=\"([^\"]*)\"").Groups[1].Value;

    [GeneratedRegex(@"https://rempart\.programme\.example/account/reset\?\S+")]
    private static partial Regex ResetLink();

    [GeneratedRegex(@":\s*([A-Za-z0-9]{20})\s*$", RegexOptions.Multiline)]
    private static partial Regex GeneratedPassword();
}
