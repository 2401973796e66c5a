using System.Net;
using Rempart.Core.Data;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Hosting;

public sealed class ResilienceTests
{
    /// <summary>Settings that point at a database that cannot be reached, on the provider under test.</summary>
    private static Dictionary<string, string?> Unreachable(string folder) => TestDatabase.ProviderUnderTest == DatabaseProvider.Postgres
        ? new() { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Rempart"] = "Host=127.0.0.1;Port=1;Database=nowhere;Timeout=2", ["Database:MigrateOnStart"] = "true" }
        // A folder where the database file should be: SQLite cannot open it.
        : new() { ["Database:Provider"] = "Sqlite", ["ConnectionStrings:Rempart"] = $"Data Source={folder}", ["Database:MigrateOnStart"] = "true" };

    [Fact]
    public async Task UnreachableDatabase_ReadyIsRed_PagesExplainInTheCallersLanguage_ProcessKeepsRunning()
    {
        var folder = Directory.CreateTempSubdirectory("rempart-not-a-file").FullName;
        try
        {
            await using var factory = new RempartFactory(Unreachable(folder));
            using var client = AppFixture.NewClient(factory, "fr");
            (await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
            (await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

            // Even the sign-in form needs the database (its antiforgery keys live there): a friendly page says so.
            using var page = await client.GetAsync(new Uri("/account/signin", UriKind.Relative), TestContext.Current.CancellationToken);
            page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            html.Should().Contain("La base de données est injoignable").And.Contain("Rien de ce que vous avez fait n'a été perdu").And.NotContain("Exception").And.NotContain("   at ");

            using var english = AppFixture.NewClient(factory, "en");
            using var api = await english.GetAsync(new Uri("/api/v1/engagements", UriKind.Relative), TestContext.Current.CancellationToken);
            api.StatusCode.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.ServiceUnavailable);

            // Still serving after the failure.
            (await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ServerMode_WithoutMigration_DoesNotMigrateAndIsNotReady()
    {
        if (TestDatabase.ProviderUnderTest != DatabaseProvider.Postgres)
        {
            // Server mode is PostgreSQL; the embedded default always migrates itself.
            Assert.Skip("PostgreSQL only (runs in the PostgreSQL pass).");
        }

        await using var database = TestDatabase.Create();
        var settings = database.Settings();
        settings["Database:MigrateOnStart"] = null;
        settings["Demo:Load"] = "false";
        await using var factory = new RempartFactory(settings);
        using var client = factory.CreateClient();
        (await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        var output = new StringWriter();
        (await Rempart.Cli.RempartCli.RunAsync(["migrate"], output, new StringWriter(), database.Settings())).Should().Be(0);
        output.ToString().Should().MatchRegex(@"Applied \d+ migration");
        (await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TwoInstances_OnOneDatabase_ShareSessions()
    {
        await using var database = TestDatabase.Create();
        await using var first = new RempartFactory(database.Settings());
        _ = first.Server;
        await using var second = new RempartFactory(database.Settings());
        _ = second.Server;

        using var client = AppFixture.NewClient(first);
        using var signIn = await AppFixture.PostSignInAsync(client, "officer@demo.rempart.example", AppFixture.DemoPassword);
        var session = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rempart.session=", StringComparison.Ordinal)).Split(';')[0];

        // The cookie written by the first instance opens pages on the second: the keys live in the database.
        using var other = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/engagements");
        request.Headers.Add("Cookie", session);
        using var response = await other.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("CIV-2024");
    }
}
