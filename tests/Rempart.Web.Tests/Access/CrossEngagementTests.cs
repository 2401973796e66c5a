using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Access;

/// <summary>
/// Every engagement endpoint and page in the routing table, called by a member of another engagement with the
/// addresses of Côte d'Ivoire's records: each is refused, and no answer carries anything of that engagement.
/// </summary>
public sealed partial class CrossEngagementTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Words found only in the Côte d'Ivoire engagement's records (names of places, sites and its ministries), never in an address.</summary>
    private static readonly string[] Markers = ["Vridi", "Abidjan", "Côte d", "Cote d", "Bassam", "Ministère des Mines", "Yamoussoukro", "Bouaké"];

    [GeneratedRegex(@"\{(?<name>[^}:?]+)[^}]*\}")]
    private static partial Regex Parameter();

    private async Task<Dictionary<string, string>> ValuesAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var civ = await db.Engagements.SingleAsync(e => e.Code == "CIV-2024", Ct);
        var finding = await db.Findings.Where(f => f.EngagementId == civ.Id).Select(f => f.Id).FirstAsync(Ct);
        var question = await db.Answers.Where(a => a.EngagementId == civ.Id).Select(a => a.QuestionId).FirstAsync(Ct);
        var entity = await db.NationalEntities.Where(n => n.EngagementId == civ.Id).OrderBy(n => n.Acronym).Select(n => n.Acronym).FirstAsync(Ct);
        var user = await db.EngagementMembers.Where(m => m.EngagementId == civ.Id).Select(m => m.UserId).FirstAsync(Ct);
        var eventCode = await db.ConsultationEvents.Where(e => e.EngagementId == civ.Id).Select(e => e.Code).FirstOrDefaultAsync(Ct) ?? "E1";
        // Pages name the engagement {Code}, the API a site {code}: names are matched exactly first, then whatever their case.
        return new(StringComparer.Ordinal)
        {
            ["engagement"] = "CIV-2024", ["codeOrId"] = "CIV-2024", ["Code"] = "CIV-2024",
            ["code"] = "CIV-EL-013", ["site"] = "CIV-EL-013", ["SiteCode"] = "CIV-EL-013",
            ["entity"] = entity, ["question"] = question, ["id"] = finding.ToString(), ["update"] = finding.ToString(), ["user"] = user.ToString(),
            ["number"] = "1", ["milestone"] = "1", ["cycle"] = "1", ["from"] = "1", ["to"] = "2",
            ["table"] = "plan", ["chart"] = "levels", ["format"] = "docx", ["file"] = "evidence.pdf", ["eventCode"] = eventCode, ["sessionCode"] = "S1",
            ["Language"] = "fr", ["key"] = "civ",
        };
    }

    private static string Value(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var exact) ? exact : values.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value ?? "x";

    private static bool IsEngagementRoute(string pattern) =>
        pattern.Contains("{engagement}", StringComparison.Ordinal) || pattern.Contains("{codeOrId}", StringComparison.Ordinal)
        || pattern.StartsWith("engagements/{Code}", StringComparison.Ordinal) || pattern.StartsWith("/engagements/{Code}", StringComparison.Ordinal);

    /// <summary>Each role, held in Togo's engagement only (the demo's Togo respondent, and accounts made here for the others).</summary>
    public static TheoryData<string> OtherEngagementRoles => new()
    {
        RoleNames.EntityRespondent, RoleNames.ProgrammeOfficer, RoleNames.NationalCoordinator, RoleNames.DonorViewer, RoleNames.Auditor,
    };

    private async Task<HttpClient> MemberOfTogoAsync(string role)
    {
        if (role == RoleNames.EntityRespondent)
        {
            return await app.SignedIn("togo@demo.rempart.example", "en");
        }

        var email = $"togo-{role.ToLowerInvariant()}@test.example";
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccountService>();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<RempartUser>>();
            var user = await users.FindByEmailAsync(email) ?? (await accounts.AddAsync(email, "Togo " + role, role, "en", AppFixture.DemoPassword, Ct)).User;
            var admin = (await users.FindByEmailAsync("admin@demo.rempart.example"))!;
            // A respondent answers for one of Togo's entities.
            var db = scope.ServiceProvider.GetRequiredService<Rempart.Core.Data.AppDbContext>();
            var entity = role == RoleNames.EntityRespondent
                ? db.NationalEntities.Where(e => db.Engagements.Any(g => g.Id == e.EngagementId && g.Code == "TGO-2023") && e.ValidTo == null && !e.IsDeactivated)
                    .OrderBy(e => e.Acronym).Select(e => e.Acronym).First()
                : null;
            await scope.ServiceProvider.GetRequiredService<EngagementService>()
                .AddMemberAsync(new Viewer(admin.Id, new HashSet<string> { RoleNames.ProgrammeAdministrator }), "TGO-2023", user.Id, role, entity, Ct);
        }

        return await app.SignedIn(email, "en");
    }

    [Theory]
    [MemberData(nameof(OtherEngagementRoles))]
    public async Task A_member_of_another_engagement_is_refused_everywhere_and_sees_nothing(string role)
    {
        var values = await ValuesAsync();
        var routes = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => IsEngagementRoute(e.RoutePattern.RawText!))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .Distinct()
            .ToList();
        routes.Should().HaveCountGreaterThan(80, "every engagement endpoint and page is checked");

        using var togo = await MemberOfTogoAsync(role);
        var failures = new List<string>();
        foreach (var (method, pattern) in routes)
        {
            var path = "/" + Parameter().Replace(pattern, m => Uri.EscapeDataString(Value(values, m.Groups["name"].Value))).TrimStart('/');
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var response = await togo.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                failures.Add($"{role} {method} {path}: {status}, expected a refusal");
            }

            if (status >= 500)
            {
                failures.Add($"{role} {method} {path}: {status}");
            }

            foreach (var marker in Markers.Where(m => body.Contains(m, StringComparison.Ordinal)))
            {
                failures.Add($"{role} {method} {path}: the answer ({status}) contains '{marker}'");
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task The_same_addresses_answer_a_member_of_the_engagement()
    {
        // The refusals above are not a broken address: the officer, a member of CIV-2024, reads the same pages.
        var values = await ValuesAsync();
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        foreach (var path in new[] { "/engagements/{Code}/sites", "/api/v1/engagements/{engagement}/sites/{code}", "/engagements/{Code}/findings", "/api/v1/engagements/{engagement}/interdependencies" })
        {
            var real = Parameter().Replace(path, m => Value(values, m.Groups["name"].Value));
            var response = await officer.GetAsync(new Uri(real, UriKind.Relative), Ct);
            response.StatusCode.Should().Be(HttpStatusCode.OK, real);
            (await response.Content.ReadAsStringAsync(Ct)).Should().ContainAny(Markers);
        }
    }

    /// <summary>Every role of the Côte d'Ivoire engagement, as the demo has them.</summary>
    public static TheoryData<string> OwnEngagementMembers => new()
    {
        "admin", "officer", "coordinator", "energy", "donor", "auditor",
    };

    [Theory]
    [MemberData(nameof(OwnEngagementMembers))]
    public async Task Every_role_reads_every_address_of_its_own_engagement_without_a_server_error(string who)
    {
        // What each role may do is the permission table's business (and each feature's tests); here: whatever the
        // role, no engagement address answers with a server error or a page that fails half-way.
        var values = await ValuesAsync();
        var routes = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => IsEngagementRoute(e.RoutePattern.RawText!) && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Contains("GET"))
            .Select(e => e.RoutePattern.RawText!)
            .Distinct()
            .ToList();
        routes.Should().HaveCountGreaterThan(50);
        using var client = await app.SignedIn($"{who}@demo.rempart.example", "fr");
        var failures = new List<string>();
        var answered = 0;
        foreach (var pattern in routes)
        {
            var path = "/" + Parameter().Replace(pattern, m => Uri.EscapeDataString(Value(values, m.Groups["name"].Value))).TrimStart('/');
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{who} GET {path}: {(int)response.StatusCode}");
            }
            else if (response.IsSuccessStatusCode)
            {
                answered++;
            }
        }

        failures.Should().BeEmpty();
        answered.Should().BeGreaterThan(5, $"{who} reads at least the engagement, its dashboard and its findings");
    }
}
