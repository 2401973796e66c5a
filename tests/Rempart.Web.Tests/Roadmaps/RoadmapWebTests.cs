using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Rempart.Web.Tests.Cli;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Roadmaps;

/// <summary>The roadmap from its page (no script), its documents, the CLI, and who may see it.</summary>
public sealed class RoadmapWebTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Officer_GeneratesEditsAndSubmits_CoordinatorValidates_ThePageShowsEachStep()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var html = await AppFixture.PostPageFormHtmlAsync(officer, "/engagements/CIV-2024/roadmap", "generate", new() { ["ConfirmRegenerate"] = "true" });
        html.Should().Contain("Draft generated.").And.MatchRegex("CIV-2024-R[0-9]{2}").And.Contain("Legislative framework");
        var plan = await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/roadmap", Ct);
        var first = plan.GetProperty("recommendations")[0].GetProperty("recommendation");
        var id = first.GetProperty("id").GetString();
        var stamp = plan.GetProperty("concurrencyStamp").GetString()!;

        html = await AppFixture.PostPageFormHtmlAsync(officer, $"/engagements/CIV-2024/roadmap/{id}", "edit", new Dictionary<string, string>
        {
            ["Input.Stamp"] = stamp, ["Input.TitleFr"] = "Adopter un régime juridique des infrastructures critiques", ["Input.TitleEn"] = first.GetProperty("titleEn").GetString()!,
            ["Input.TextFr"] = first.GetProperty("textFr").GetString()!, ["Input.TextEn"] = first.GetProperty("textEn").GetString()!, ["Input.Lead"] = "MIS",
            ["Input.Supporting"] = "MJDH, CNS", ["Input.Priority"] = "High", ["Input.Horizon"] = "short", ["Input.CostMin"] = "30000", ["Input.CostMax"] = "80000",
        });
        html.Should().Contain("Saved as a new revision.");
        var stale = await AppFixture.PostPageFormHtmlAsync(officer, $"/engagements/CIV-2024/roadmap/{id}", "edit", new Dictionary<string, string>
        {
            ["Input.Stamp"] = stamp, ["Input.TitleFr"] = "Autre titre", ["Input.TitleEn"] = "Other", ["Input.TextFr"] = "x", ["Input.TextEn"] = "x", ["Input.Priority"] = "Low", ["Input.Horizon"] = "long",
        });
        stale.Should().Contain("Someone else changed the roadmap", "an edit based on an old read never overwrites");

        var diff = WebUtility.HtmlDecode(await officer.GetStringAsync(new Uri("/engagements/CIV-2024/roadmap/revisions", UriKind.Relative), Ct));
        diff.Should().Contain("title (French)").And.Contain("Adopter un régime juridique des infrastructures critiques").And.Contain("indicative cost");

        // Splitting from the recommendation's page leads to the plan, saying so (the split one is history now).
        plan = await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/roadmap", Ct);
        var second = plan.GetProperty("recommendations")[1].GetProperty("recommendation").GetProperty("id").GetString();
        using (var split = await AppFixture.PostPageFormAsync(officer, $"/engagements/CIV-2024/roadmap/{second}", "split", new Dictionary<string, string>
        {
            ["Parts.Stamp"] = plan.GetProperty("concurrencyStamp").GetString()!, ["Parts.Fr[0]"] = "Première partie", ["Parts.En[0]"] = "First part",
            ["Parts.Fr[1]"] = "Seconde partie", ["Parts.En[1]"] = "Second part",
        }))
        {
            split.StatusCode.Should().Be(HttpStatusCode.Found, "a split that succeeded is not a 'not found'");
            split.Headers.Location!.OriginalString.Should().EndWith("/engagements/CIV-2024/roadmap");
        }

        var after = WebUtility.HtmlDecode(await officer.GetStringAsync(new Uri("/engagements/CIV-2024/roadmap", UriKind.Relative), Ct));
        after.Should().Contain("First part").And.Contain("Second part");

        plan = await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/roadmap", Ct);
        html = await AppFixture.PostPageFormHtmlAsync(officer, "/engagements/CIV-2024/roadmap", "transition", new Dictionary<string, string>
        {
            ["Move.Stamp"] = plan.GetProperty("concurrencyStamp").GetString()!, ["Move.To"] = "Submitted",
        });
        html.Should().Contain("submitted for national validation").And.NotContain("Validate on behalf of the country", "an officer cannot validate for the country");

        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        var page = WebUtility.HtmlDecode(await coordinator.GetStringAsync(new Uri("/engagements/CIV-2024/roadmap", UriKind.Relative), Ct));
        page.Should().Contain("Valider au nom du pays");
        // The coordinator, who validates without editing, reads what each recommendation asks, of whom, how soon and at what cost.
        var recommendation = WebUtility.HtmlDecode(await coordinator.GetStringAsync(new Uri($"/engagements/CIV-2024/roadmap/{id}", UriKind.Relative), Ct));
        recommendation.Should().Contain("Coût indicatif").And.Contain("30\u202F000 – 80\u202F000 USD").And.Contain(first.GetProperty("textFr").GetString()!).And.Contain("MIS");
        using var energy = await app.SignedIn("energy@demo.rempart.example");
        (await energy.GetAsync(new Uri("/api/v1/engagements/CIV-2024/roadmap", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "a respondent reads the plan once validated");
        plan = await coordinator.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/roadmap", Ct);
        using var validate = await coordinator.PostAsJsonAsync("/api/v1/engagements/CIV-2024/roadmap/state", new { to = "Validated", concurrencyStamp = plan.GetProperty("concurrencyStamp").GetString() }, Ct);
        validate.StatusCode.Should().Be(HttpStatusCode.OK);
        (await energy.GetAsync(new Uri("/api/v1/engagements/CIV-2024/roadmap", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        using var docx = await officer.GetAsync(new Uri("/api/v1/engagements/CIV-2024/roadmap/document.docx?language=fr", UriKind.Relative), Ct);
        docx.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        using var word = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync(Ct)), false);
        word.MainDocumentPart!.Document.Body!.InnerText.Should().Contain("Adopter un régime juridique des infrastructures critiques").And.Contain("Feuille de route, validée par le coordonnateur national");
    }

    [Theory]
    [InlineData("togo@demo.rempart.example", "/engagements/CIV-2024/roadmap", HttpStatusCode.NotFound)]
    [InlineData("togo@demo.rempart.example", "/api/v1/engagements/CIV-2024/roadmap/document.docx", HttpStatusCode.NotFound)]
    [InlineData("donor@demo.rempart.example", "/api/v1/engagements/CIV-2024/roadmap/document.md", HttpStatusCode.Forbidden)]
    [InlineData("auditor@demo.rempart.example", "/api/v1/engagements/CIV-2024/roadmap/document.xyz", HttpStatusCode.NotFound)]
    public async Task RoadmapDocuments_AreNeedToKnow(string who, string path, HttpStatusCode expected)
    {
        using (var officer = await app.SignedIn("officer@demo.rempart.example"))
        {
            if ((await officer.GetAsync(new Uri("/api/v1/engagements/CIV-2024/roadmap", UriKind.Relative), Ct)).StatusCode == HttpStatusCode.NotFound)
            {
                (await officer.PostAsync(new Uri("/api/v1/engagements/CIV-2024/roadmap/generate", UriKind.Relative), null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
            }
        }

        using var client = await app.SignedIn(who);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        response.StatusCode.Should().Be(expected);
        (await response.Content.ReadAsStringAsync(Ct)).Should().NotContain("CIV-2024-R");
    }

    [Fact]
    public async Task Cli_RendersTheRoadmapWithProgress_AndNamesTheFile()
    {
        using (var officer = await app.SignedIn("officer@demo.rempart.example"))
        {
            if ((await officer.GetAsync(new Uri("/api/v1/engagements/CIV-2024/roadmap", UriKind.Relative), Ct)).StatusCode == HttpStatusCode.NotFound)
            {
                await officer.PostAsync(new Uri("/api/v1/engagements/CIV-2024/roadmap/generate", UriKind.Relative), null, Ct);
            }
        }

        var file = Path.Combine(Path.GetTempPath(), $"rempart-{Guid.NewGuid():N}.md");
        try
        {
            var (code, output, error) = await CliRun.RunAsync(app.Database, "roadmap", "render", "--engagement", "CIV-2024", "--lang", "en", "--format", "md",
                "--as", "officer@demo.rempart.example", "--out", file, "--language", "en");
            code.Should().Be(0, error);
            output.Should().Contain("Rendering the roadmap").And.Contain("100%").And.Contain(file);
            (await File.ReadAllTextAsync(file, Ct)).Should().Contain("# ").And.MatchRegex("CIV-2024-R[0-9]{2}").And.Contain("TLP:AMBER");
            (code, _, error) = await CliRun.RunAsync(app.Database, "roadmap", "render", "--engagement", "CIV-2024", "--as", "togo@demo.rempart.example", "--out", file);
            code.Should().Be(1);
            error.Should().NotBeEmpty();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
