using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Auditing;
using Rempart.Core.Data;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Auditing;

/// <summary>The audit page and its CSV: the engagement's auditor reads who changed what; nobody else does, and the workspace's trail is the administrator's.</summary>
public sealed class AuditWebTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task The_auditor_reads_the_engagement_s_trail_and_its_csv_and_each_download_is_recorded()
    {
        using var auditor = await app.SignedIn("auditor@demo.rempart.example", "en");
        var exported = await auditor.GetAsync(U("/api/v1/engagements/CIV-2024/sites/export.csv"), Ct);
        var page = await auditor.GetStringAsync(U("/engagements/CIV-2024/audit"), Ct);
        page.Should().Contain("Audit trail").And.Contain("<table class=\"data\">");

        var bytes = await auditor.GetByteArrayAsync(U("/api/v1/engagements/CIV-2024/audit.csv"), Ct);
        bytes.Take(3).Should().Equal(new byte[] { 0xEF, 0xBB, 0xBF }, "Excel reads UTF-8 with its mark");
        var csv = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        csv.Should().StartWith("sequence,at_utc,user_email,user_name,action,subject,details,previous_hash,hash");
        var json = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/audit?action=audit.export", Ct);
        json.GetProperty("entries").EnumerateArray().Should().Contain(e => e.GetProperty("userEmail").GetString() == "auditor@demo.rempart.example",
            "the CSV download is itself recorded");
        var again = WebUtility.HtmlDecode(await auditor.GetStringAsync(U("/engagements/CIV-2024/audit?action=audit.export"), Ct));
        again.Should().Contain("Audit trail exported<br><code class=\"muted\">audit.export</code>", "each record says what it is in words, its code beside");
        var form = await auditor.GetStringAsync(U("/engagements"), Ct);
        using (var language = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFixture.AntiforgeryToken(form.Split("<main")[0]), ["culture"] = "fr", ["returnUrl"] = "/engagements",
        }))
        {
            (await auditor.PostAsync(U("/culture"), language, Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        var french = WebUtility.HtmlDecode(await auditor.GetStringAsync(U("/engagements/CIV-2024/audit?action=audit.export"), Ct));
        french.Should().Contain("Journal d'audit exporté<br><code class=\"muted\">audit.export</code>");
        if (exported.IsSuccessStatusCode)
        {
            var exports = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/audit?action=sites.export", Ct);
            exports.GetProperty("entries").GetArrayLength().Should().BeGreaterThan(0);
        }
    }

    [Fact]
    public async Task The_page_says_whom_an_id_names_so_an_auditor_can_tell_who_was_granted_what()
    {
        using var admin = await app.SignedIn("admin@demo.rempart.example", "en");
        Guid coordinatorId;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            coordinatorId = (await scope.ServiceProvider.GetRequiredService<Rempart.Core.Data.AppDbContext>().Users.SingleAsync(u => u.Email == "coordinator@demo.rempart.example", Ct)).Id;
        }

        (await admin.PutAsJsonAsync($"/api/v1/engagements/CIV-2024/sites/clearances/{coordinatorId}", new { clearance = "TLP:AMBER+STRICT" }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var auditor = await app.SignedIn("auditor@demo.rempart.example", "en");
        var page = WebUtility.HtmlDecode(await auditor.GetStringAsync(U("/engagements/CIV-2024/audit?action=sites.clearance"), Ct));
        page.Should().Contain($"CIV-2024/{coordinatorId} (Aya Kouassi-Brou <coordinator@demo.rempart.example>)");
    }

    [Fact]
    public async Task A_change_saved_through_a_form_names_its_author_and_the_values()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var tokenPage = await officer.GetStringAsync(U("/account/tokens"), Ct);
        tokenPage.Should().NotBeEmpty();
        var created = await officer.PostAsJsonAsync("/api/v1/tokens", new { name = "audit-check", expiresInDays = 7 }, Ct);
        created.StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.Created);
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!;

        using var admin = await app.SignedIn("admin@demo.rempart.example", "en");
        var workspace = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=PersonalAccessToken.added", Ct);
        var entry = workspace.GetProperty("entries").EnumerateArray().Should().ContainSingle(e => e.GetProperty("details").GetString()!.Contains("audit-check")).Subject;
        entry.GetProperty("userEmail").GetString().Should().Be("officer@demo.rempart.example");
        entry.GetProperty("details").GetString().Should().NotContain(secret, "a token's secret is never recorded");
        (await admin.GetStringAsync(U("/audit?action=PersonalAccessToken"), Ct)).Should().Contain("audit-check");
    }

    [Fact]
    public async Task The_app_seals_a_request_s_records_into_the_chain_in_the_background_without_a_reader_asking()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var created = await officer.PostAsJsonAsync("/api/v1/tokens", new { name = "sealed-in-background", expiresInDays = 7 }, Ct);
        created.StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.Created);

        // Read the tables directly: nothing here seals (only the audit's readers and the app's loop do).
        var deadline = DateTime.UtcNow.AddSeconds(15);
        bool inChain;
        int pending;
        do
        {
            await Task.Delay(100, Ct);
            await using var scope = app.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            inChain = await db.AuditEvents.AnyAsync(e => e.Action == "PersonalAccessToken.added" && e.Details.Contains("sealed-in-background"), Ct);
            pending = await db.Set<AuditPending>().CountAsync(Ct);
        }
        while ((!inChain || pending > 0) && DateTime.UtcNow < deadline);

        inChain.Should().BeTrue("the app's loop seals what a request wrote");
        pending.Should().Be(0);
        await using var check = app.Factory.Services.CreateAsyncScope();
        var (_, breaks) = await check.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(Ct);
        breaks.Should().BeEmpty();
    }

    [Fact]
    public async Task Nobody_else_reads_the_trail()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        (await officer.GetAsync(U("/engagements/CIV-2024/audit"), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound, "an officer is not the engagement's auditor");
        (await officer.GetAsync(U("/api/v1/engagements/CIV-2024/audit"), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await officer.GetAsync(U("/api/v1/audit"), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await officer.GetAsync(U("/audit"), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var togo = await app.SignedIn("togo@demo.rempart.example", "en");
        var other = await togo.GetAsync(U("/api/v1/engagements/CIV-2024/audit.csv"), Ct);
        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.Content.ReadAsStringAsync(Ct)).Should().NotContain("CIV-EL");
        using var donor = await app.SignedIn("donor@demo.rempart.example", "en");
        (await donor.GetAsync(U("/api/v1/engagements/CIV-2024/audit"), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}

/// <summary>Journey 9: the auditor verifies the chain from the audit page, and sees where it is broken when it is.</summary>
public sealed class AuditVerifyPageTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_auditor_verifies_the_chain_from_the_page_and_a_tampered_record_is_named()
    {
        using var auditor = await app.SignedIn("auditor@demo.rempart.example", "en");
        var intact = await AppFixture.PostPageFormHtmlAsync(auditor, "/engagements/CIV-2024/audit", "verify-chain", new() { ["Check.Go"] = "1" });
        intact.Should().MatchRegex("The chain is intact: [0-9,]+ records checked");

        long tampered;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Reading the chain seals what is pending first.
            (await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(Ct)).Breaks.Should().BeEmpty();
            (await db.AuditEvents.CountAsync(e => e.Action == "audit.verify", Ct)).Should().Be(1, "the check is itself recorded");
            tampered = await db.AuditEvents.Where(e => e.Action == "audit.verify").Select(e => e.Sequence).SingleAsync(Ct);
            await db.AuditEvents.Where(e => e.Sequence == tampered).ExecuteUpdateAsync(u => u.SetProperty(e => e.Subject, "rewritten"), Ct);
        }

        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example", "fr");
        var broken = await AppFixture.PostPageFormHtmlAsync(auditor, "/engagements/CIV-2024/audit", "verify-chain", new() { ["Check.Go"] = "1" });
        broken.Should().Contain("The chain is broken: 1 problem(s)").And.Contain($"Audit record {tampered} was edited after it was written");

        // Those who may not read the trail cannot run the check either.
        (await coordinator.GetAsync(new Uri("/engagements/CIV-2024/audit", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await using var check = app.Factory.Services.CreateAsyncScope();
        var users = check.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Rempart.Core.Access.RempartUser>>();
        var viewer = new Rempart.Core.Access.Viewer((await users.FindByEmailAsync("coordinator@demo.rempart.example"))!.Id, new HashSet<string> { Rempart.Core.Access.RoleNames.NationalCoordinator });
        var verify = () => check.ServiceProvider.GetRequiredService<AuditService>().VerifyAsync(viewer, "CIV-2024", Ct);
        await verify.Should().ThrowAsync<ForbiddenException>();
    }
}
