using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Monitoring;

/// <summary>
/// Monitoring of Togo's adopted plan from its pages (no script) and its API: the dashboard, the timeline and
/// the progress chart, reports by the lead entity, milestones, measurements and evidence, technical assistance,
/// the donor view, and who may see what.
/// </summary>
public sealed partial class MonitoringWebTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Dashboard = "/engagements/TGO-2023/monitoring";
    private const string Api = "/api/v1/engagements/TGO-2023/monitoring";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static async Task<string> HtmlAsync(HttpClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(U(path), Ct));

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Switches the client's language with the language form (the culture cookie).</summary>
    private static async Task SwitchToAsync(HttpClient client, string culture)
    {
        var page = await client.GetStringAsync(U("/engagements"), Ct);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFixture.AntiforgeryToken(page.Split("<main")[0]), ["culture"] = culture, ["returnUrl"] = "/engagements",
        });
        (await client.PostAsync(U("/culture"), form, Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    private static string LocalPath(HttpResponseMessage response) =>
        response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location!.ToString();

    private static async Task<string> StampAsync(HttpClient client, int number)
    {
        var detail = await client.GetFromJsonAsync<JsonElement>($"{Api}/recommendations/{number}", Ct);
        return detail.GetProperty("item").GetProperty("concurrencyStamp").GetString()!;
    }

    [Fact]
    public async Task Officer_SeesTheDashboard_LateOnesFlagged_AttentionList_TimelineAndChart()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        await SwitchToAsync(officer, "en");
        var html = await HtmlAsync(officer, Dashboard);
        for (var n = 1; n <= 6; n++)
        {
            html.Should().Contain($"TGO-2023-R0{n}");
        }

        html.Should().Contain("What needs your attention").And.Contain("Define critical infrastructure and soft targets in law")
            .And.Contain("<span class=\"badge status-Delayed\">delayed</span>").And.Contain("<tr class=\"late\">")
            .And.Contain("A milestone is overdue").And.Contain("<progress max=\"100\"")
            .And.Contain($"<img src=\"{Api}/timeline.svg?language=en\"").And.Contain("Start the follow-up assessment").And.Contain("/engagements/TGO-2023/scores/cycles");
        html.Should().NotContain("<script").And.NotContain("style=");

        var filtered = await HtmlAsync(officer, Dashboard + "?entity=MSPC&status=");
        filtered.Should().Contain("3 of 6 recommendations shown").And.Contain("TGO-2023-R04").And.NotContain(">TGO-2023-R01</a></td>");

        using var svg = await officer.GetAsync(U($"{Api}/timeline.svg?language=en"), Ct);
        svg.StatusCode.Should().Be(HttpStatusCode.OK);
        svg.Content.Headers.ContentType!.MediaType.Should().Be("image/svg+xml");
        var doc = XDocument.Parse(await svg.Content.ReadAsStringAsync(Ct));
        XNamespace s = "http://www.w3.org/2000/svg";
        doc.Root!.Name.Should().Be(s + "svg");
        doc.Descendants(s + "rect").Count(r => (string?)r.Attribute("class") == "bar").Should().Be(6, "one bar per recommendation");
        doc.Descendants(s + "g").Count(g => (string?)g.Attribute("class") == "today").Should().Be(1);
        doc.Descendants().Count(e => ((string?)e.Attribute("class"))?.StartsWith("milestone", StringComparison.Ordinal) == true).Should().Be(12, "every milestone of the plan is marked");
        doc.Descendants().Count(e => (string?)e.Attribute("class") == "milestone overdue").Should().BeGreaterThan(0);
        doc.ToString().Should().Contain("today").And.Contain("Define critical infrastructure");
        doc.Descendants().Should().NotContain(e => e.Name.LocalName == "script");

        using var chart = await officer.GetAsync(U($"{Api}/charts/progress.svg?language=en"), Ct);
        chart.StatusCode.Should().Be(HttpStatusCode.OK);
        chart.Content.Headers.ContentType!.MediaType.Should().Be("image/svg+xml");
        XDocument.Parse(await chart.Content.ReadAsStringAsync(Ct)).Root!.Name.LocalName.Should().Be("svg");
        (await officer.GetAsync(U($"{Api}/charts/progress.png"), Ct)).Content.Headers.ContentType!.MediaType.Should().Be("image/png");

        var overview = await officer.GetFromJsonAsync<JsonElement>(Api, Ct);
        overview.GetProperty("items").GetArrayLength().Should().Be(6);
        overview.GetProperty("late").GetInt32().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task FrenchPages_DashboardAndTimeline_SpeakFrench()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        await SwitchToAsync(officer, "fr");
        var html = await HtmlAsync(officer, Dashboard);
        html.Should().Contain("<h1>Suivi</h1>").And.Contain("Ce qui demande votre attention").And.Contain("Calendrier du plan").And.Contain("Avancement moyen")
            .And.Contain("Définir dans la loi les infrastructures critiques").And.Contain("en retard").And.Contain("Lancer l'évaluation de suivi")
            .And.Contain($"{Api}/timeline.svg?language=fr");
        var svg = XDocument.Parse(await officer.GetStringAsync(U($"{Api}/timeline.svg?language=fr"), Ct));
        var text = string.Join(" ", svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        text.Should().Contain("aujourd'hui").And.Contain("Définir dans la loi").And.Contain("atteint").And.NotContain("today");

        var detail = await HtmlAsync(officer, Dashboard + "/4");
        detail.Should().Contain("Pourquoi elle est en retard").And.Contain("Rendre compte de l'avancement");
        detail.Should().MatchRegex("M\\+[0-9]+ : ", "French puts a space before the colon");
        html.Should().MatchRegex("\\) : [A-Z]", "and before the colon of the attention list");
    }

    [Fact]
    public async Task Respondent_ReportsOnWhatItsEntityLeads_WithEvidence_Milestone_Measurement_AndConflict()
    {
        using var togo = await app.SignedIn("togo@demo.rempart.example", "en");
        await SwitchToAsync(togo, "en");
        var page = await HtmlAsync(togo, Dashboard + "/4");
        page.Should().Contain("Report progress").And.Contain("name=\"Report.Stamp\"");
        page.Should().MatchRegex("M\\+[0-9]+: ").And.NotMatchRegex("M\\+[0-9]+ : ", "English has no space before a colon");
        var stamp = await StampAsync(togo, 4);

        using var saved = await AppFixture.PostPageFormAsync(togo, Dashboard + "/4", "report", new Dictionary<string, string>
        {
            ["Report.Stamp"] = stamp, ["Report.AsOf"] = Today, ["Report.Status"] = "InProgress", ["Report.Progress"] = "76",
            ["Report.Note"] = "Cascade sessions in Kara and Sokodé.", ["Report.Evidence"] = "Attendance sheets 2026",
        });
        saved.StatusCode.Should().Be(HttpStatusCode.Found, "post, redirect, get");
        LocalPath(saved).Should().Be("/engagements/TGO-2023/monitoring/4");
        page = await HtmlAsync(togo, Dashboard + "/4");
        page.Should().Contain("Report recorded.").And.Contain("76 %").And.Contain("Cascade sessions in Kara and Sokodé.");

        // A report based on what the page showed before: refused, the typed note kept.
        var stale = await AppFixture.PostPageFormHtmlAsync(togo, Dashboard + "/4", "report", new Dictionary<string, string>
        {
            ["Report.Stamp"] = stamp, ["Report.AsOf"] = Today, ["Report.Status"] = "InProgress", ["Report.Progress"] = "80", ["Report.Note"] = "My unsaved note about Atakpamé",
        });
        stale.Should().Contain("Someone else reported on TGO-2023-R04").And.Contain("My unsaved note about Atakpamé").And.Contain("value=\"80\"");

        // R01 is led by MAEIA: no form, and a post is refused.
        var other = await HtmlAsync(togo, Dashboard + "/1");
        other.Should().Contain("TGO-2023-R01").And.NotContain("name=\"Report.Stamp\"");
        using var refused = await AppFixture.PostPageFormAsync(togo, Dashboard + "/1", "report", new Dictionary<string, string>
        {
            ["Report.Stamp"] = await StampAsync(togo, 1), ["Report.AsOf"] = Today, ["Report.Status"] = "InProgress", ["Report.Progress"] = "10", ["Report.Note"] = "x",
        });
        // The page renders no report form for R01, so the framework refuses the post (no such form); nothing is recorded.
        refused.StatusCode.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.BadRequest);
        (await togo.GetFromJsonAsync<JsonElement>($"{Api}/recommendations/1", Ct)).GetProperty("updates").GetArrayLength().Should().Be(2);
        using var refusedApi = await togo.PostAsJsonAsync($"{Api}/recommendations/1/reports", new { asOf = Today, status = "InProgress", progress = 10, note = "x", concurrencyStamp = Guid.Empty }, Ct);
        refusedApi.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // Evidence file with the report, downloaded with its hash.
        var pdf = "%PDF-1.4\n% Rempart test evidence\n"u8.ToArray();
        page = await togo.GetStringAsync(U(Dashboard + "/4"), Ct);
        using (var multipart = new MultipartFormDataContent())
        {
            multipart.Add(new StringContent(AppFixture.AntiforgeryToken(page.Split("<main")[0])), "__RequestVerificationToken");
            multipart.Add(new StringContent("report"), "_handler");
            multipart.Add(new StringContent(await StampAsync(togo, 4)), "Report.Stamp");
            multipart.Add(new StringContent(Today), "Report.AsOf");
            multipart.Add(new StringContent("InProgress"), "Report.Status");
            multipart.Add(new StringContent("78"), "Report.Progress");
            multipart.Add(new StringContent("With the attendance sheets."), "Report.Note");
            var file = new ByteArrayContent(pdf);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            multipart.Add(file, "report-file", "attendance.pdf");
            (await togo.PostAsync(U(Dashboard + "/4"), multipart, Ct)).StatusCode.Should().Be(HttpStatusCode.Found);
        }

        page = await HtmlAsync(togo, Dashboard + "/4");
        var link = EvidenceLink().Match(page);
        link.Success.Should().BeTrue("the file is listed with its report");
        using var download = await togo.GetAsync(U(link.Groups[1].Value), Ct);
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Headers.GetValues("X-Content-SHA256").Single().Should().Be(Convert.ToHexStringLower(SHA256.HashData(pdf)));
        (await download.Content.ReadAsByteArrayAsync(Ct)).Should().Equal(pdf);

        // A milestone marked reached, then a measurement.
        using (var milestone = await AppFixture.PostPageFormAsync(togo, Dashboard + "/4", "milestones", new Dictionary<string, string> { ["Mark.Reach"] = "1", ["Mark.Dates[1]"] = "2025-01-10" }))
        {
            milestone.StatusCode.Should().Be(HttpStatusCode.Found);
        }

        page = await HtmlAsync(togo, Dashboard + "/4");
        page.Should().Contain("Milestone marked as reached.").And.Contain("reached on");
        using (var measured = await AppFixture.PostPageFormAsync(togo, Dashboard + "/4", "measure", new Dictionary<string, string>
        {
            ["Measure.Indicator"] = "1", ["Measure.AsOf"] = Today, ["Measure.Value"] = "200", ["Measure.Note"] = "Kara and Sokodé sessions",
        }))
        {
            measured.StatusCode.Should().Be(HttpStatusCode.Found);
        }

        page = await HtmlAsync(togo, Dashboard + "/4");
        page.Should().Contain("Measurement recorded.").And.Contain("Kara and Sokodé sessions").And.Contain("50 %");

        // A rule refusal stays on the page with the typed value.
        var future = await AppFixture.PostPageFormHtmlAsync(togo, Dashboard + "/4", "measure", new Dictionary<string, string>
        {
            ["Measure.Indicator"] = "0", ["Measure.AsOf"] = "2099-01-01", ["Measure.Value"] = "23 trainers",
        });
        future.Should().Contain("2099-01-01").And.Contain("value=\"23 trainers\"");
    }

    [Fact]
    public async Task The_activities_page_offers_an_iati_file_to_publish_or_says_what_iati_still_needs()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "fr");
        await SwitchToAsync(officer, "fr");
        var html = await HtmlAsync(officer, "/engagements/TGO-2023/monitoring/activities");
        html.Should().Contain("/exports/iati?classification=TLP:CLEAR").And.Contain("XML à publier (activités TLP:CLEAR seulement)");
        var published = XDocument.Parse(await officer.GetStringAsync(U("/api/v1/engagements/TGO-2023/exports/iati?classification=TLP:CLEAR"), Ct));
        var all = XDocument.Parse(await officer.GetStringAsync(U("/api/v1/engagements/TGO-2023/exports/iati"), Ct));
        published.Descendants("iati-activity").Count().Should().BeLessThan(all.Descendants("iati-activity").Count(), "the demo has activities above TLP:CLEAR");
        using (var refused = await officer.GetAsync(U("/api/v1/engagements/TGO-2023/exports/iati?classification=secret"), Ct))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("TLP:CLEAR, TLP:GREEN");
        }

        // Without the lead organisation's IATI identifier, the page says so instead of offering a file IATI would refuse.
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Rempart.Core.Data.AppDbContext>();
            var togo = db.Engagements.Single(e => e.Code == "TGO-2023").Id;
            foreach (var o in db.EngagementOrganisations.Where(o => o.EngagementId == togo && o.Role == Rempart.Core.Engagements.OrganisationRole.Lead))
            {
                o.IatiRef = null;
            }

            await db.SaveChangesAsync(Ct);
        }

        html = await HtmlAsync(officer, "/engagements/TGO-2023/monitoring/activities");
        html.Should().NotContain("/exports/iati").And.Contain("n'a pas encore d'identifiant d'organisation IATI").And.Contain("/engagements/TGO-2023#profile");
    }

    [Fact]
    public async Task Officer_CreatesAnActivityWithParticipantsAndFunding_BadInputIsExplainedAndKept()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        await SwitchToAsync(officer, "en");
        const string path = "/engagements/TGO-2023/monitoring/activities";
        var list = await HtmlAsync(officer, path);
        list.Should().Contain("TGO-2023-TA01").And.Contain("TGO-2023-TA04").And.Contain("not funded yet");

        Dictionary<string, string> Form(string start, string end, string donor, string currency) => new()
        {
            ["Input.TitleFr"] = "Atelier de suivi sur la formation en cascade", ["Input.TitleEn"] = "Follow-up workshop on cascade training",
            ["Input.Kind"] = "Workshop", ["Input.Status"] = "Planned", ["Input.PlannedStart"] = start, ["Input.PlannedEnd"] = end, ["Input.Place"] = "Kara",
            ["Input.Partners"] = "unoct", ["Input.Recommendations"] = "4", ["Input.Classification"] = "TLP:AMBER",
            ["Input.Participants"] = "MSPC; 4; 9\nPrivate security companies; 1; 2",
            ["Input.Funding.Donor"] = donor, ["Input.Funding.Kind"] = "Commitment", ["Input.Funding.Amount"] = "12000", ["Input.Funding.Currency"] = currency, ["Input.Funding.Date"] = "2026-10-01",
        };

        var html = await AppFixture.PostPageFormHtmlAsync(officer, path, "create", Form("2027-02-10", "2027-02-08", "france", "EUR"));
        html.Should().Contain("An activity cannot end before it starts.").And.Contain("value=\"Follow-up workshop on cascade training\"").And.Contain("MSPC; 4; 9");
        html = await AppFixture.PostPageFormHtmlAsync(officer, path, "create", Form("2027-02-10", "2027-02-11", "nobody", "EUR"));
        html.Should().Contain("\"nobody\" is not a donor of this engagement").And.Contain("value=\"Kara\"");
        html = await AppFixture.PostPageFormHtmlAsync(officer, path, "create", Form("2027-02-10", "2027-02-11", "france", "EURO"));
        html.Should().Contain("\"EURO\" is not a currency code").And.Contain("value=\"EURO\"");
        (await HtmlAsync(officer, path)).Should().NotContain("Follow-up workshop on cascade training", "a refused form records nothing");

        using var created = await AppFixture.PostPageFormAsync(officer, path, "create", Form("2027-02-10", "2027-02-11", "france", "eur"));
        created.StatusCode.Should().Be(HttpStatusCode.Found);
        var activity = LocalPath(created);
        activity.Should().MatchRegex("/engagements/TGO-2023/monitoring/activities/[0-9]+$");
        var page = await HtmlAsync(officer, activity);
        page.Should().Contain("Follow-up workshop on cascade training").And.Contain("MSPC").And.Contain("Private security companies")
            .And.Contain("12,000.00 EUR").And.Contain("TGO-2023-R04").And.Contain("TLP:AMBER");

        // Another funding line, then the edit form with its stamp.
        using (var funded = await AppFixture.PostPageFormAsync(officer, activity, "add-funding", new Dictionary<string, string>
        {
            ["NewFunding.Donor"] = "france", ["NewFunding.Kind"] = "Disbursement", ["NewFunding.Amount"] = "5000.50", ["NewFunding.Currency"] = "EUR", ["NewFunding.Date"] = "2026-11-01",
        }))
        {
            funded.StatusCode.Should().Be(HttpStatusCode.Found);
        }

        page = await HtmlAsync(officer, activity);
        page.Should().Contain("5,000.50 EUR");
        var stamp = StampField().Match(page).Groups[1].Value;
        using (var edited = await AppFixture.PostPageFormAsync(officer, activity, "edit", new Dictionary<string, string>(Form("2027-02-10", "2027-02-12", "", ""))
        {
            ["Input.Stamp"] = stamp, ["Input.Place"] = "Sokodé",
        }))
        {
            edited.StatusCode.Should().Be(HttpStatusCode.Found);
        }

        (await HtmlAsync(officer, activity)).Should().Contain("Activity saved.").And.Contain("Sokodé");
        var stale = await AppFixture.PostPageFormHtmlAsync(officer, activity, "edit", new Dictionary<string, string>(Form("2027-02-10", "2027-02-12", "", "")) { ["Input.Stamp"] = stamp });
        stale.Should().Contain("TGO-2023-TA");
        stale.Should().MatchRegex("role=\"alert\">[^<]+</p>");

        // The same refusal in French.
        await SwitchToAsync(officer, "fr");
        html = await AppFixture.PostPageFormHtmlAsync(officer, path, "create", Form("2027-02-10", "2027-02-08", "france", "EUR"));
        html.Should().Contain("Une activité ne peut pas se terminer avant d'avoir commencé.").And.Contain("value=\"Atelier de suivi sur la formation en cascade\"");
    }

    [Fact]
    public async Task Donor_SeesFundedGreenActivitiesOnly_WithoutAmberTitles_AndNotTheDashboard()
    {
        using var donor = await app.SignedIn("donor@demo.rempart.example", "en");
        await SwitchToAsync(donor, "en");
        var engagement = await HtmlAsync(donor, "/engagements/TGO-2023");
        engagement.Should().Contain("/engagements/TGO-2023/monitoring/donor").And.NotContain("href=\"/engagements/TGO-2023/monitoring\"");

        var html = await HtmlAsync(donor, "/engagements/TGO-2023/monitoring/donor");
        html.Should().Contain("TGO-2023-TA01").And.Contain("TGO-2023-TA02").And.NotContain("TGO-2023-TA03").And.NotContain("TGO-2023-TA04")
            .And.NotContain("Workshop on the threat of unmanned aircraft systems").And.NotContain("information-sharing mechanism");
        html.Should().Contain("TGO-2023-R01").And.Contain("TGO-2023-R04").And.Contain("recommendations are shown by their code only");
        html.Should().NotContain("Define critical infrastructure and soft targets in law").And.NotContain("Train security staff of soft targets");
        html.Should().Contain(">France<", "the donor by its name, not its code").And.Contain("EUR").And.Contain("women");

        (await donor.GetAsync(U(Dashboard), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await donor.GetAsync(U(Dashboard + "/4"), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await donor.GetAsync(U(Api), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await donor.GetAsync(U(Api + "/timeline.svg"), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var view = await donor.GetFromJsonAsync<JsonElement>(Api + "/donor", Ct);
        view.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("code").GetString()).Should().Equal("TGO-2023-TA01", "TGO-2023-TA02");
        view.GetProperty("recommendations").EnumerateArray().Should().OnlyContain(r => r.GetProperty("titleEn").ValueKind == JsonValueKind.Null);
    }

    [Theory]
    [InlineData("/engagements/TGO-2023/monitoring")]
    [InlineData("/engagements/TGO-2023/monitoring/4")]
    [InlineData("/engagements/TGO-2023/monitoring/activities")]
    [InlineData("/engagements/TGO-2023/monitoring/activities/1")]
    [InlineData("/engagements/TGO-2023/monitoring/donor")]
    [InlineData(Api)]
    [InlineData(Api + "/recommendations/4")]
    [InlineData(Api + "/activities")]
    [InlineData(Api + "/activities/1")]
    [InlineData(Api + "/donor")]
    [InlineData(Api + "/timeline.svg")]
    [InlineData(Api + "/charts/progress.svg")]
    [InlineData(Api + "/charts/progress.png")]
    [InlineData(Api + "/evidence/0197a6a0-0000-7000-8000-000000000000")]
    public async Task AnotherEngagementsRespondent_Gets404_AndNothingOfTogo(string path)
    {
        using var energy = await app.SignedIn("energy@demo.rempart.example", "en");
        using var response = await energy.GetAsync(U(path), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var body = await response.Content.ReadAsStringAsync(Ct);
        body.Should().NotContain("TGO-2023-R0").And.NotContain("TGO-2023-TA").And.NotContain("Legal and regulatory workshop").And.NotContain("Define critical infrastructure");
    }

    [Fact]
    public async Task AnotherEngagementsRespondent_Gets404_OnEveryWrite()
    {
        using var energy = await app.SignedIn("energy@demo.rempart.example", "en");
        var writes = new List<HttpResponseMessage>
        {
            await energy.PostAsJsonAsync($"{Api}/recommendations/4/reports", new { asOf = Today, status = "InProgress", progress = 10, note = "x", concurrencyStamp = Guid.Empty }, Ct),
            await energy.PostAsJsonAsync($"{Api}/recommendations/4/measurements", new { indicator = 1, asOf = Today, value = "1" }, Ct),
            await energy.PutAsJsonAsync($"{Api}/recommendations/4/milestones/1", new { reachedOn = Today }, Ct),
            await energy.DeleteAsync(U($"{Api}/recommendations/4/milestones/1"), Ct),
            await energy.PostAsJsonAsync($"{Api}/activities/1/funding", new { donor = "france", kind = "Commitment", amount = 1, currency = "EUR", date = Today }, Ct),
            await energy.DeleteAsync(U($"{Api}/activities/1/funding/0197a6a0-0000-7000-8000-000000000000"), Ct),
            await energy.PostAsJsonAsync($"{Api}/review", new { label = "x" }, Ct),
        };
        foreach (var response in writes)
        {
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, response.RequestMessage!.RequestUri!.ToString());
            (await response.Content.ReadAsStringAsync(Ct)).Should().NotContain("TGO-2023-R0");
            response.Dispose();
        }
    }

    [Fact]
    public async Task Officer_StartsTheFollowUpAssessment_OnlyAfterConfirming()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        await SwitchToAsync(officer, "en");
        var html = await AppFixture.PostPageFormHtmlAsync(officer, Dashboard, "review", new Dictionary<string, string> { ["Review.Label"] = "Baseline 2023" });
        html.Should().Contain("Tick the box to confirm");
        using var respondent = await app.SignedIn("togo@demo.rempart.example", "en");
        (await HtmlAsync(respondent, Dashboard)).Should().NotContain("Start the follow-up assessment");
        using var refused = await respondent.PostAsJsonAsync($"{Api}/review", new { label = "x" }, Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [GeneratedRegex("href=\"(/api/v1/engagements/TGO-2023/monitoring/evidence/[0-9a-f-]+)\">attendance.pdf</a>")]
    private static partial Regex EvidenceLink();

    [GeneratedRegex("name=\"Input.Stamp\" value=\"([0-9a-f-]+)\"")]
    private static partial Regex StampField();
}
