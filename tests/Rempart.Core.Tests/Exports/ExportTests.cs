using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Exports;
using Rempart.Core.Monitoring;
using Rempart.Core.Roadmaps;
using Rempart.Core.Tests.Questionnaires;

namespace Rempart.Core.Tests.Exports;

/// <summary>The CIV demo plan adopted on a test clock, followed for six weeks, with three activities: shared by tests that only read.</summary>
public sealed class ExportWorld : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    internal DemoWorld World { get; private set; } = default!;

    public RoadmapView Plan { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        World = await DemoWorld.CreateAsync(Time);
        Plan = await ExportSupport.AdoptAndFollowAsync(World.Services, () => Time.Advance(TimeSpan.FromDays(45)));
    }

    public async ValueTask DisposeAsync() => await World.DisposeAsync();
}

/// <summary>OSCAL, IATI and list exports of the followed plan: complete, valid, stable where they should be, and scrubbed for each reader.</summary>
public sealed class ExportTests(ExportWorld shared) : IClassFixture<ExportWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DemoWorld World => shared.World;

    private Task<ExportFile> Export(string who, Func<ExportService, Viewer, Task<ExportFile>> export) =>
        World.With(async s => await export(s.GetRequiredService<ExportService>(), await World.ViewerAsync(who)));

    private static JsonNode Json(ExportFile file) => JsonNode.Parse(file.Content)!;

    [Fact]
    public async Task Iati_ValidatesAgainstTheOfficialSchema_AndADonorGetsOnlyFundedActivitiesAtGreen()
    {
        var officer = await Export("officer", (e, v) => e.IatiAsync(v, "CIV-2024", cancellationToken: Ct));
        var donor = await Export("donor", (e, v) => e.IatiAsync(v, "CIV-2024", cancellationToken: Ct));

        officer.ContentType.Should().Be("application/xml");
        officer.FileName.Should().Be("CIV-2024-iati.xml");
        ExportSupport.ValidateIati(officer.Content).Should().BeEmpty("the file follows the IATI 2.03 schema, children in its order");
        ExportSupport.ValidateIati(donor.Content).Should().BeEmpty();
        var misordered = ExportSupport.Xml(officer.Content);
        var title = misordered.Descendants("title").First();
        title.Remove();
        misordered.Descendants("description").First().AddAfterSelf(title);
        using (var stream = new MemoryStream())
        {
            misordered.Save(stream);
            ExportSupport.ValidateIati(stream.ToArray()).Should().NotBeEmpty("the check does see the schema's order");
        }

        var xml = ExportSupport.Xml(officer.Content);
        xml.Root!.Attribute("version")!.Value.Should().Be("2.03");
        xml.Root.Attribute("generated-datetime").Should().NotBeNull();
        var ids = xml.Descendants("iati-identifier").Select(i => i.Value).ToList();
        ids.Should().Equal("XM-DAC-41CTED-CIV-2024-TA01", "XM-DAC-41CTED-CIV-2024-TA02", "XM-DAC-41CTED-CIV-2024-TA03");
        var workshop = xml.Descendants("iati-activity").First();
        workshop.Element("reporting-org")!.Attribute("ref")!.Value.Should().Be(ExportSupport.LeadIatiRef);
        workshop.Element("title")!.Elements("narrative").Select(n => n.Attribute(XNamespace.Xml + "lang")!.Value).Should().Equal("en", "fr");
        workshop.Element("title")!.Elements("narrative").Last().Value.Should().Be("Atelier national sur le droit des infrastructures critiques");
        workshop.Elements("participating-org").Select(p => p.Attribute("role")!.Value).Should().Equal("1", "4", "4");
        workshop.Elements("participating-org").First().Attribute("ref")!.Value.Should().Be(ExportSupport.DonorIatiRef);
        workshop.Element("activity-status")!.Attribute("code")!.Value.Should().Be("4", "completed and ended before today");
        workshop.Elements("activity-date").Select(d => d.Attribute("type")!.Value).Should().BeEquivalentTo(["1", "2", "3", "4"]);
        workshop.Element("recipient-country")!.Attribute("code")!.Value.Should().Be("CI");
        workshop.Element("sector")!.Attribute("code")!.Value.Should().Be("15210");
        var transactions = workshop.Elements("transaction").ToList();
        transactions.Select(t => t.Element("transaction-type")!.Attribute("code")!.Value).Should().Equal("2", "3");
        transactions[1].Element("value")!.Value.Should().Be("30000.50");
        transactions[1].Element("value")!.Attribute("currency")!.Value.Should().Be("EUR");
        transactions[1].Element("provider-org")!.Attribute("ref")!.Value.Should().Be(ExportSupport.DonorIatiRef);
        xml.Descendants("activity-status").Select(s => s.Attribute("code")!.Value).Should().Equal("4", "2", "1");
        // An organisation appears once per role in an activity (a donor also named as a partner is not listed twice as a funder).
        foreach (var activity in xml.Descendants("iati-activity"))
        {
            activity.Elements("participating-org").Select(p => (p.Attribute("ref")?.Value, p.Attribute("role")!.Value)).Should().OnlyHaveUniqueItems();
        }

        var donorIds = ExportSupport.Xml(donor.Content).Descendants("iati-identifier").Select(i => i.Value).ToList();
        donorIds.Should().Equal(["XM-DAC-41CTED-CIV-2024-TA01"], "the TLP:AMBER training and the unfunded mission are not the donor's to see");
        Encoding.UTF8.GetString(donor.Content).Should().NotContain("Restricted training").And.NotContain("Unfunded expert mission");

        // A file for publication: the officer asks for the activities at or below a label, and gets only those.
        var published = await Export("officer", (e, v) => e.IatiAsync(v, "CIV-2024", "green", Ct));
        ExportSupport.ValidateIati(published.Content).Should().BeEmpty();
        Tlp.Within(published.Classification, Tlp.Green).Should().BeTrue();
        var publishedIds = ExportSupport.Xml(published.Content).Descendants("iati-identifier").Select(i => i.Value).ToList();
        publishedIds.Should().NotBeEmpty().And.BeSubsetOf(ids).And.NotContain("XM-DAC-41CTED-CIV-2024-TA02");
        Encoding.UTF8.GetString(published.Content).Should().NotContain("Restricted training");
        var unknown = () => Export("officer", (e, v) => e.IatiAsync(v, "CIV-2024", "TLP:PURPLE", Ct));
        (await unknown.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Classification.Invalid");
    }

    [Fact]
    public async Task Iati_WithoutTheLeadOrganisationsIatiRef_IsRefusedNamingItInBothLanguages()
    {
        await using var world = await DemoWorld.CreateAsync();
        await ExportSupport.AdoptAndFollowAsync(world.Services, leadIatiRef: false);
        var export = () => world.With(async s => await s.GetRequiredService<ExportService>().IatiAsync(await world.ViewerAsync("officer"), "CIV-2024", cancellationToken: Ct));
        var refused = (await export.Should().ThrowAsync<DomainRuleException>()).Which;
        refused.Code.Should().Be("Export.Iati.NoRef");
        refused.MessageIn(CultureInfo.GetCultureInfo("en")).Should().Contain("Counter-Terrorism Committee Executive Directorate").And.Contain("IATI reference").And.Contain("CIV-2024");
        refused.MessageIn(CultureInfo.GetCultureInfo("fr")).Should().Contain("Direction exécutive du Comité contre le terrorisme").And.Contain("référence IATI");
    }

    [Fact]
    public async Task OscalPoam_HasEveryRequiredField_AndEveryUuidIsWellFormedUniqueAndResolves()
    {
        var file = await Export("officer", (e, v) => e.OscalPoamAsync(v, "CIV-2024", "en", Ct));
        file.ContentType.Should().Be("application/json");
        file.FileName.Should().Be("CIV-2024-poam.json");
        var document = Json(file);
        var poam = document["plan-of-action-and-milestones"]!;
        var missing = new List<string>();
        missing.AddRange(ExportSupport.Missing(poam, "root", "uuid", "metadata", "system-id", "poam-items", "observations", "risks", "findings", "back-matter"));
        missing.AddRange(ExportSupport.Missing(poam["metadata"], "metadata", "title", "last-modified", "version", "oscal-version", "parties", "roles", "responsible-parties"));
        missing.AddRange(ExportSupport.Missing(poam["system-id"], "system-id", "identifier-type", "id"));
        foreach (var o in poam["observations"]!.AsArray())
        {
            missing.AddRange(ExportSupport.Missing(o, "observation", "uuid", "description", "methods", "collected"));
        }

        foreach (var f in poam["findings"]!.AsArray())
        {
            missing.AddRange(ExportSupport.Missing(f, "finding", "uuid", "title", "description", "target"));
            missing.AddRange(ExportSupport.Missing(f!["target"], "finding.target", "type", "target-id", "status"));
            ((string?)f["target"]!["status"]!["state"]).Should().Be("not-satisfied");
            ((string?)f["target"]!["type"]).Should().Be("objective-id");
        }

        foreach (var r in poam["risks"]!.AsArray())
        {
            missing.AddRange(ExportSupport.Missing(r, "risk", "uuid", "title", "description", "statement", "status", "remediations", "characterizations"));
            foreach (var remediation in r!["remediations"]!.AsArray())
            {
                missing.AddRange(ExportSupport.Missing(remediation, "remediation", "uuid", "lifecycle", "title", "description", "tasks"));
                foreach (var t in remediation!["tasks"]!.AsArray())
                {
                    missing.AddRange(ExportSupport.Missing(t, "task", "uuid", "type", "title", "timing", "responsible-roles"));
                }
            }
        }

        foreach (var i in poam["poam-items"]!.AsArray())
        {
            missing.AddRange(ExportSupport.Missing(i, "poam-item", "uuid", "title", "description", "props", "related-findings", "related-risks"));
        }

        foreach (var resource in poam["back-matter"]!["resources"]!.AsArray())
        {
            missing.AddRange(ExportSupport.Missing(resource, "resource", "uuid", "title"));
        }

        missing.Should().BeEmpty();
        ExportSupport.UuidProblems(document).Should().BeEmpty();
        ((string?)poam["metadata"]!["oscal-version"]).Should().Be("1.2.2");
        ((string?)poam["metadata"]!["version"]).Should().MatchRegex("^1\\.[0-9]+$", "edition.revision");
        ((string?)poam["system-id"]!["id"]).Should().Be("CIV-2024");

        var plan = shared.Plan;
        poam["poam-items"]!.AsArray().Should().HaveCount(plan.Recommendations.Count);
        poam["risks"]!.AsArray().Should().HaveCount(plan.Recommendations.Count);
        poam["findings"]!.AsArray().Select(f => (string?)f!["target"]!["target-id"]).Should().BeEquivalentTo(plan.Recommendations.SelectMany(r => r.Recommendation.Questions).Distinct());
        var parties = poam["metadata"]!["parties"]!.AsArray();
        parties.Select(p => (string?)p!["short-name"]).Should().Contain(["MAE", "cted", "france"]);
        poam["observations"]!.AsArray().Select(o => (string?)o!["title"]).Should().OnlyContain(t => t!.StartsWith("F-", StringComparison.Ordinal));
        poam["observations"]!.AsArray().Should().Contain(o => o!["origins"] != null, "an observation's origin is the entity that spoke");

        var first = plan.Recommendations[0];
        var item = poam["poam-items"]!.AsArray().Single(i => i!["props"]!.AsArray().Any(p => (string?)p!["name"] == "code" && (string?)p["value"] == first.Code))!;
        string? Prop(string name) => (string?)item["props"]!.AsArray().FirstOrDefault(p => (string?)p!["name"] == name)?["value"];
        Prop("implementation-status").Should().Be("InProgress");
        Prop("progress").Should().Be("30");
        Prop("priority").Should().Be(first.Recommendation.Priority.ToString().ToLowerInvariant());
        ((string?)item["title"]).Should().Be(first.Recommendation.TitleEn);
        var risk = poam["risks"]!.AsArray().Single(r => (string?)r!["uuid"] == (string?)item["related-risks"]![0]!["risk-uuid"])!;
        ((string?)risk["status"]).Should().Be("remediating");
        var task = risk["remediations"]![0]!["tasks"]![0]!;
        ((string?)task["type"]).Should().Be("milestone");
        var adopted = DateOnly.FromDateTime(ExportWorld.Start.UtcDateTime);
        ((string?)task["timing"]!["on-date"]!["date"]).Should().Be(adopted.AddMonths(first.Recommendation.Milestones[0].Month).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z");
        var leadParty = parties.Single(p => (string?)p!["short-name"] == first.Lead)!;
        ((string?)task["responsible-roles"]![0]!["party-uuids"]![0]).Should().Be((string?)leadParty["uuid"]);
        poam["risks"]!.AsArray().Where(r => r!["deadline"] != null).Should().NotBeEmpty("short and medium horizons have deadlines");
    }

    [Fact]
    public async Task OscalPoam_InFrench_TakesTheFrenchTitles()
    {
        var poam = Json(await Export("auditor", (e, v) => e.OscalPoamAsync(v, "CIV-2024", "fr", Ct)))["plan-of-action-and-milestones"]!;
        ((string?)poam["metadata"]!["title"]).Should().StartWith("Plan d'action national");
        poam["poam-items"]!.AsArray().Select(i => (string?)i!["title"]).Should().BeEquivalentTo(shared.Plan.Recommendations.Select(r => r.Recommendation.TitleFr));
        poam["metadata"]!["roles"]!.AsArray().Select(r => (string?)r!["title"]).Should().Contain("Entité nationale cheffe de file");
    }

    [Fact]
    public async Task OscalPoam_RootUuidChangesWithTheContent_ItemUuidsStay()
    {
        await using var world = await DemoWorld.CreateAsync(new FakeTimeProvider(ExportWorld.Start));
        var plan = await ExportSupport.AdoptAndFollowAsync(world.Services);
        var officer = await world.ViewerAsync("officer");
        Task<JsonNode> PoamAsync() => world.With(async s => JsonNode.Parse((await s.GetRequiredService<ExportService>().OscalPoamAsync(officer, "CIV-2024", "en", Ct)).Content)!["plan-of-action-and-milestones"]!);
        static List<string> Items(JsonNode poam, string collection) => [.. poam[collection]!.AsArray().Select(i => (string)i!["uuid"]!)];

        var before = await PoamAsync();
        var again = await PoamAsync();
        ((string?)again["uuid"]).Should().Be((string?)before["uuid"], "the same content gives the same document uuid");

        var tracked = await world.With(s => s.GetRequiredService<MonitoringService>().OverviewAsync(officer, "CIV-2024", Ct));
        var item = tracked.Items.Single(i => i.Recommendation.Number == plan.Recommendations[0].Recommendation.Number);
        await world.With(s => s.GetRequiredService<MonitoringService>().ReportAsync(officer, "CIV-2024", item.Recommendation.Number,
            new ProgressInput(tracked.Today, ImplementationStatus.InProgress, 55, "Decree adopted in first reading.", null), item.ConcurrencyStamp, Ct));
        var after = await PoamAsync();

        ((string?)after["uuid"]).Should().NotBe((string?)before["uuid"], "OSCAL asks for a new document uuid whenever the content changes");
        Items(after, "poam-items").Should().Equal(Items(before, "poam-items"));
        Items(after, "risks").Should().Equal(Items(before, "risks"));
        Items(after, "findings").Should().Equal(Items(before, "findings"));
        Items(after, "observations").Should().Equal(Items(before, "observations"));
        after.ToJsonString().Should().Contain("\"55\"");
    }

    [Fact]
    public async Task OscalAssessmentResults_HasEveryRequiredField_FindingsFollowTheTargets_AndReferencesResolve()
    {
        var file = await Export("coordinator", (e, v) => e.OscalResultsAsync(v, "CIV-2024", "en", Ct));
        file.FileName.Should().Be("CIV-2024-assessment-results.json");
        var document = Json(file);
        var ar = document["assessment-results"]!;
        var missing = new List<string>();
        missing.AddRange(ExportSupport.Missing(ar, "root", "uuid", "metadata", "import-ap", "results", "back-matter"));
        missing.AddRange(ExportSupport.Missing(ar["metadata"], "metadata", "title", "last-modified", "version", "oscal-version"));
        missing.AddRange(ExportSupport.Missing(ar["import-ap"], "import-ap", "href"));
        var result = ar["results"]![0]!;
        missing.AddRange(ExportSupport.Missing(result, "result", "uuid", "title", "description", "start", "reviewed-controls", "observations", "findings", "risks"));
        missing.AddRange(ExportSupport.Missing(result["reviewed-controls"], "reviewed-controls", "control-selections"));
        foreach (var o in result["observations"]!.AsArray())
        {
            missing.AddRange(ExportSupport.Missing(o, "observation", "uuid", "description", "methods", "collected"));
            o!["methods"]!.AsArray().Select(m => (string?)m).Should().OnlyContain(m => m == "INTERVIEW" || m == "EXAMINE");
        }

        foreach (var f in result["findings"]!.AsArray())
        {
            missing.AddRange(ExportSupport.Missing(f, "finding", "uuid", "title", "description", "target", "related-observations"));
        }

        foreach (var r in result["risks"]!.AsArray())
        {
            missing.AddRange(ExportSupport.Missing(r, "risk", "uuid", "title", "description", "statement", "status"));
        }

        missing.Should().BeEmpty();
        ExportSupport.UuidProblems(document).Should().BeEmpty();
        ((string)ar["import-ap"]!["href"]!).Should().StartWith("#");

        var card = await World.With(async s => await s.GetRequiredService<Rempart.Core.Scoring.ScoringService>().ScoreAsync(await World.ViewerAsync("officer"), "CIV-2024", Ct));
        var states = result["findings"]!.AsArray().ToDictionary(f => (string)f!["target"]!["target-id"]!, f => (string)f!["target"]!["status"]!["state"]!);
        states.Should().NotBeEmpty();
        foreach (var q in card.Questions.Where(q => q.Level is not null && !q.NotApplicable))
        {
            states[q.Question.Id].Should().Be(q.Level >= q.Target ? "satisfied" : "not-satisfied", q.Question.Id);
        }

        states.Values.Should().Contain("satisfied").And.Contain("not-satisfied");
        result["reviewed-controls"]!["control-selections"]![0]!["include-controls"]!.AsArray().Select(c => (string?)c!["control-id"])
            .Should().BeEquivalentTo(result["observations"]!.AsArray().Select(o => (string?)o!["props"]![0]!["value"]));
        result["risks"]!.AsArray().Should().HaveCount(card.Priorities.Count(p => p.Level is not null));

        var french = Json(await Export("coordinator", (e, v) => e.OscalResultsAsync(v, "CIV-2024", "fr", Ct)))["assessment-results"]!;
        ((string?)french["metadata"]!["title"]).Should().StartWith("Résultats de l'évaluation");
    }

    [Theory]
    [InlineData("donor", "oscal-poam")]
    [InlineData("donor", "oscal-results")]
    [InlineData("energy", "oscal-poam")]
    [InlineData("energy", "oscal-results")]
    [InlineData("donor", "plan")]
    [InlineData("donor", "updates")]
    public async Task Exports_ThatAReaderMayNotTake_AreForbidden(string who, string what)
    {
        var export = () => Export(who, (e, v) => what switch
        {
            "oscal-poam" => e.OscalPoamAsync(v, "CIV-2024", "en", Ct),
            "oscal-results" => e.OscalResultsAsync(v, "CIV-2024", "en", Ct),
            _ => e.ListAsync(v, "CIV-2024", what, "csv", "en", Ct),
        });
        await export.Should().ThrowAsync<ForbiddenException>();
    }

    [Theory]
    [InlineData("oscal-poam")]
    [InlineData("iati")]
    [InlineData("activities")]
    public async Task Exports_OfAnotherEngagement_AreNotFound(string what)
    {
        var export = () => Export("togo", (e, v) => what switch
        {
            "oscal-poam" => e.OscalPoamAsync(v, "CIV-2024", "en", Ct),
            "iati" => e.IatiAsync(v, "CIV-2024", cancellationToken: Ct),
            _ => e.ListAsync(v, "CIV-2024", what, "csv", "en", Ct),
        });
        await export.Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task Lists_AreCsvWithBomAndCommas_OrXlsx_WithHeadersInTheReadersLanguage_AndScrubbed()
    {
        var plan = await Export("officer", (e, v) => e.ListAsync(v, "CIV-2024", "plan", "csv", "fr", Ct));
        plan.FileName.Should().Be("CIV-2024-plan.csv");
        plan.ContentType.Should().StartWith("text/csv");
        plan.Content.Take(3).Should().Equal(Encoding.UTF8.GetPreamble());
        var text = Encoding.UTF8.GetString(plan.Content[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("Recommandation,Titre,Entité cheffe de file,Horizon,Priorité");
        lines.Should().HaveCount(shared.Plan.Recommendations.Count + 1);
        text.Should().Contain(shared.Plan.Recommendations[0].Code).And.Contain("En cours").And.Contain(",30,");

        var english = Encoding.UTF8.GetString((await Export("officer", (e, v) => e.ListAsync(v, "CIV-2024", "updates", "csv", "en", Ct))).Content[3..]);
        english.Should().StartWith("Recommendation,As of,Status,Progress (%)").And.Contain("Decree draft 2025-014");

        var participants = Encoding.UTF8.GetString((await Export("officer", (e, v) => e.ListAsync(v, "CIV-2024", "participants", "csv", "en", Ct))).Content[3..]);
        participants.Should().Contain("\"Civil society, \"\"Abidjan\"\" chapter\",2,1,3", "RFC 4180: quoted, quotes doubled");

        foreach (var list in MonitoringLists.Names)
        {
            var file = await Export("officer", (e, v) => e.ListAsync(v, "CIV-2024", list, "xlsx", "en", Ct));
            file.FileName.Should().Be($"CIV-2024-{list}.xlsx");
            using var workbook = SpreadsheetDocument.Open(new MemoryStream(file.Content), false);
            workbook.WorkbookPart!.Workbook.Sheets!.ChildElements.Should().HaveCount(1, list);
        }

        var officerFunding = Encoding.UTF8.GetString((await Export("officer", (e, v) => e.ListAsync(v, "CIV-2024", "funding", "csv", "en", Ct))).Content);
        var donorFunding = Encoding.UTF8.GetString((await Export("donor", (e, v) => e.ListAsync(v, "CIV-2024", "funding", "csv", "en", Ct))).Content);
        officerFunding.Should().Contain("CIV-2024-TA02");
        donorFunding.Should().Contain("CIV-2024-TA01").And.NotContain("CIV-2024-TA02");
        var respondentActivities = Encoding.UTF8.GetString((await Export("energy", (e, v) => e.ListAsync(v, "CIV-2024", "activities", "csv", "en", Ct))).Content);
        respondentActivities.Should().Contain("CIV-2024-TA02", "a respondent reads up to TLP:AMBER").And.Contain("CIV-2024-TA03");

        var unknown = () => Export("officer", (e, v) => e.ListAsync(v, "CIV-2024", "secrets", "csv", "en", Ct));
        await unknown.Should().ThrowAsync<NotFoundException>();
    }
}
