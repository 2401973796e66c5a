using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Documents;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Scoring;

/// <summary>The scores page, its tables and charts, overrides from the page, and who may see them.</summary>
public sealed class ScoringWebTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScoresPage_ShowsCoverageBesideEveryScore_TheFormula_AndEachChartWithItsNumbers()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        using var response = await coordinator.GetAsync(new Uri("/engagements/CIV-2024/scores", UriKind.Relative), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        html.Should().Contain("Notes, écarts et priorités").And.Contain("Indice de priorité = écart × importance").And.Contain("Cadre législatif");
        html.Should().MatchRegex(@"\d+ % \(\d+ sur \d+\)", "coverage is shown beside each score");
        System.Text.RegularExpressions.Regex.Count(html, "<svg").Should().BeGreaterThanOrEqualTo(3);
        html.Should().Contain("Les chiffres", "every chart has its data table");
        html.Should().NotContain("<script");
    }

    [Fact]
    public async Task A_need_is_traced_to_its_provisions_with_their_verification_and_to_the_findings_that_name_it()
    {
        // A question named by a finding of the demo consultations, with its provisions in the pinned catalog.
        string question;
        Rempart.Core.Catalog.Provision[] provisions;
        string reference;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var officer = new Rempart.Core.Access.Viewer(
                (await services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Rempart.Core.Access.RempartUser>>().FindByEmailAsync("officer@demo.rempart.example"))!.Id,
                new HashSet<string> { Rempart.Core.Access.RoleNames.ProgrammeOfficer });
            var finding = (await services.GetRequiredService<Rempart.Core.Engagements.FindingService>().ListAsync(officer, "CIV-2024", cancellationToken: Ct)).First(f => f.Questions.Count > 0);
            (question, reference) = (finding.Questions[0], finding.Reference);
            var catalogs = services.GetRequiredService<Rempart.Core.Catalog.CatalogService>();
            var engagement = services.GetRequiredService<Rempart.Core.Data.AppDbContext>().Engagements.Single(e => e.Code == "CIV-2024").Id;
            var catalog = await catalogs.GetAsync((await catalogs.PinnedKeyAsync(engagement, Ct))!, Ct);
            var ids = catalog.Questions.Single(q => q.Id == question).Provisions;
            provisions = [.. catalog.Instruments.SelectMany(i => i.Provisions).Where(p => ids.Contains(p.Id))];
        }

        provisions.Should().NotBeEmpty();
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        var html = WebUtility.HtmlDecode(await coordinator.GetStringAsync(new Uri($"/engagements/CIV-2024/scores/{question}", UriKind.Relative), Ct));
        html.Should().Contain("Sur quoi cela repose").And.Contain($"Dispositions ({provisions.Length})").And.Contain(reference);
        foreach (var provision in provisions)
        {
            html.Should().Contain($"/provisions/{provision.Id}").And.Contain(provision.Paraphrase.Get("fr"));
        }

        var toVerify = provisions.Count(p => p.Verification == Rempart.Core.Catalog.Verification.ToVerify);
        if (toVerify > 0)
        {
            html.Should().Contain($"Numéros de paragraphe encore à vérifier sur le texte officiel : {toVerify}.");
        }
    }

    [Fact]
    public async Task Tables_DownloadAsCsvInTheReadersConventions_AndAsXlsx_ChartsAsPng()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        var csv = await coordinator.GetByteArrayAsync(new Uri("/api/v1/engagements/CIV-2024/scores/tables/frameworks.csv?language=fr", UriKind.Relative), Ct);
        csv[..3].Should().Equal(Encoding.UTF8.GetPreamble(), "Excel reads accents in UTF-8 with a BOM");
        var text = Encoding.UTF8.GetString(csv[3..]);
        text.Should().StartWith("Identifiant;Nom;Note (0-4)").And.Contain("Cadre réglementaire;");
        var english = Encoding.UTF8.GetString(await coordinator.GetByteArrayAsync(new Uri("/api/v1/engagements/CIV-2024/scores/tables/priorities.csv?language=en", UriKind.Relative), Ct));
        english.Should().Contain("Question,Framework,Theme,Text,National level,Target,Gap");

        var workbook = await coordinator.GetByteArrayAsync(new Uri("/api/v1/engagements/CIV-2024/scores/workbook.xlsx?language=fr", UriKind.Relative), Ct);
        TabularFile.ReadSheets(workbook, "scores.xlsx").Select(s => s.Name).Should().Contain(["frameworks", "needs", "priorities", "entities"]);
        using var png = await coordinator.GetAsync(new Uri("/api/v1/engagements/CIV-2024/scores/charts/heatmap.png?language=en", UriKind.Relative), Ct);
        png.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        (await png.Content.ReadAsByteArrayAsync(Ct))[..4].Should().Equal(0x89, 0x50, 0x4E, 0x47);
        (await coordinator.GetAsync(new Uri("/api/v1/engagements/CIV-2024/scores/tables/secrets.csv", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("donor@demo.rempart.example", "/engagements/CIV-2024/scores", HttpStatusCode.Forbidden)]
    [InlineData("donor@demo.rempart.example", "/api/v1/engagements/CIV-2024/scores", HttpStatusCode.Forbidden)]
    [InlineData("togo@demo.rempart.example", "/engagements/CIV-2024/scores", HttpStatusCode.NotFound)]
    [InlineData("togo@demo.rempart.example", "/api/v1/engagements/CIV-2024/scores/tables/needs.csv", HttpStatusCode.NotFound)]
    [InlineData("togo@demo.rempart.example", "/api/v1/engagements/CIV-2024/scores/charts/radar.svg", HttpStatusCode.NotFound)]
    [InlineData("energy@demo.rempart.example", "/api/v1/engagements/CIV-2024/scores/workbook.xlsx", HttpStatusCode.Forbidden)]
    public async Task Scores_AreNeedToKnow(string who, string path, HttpStatusCode expected)
    {
        using var client = await app.SignedIn(who);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        response.StatusCode.Should().Be(expected);
        (await response.Content.ReadAsStringAsync(Ct)).Should().NotContain("Cadre législatif").And.NotContain("Legislative framework");
    }

    [Fact]
    public async Task TargetAndPriority_ChangedFromThePage_WithAReasonKeptInTheHistory()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        var card = await coordinator.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/scores", Ct);
        var need = card.GetProperty("questions").EnumerateArray().First(q => q.GetProperty("status").GetString() == "Need");
        var id = need.GetProperty("question").GetProperty("id").GetString()!;
        var html = await AppFixture.PostPageFormHtmlAsync(coordinator, $"/engagements/CIV-2024/scores/{id}", "target", new Dictionary<string, string>
        {
            ["TargetForm.Level"] = "4", ["TargetForm.Reason"] = "Engagement pris lors de la validation nationale",
        });
        html.Should().Contain("Cible enregistrée").And.Contain("cible fixée à 4").And.Contain("Engagement pris lors de la validation nationale");
        html = await AppFixture.PostPageFormHtmlAsync(coordinator, $"/engagements/CIV-2024/scores/{id}", "priority", new Dictionary<string, string>
        {
            ["PriorityForm.Band"] = "High", ["PriorityForm.Reason"] = "",
        });
        html.Should().Contain("dites pourquoi", "an override without a reason is refused");
        var history = await coordinator.GetFromJsonAsync<JsonElement>($"/api/v1/engagements/CIV-2024/scores/questions/{id}/history", Ct);
        history.GetArrayLength().Should().Be(1);
    }
}
