using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rempart.Core.Questionnaires;
using Rempart.Web.Tests.Cli;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Questionnaires;

/// <summary>Questionnaires as people meet them: pages without script, the API, the CLI, and who sees what.</summary>
public sealed partial class QuestionnaireWebTests(AppFixture app) : IClassFixture<AppFixture>
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static Task<QuestionnaireView?> GetAsync(HttpClient client, string entity) =>
        client.GetFromJsonAsync<QuestionnaireView>($"/api/v1/engagements/CIV-2024/assignments/{entity}", Json, Ct);

    [Fact]
    public async Task Respondent_LandsOnTheirQuestionnaire_InFrench_WithEachLevelDescribed()
    {
        using var energy = await app.SignedIn("energy@demo.rempart.example");
        // Where signing in leads ("/"): one engagement to answer for, so straight to the questions; the list of
        // engagements is still at /engagements. Programme staff, who follow several, land on the list.
        using (var landing = await energy.GetAsync(new Uri("/", UriKind.Relative), Ct))
        {
            landing.StatusCode.Should().Be(HttpStatusCode.Found);
            landing.Headers.Location!.OriginalString.Should().EndWith("/engagements/CIV-2024/questionnaires/MMPE");
        }

        (await energy.GetAsync(new Uri("/engagements", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        using (var officer = await app.SignedIn("officer@demo.rempart.example"))
        {
            (await officer.GetAsync(new Uri("/", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var list = await FollowAsync(energy, await energy.GetAsync(new Uri("/engagements/CIV-2024/questionnaires", UriKind.Relative), Ct));
        list.RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/engagements/CIV-2024/questionnaires/MMPE", "a respondent goes straight to their own questionnaire");
        var html = WebUtility.HtmlDecode(await list.Content.ReadAsStringAsync(Ct));
        html.Should().Contain("Ministère des Mines, du Pétrole et de l'Énergie").And.Contain("Sans objet").And.Contain("Enregistrer toutes les réponses");
        var view = await GetAsync(energy, "MMPE");
        var first = view!.Items[0].Question;
        html.Should().Contain(first.Levels[3].Descriptor.Fr, "each level's descriptor is visible beside its choice");
        // Answering works without script (these tests post the plain form); the page's one script is its own, deferred.
        System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).Should().ContainSingle()
            .Which.Should().MatchRegex("^<script src=\"/js/drafts\\.[a-z0-9]+\\.js\" defer>$");
        (await list.Content.ReadAsByteArrayAsync(Ct)).Length.Should().BeLessThan(300_000, "a main page stays light on a slow connection");
    }

    [Theory]
    [InlineData("energy@demo.rempart.example", "/engagements/CIV-2024/questionnaires/ONPC")]
    [InlineData("energy@demo.rempart.example", "/api/v1/engagements/CIV-2024/assignments/ONPC")]
    [InlineData("energy@demo.rempart.example", "/api/v1/engagements/CIV-2024/assignments/ONPC/workbook")]
    [InlineData("togo@demo.rempart.example", "/engagements/CIV-2024/questionnaires")]
    [InlineData("togo@demo.rempart.example", "/engagements/CIV-2024/consolidation")]
    [InlineData("togo@demo.rempart.example", "/api/v1/engagements/CIV-2024/assignments")]
    [InlineData("togo@demo.rempart.example", "/api/v1/engagements/CIV-2024/consolidation")]
    [InlineData("togo@demo.rempart.example", "/api/v1/engagements/CIV-2024/assignments/MMPE/workbook")]
    public async Task OtherEntitiesAndOtherEngagements_AreNotFound_AndLeakNothing(string who, string path)
    {
        using var client = await app.SignedIn(who);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var body = await response.Content.ReadAsStringAsync(Ct);
        body.Should().NotContain("ONPC —").And.NotContain("Office National de la Protection Civile").And.NotContain("Ministère des Mines");
    }

    [Fact]
    public async Task Donor_SeesNoAnswers_AndMayNotConsolidate()
    {
        using var donor = await app.SignedIn("donor@demo.rempart.example");
        (await donor.GetFromJsonAsync<List<AssignmentView>>("/api/v1/engagements/CIV-2024/assignments", Json, Ct)).Should().BeEmpty();
        (await donor.GetAsync(new Uri("/api/v1/engagements/CIV-2024/consolidation", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await donor.GetAsync(new Uri("/api/v1/engagements/CIV-2024/assignments/MMPE", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnsweringPage_SavesWithoutScript_AndAConflictKeepsBothValuesOnScreen()
    {
        using var energy = await app.SignedIn("energy@demo.rempart.example");
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        var view = await GetAsync(energy, "MMPE");
        var index = view!.Items.ToList().FindIndex(i => !i.Answer.IsAnswered);
        var item = view.Items[index];
        // What a browser sends: every question's fields, as shown, with the one the respondent changed.
        var fields = BrowserFields(view);
        fields[$"Form.Items[{index}].Level"] = "2";
        fields[$"Form.Items[{index}].Comment"] = "Un arrêté est en préparation à Abidjan";
        var html = await AppFixture.PostPageFormHtmlAsync(energy, "/engagements/CIV-2024/questionnaires/MMPE", "answers", fields);
        html.Should().Contain("1 réponse(s) enregistrée(s)");
        var saved = (await GetAsync(energy, "MMPE"))!.Items[index].Answer;
        saved.Level.Should().Be(2);
        saved.Comment.Should().Be("Un arrêté est en préparation à Abidjan");
        saved.Channel.Should().Be(AnswerChannel.Web);

        // The coordinator changes it through the API; the respondent, still on the old page, saves again.
        using var put = await coordinator.PutAsJsonAsync($"/api/v1/engagements/CIV-2024/assignments/MMPE/answers/{item.Question.Id}",
            new AnswerInput(3, false, null, "Relevé en atelier", null, saved.ConcurrencyStamp), Json, Ct);
        put.StatusCode.Should().Be(HttpStatusCode.OK);
        fields[$"Form.Items[{index}].Stamp"] = saved.ConcurrencyStamp!.Value.ToString();
        fields[$"Form.Items[{index}].Level"] = "1";
        fields[$"Form.Items[{index}].Comment"] = "Mon texte à ne pas perdre";
        html = await AppFixture.PostPageFormHtmlAsync(energy, "/engagements/CIV-2024/questionnaires/MMPE", "answers", fields);
        html.Should().Contain("Quelqu'un d'autre a modifié").And.Contain("Relevé en atelier").And.Contain("Mon texte à ne pas perdre");
        (await GetAsync(energy, "MMPE"))!.Items[index].Answer.Level.Should().Be(3, "nothing was silently overwritten");
    }

    private static Dictionary<string, string> BrowserFields(QuestionnaireView view)
    {
        var fields = new Dictionary<string, string>();
        for (var i = 0; i < view.Items.Count; i++)
        {
            var answer = view.Items[i].Answer;
            fields[$"Form.Items[{i}].QuestionId"] = view.Items[i].Question.Id;
            fields[$"Form.Items[{i}].Stamp"] = answer.ConcurrencyStamp?.ToString() ?? "";
            if (answer.NotApplicable || answer.Level is not null)
            {
                fields[$"Form.Items[{i}].Level"] = answer.NotApplicable ? "na" : answer.Level!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            fields[$"Form.Items[{i}].NaReason"] = answer.NotApplicableReason ?? "";
            fields[$"Form.Items[{i}].Comment"] = answer.Comment ?? "";
            fields[$"Form.Items[{i}].EvidenceReference"] = answer.EvidenceReference ?? "";
        }

        return fields;
    }

    /// <summary>Follows a redirect as a browser would (the test clients do not, to see them).</summary>
    internal static async Task<HttpResponseMessage> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        while ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
        {
            var next = await client.GetAsync(location.IsAbsoluteUri ? location : new Uri(location.OriginalString, UriKind.Relative), Ct);
            response.Dispose();
            response = next;
        }

        return response;
    }

    [Fact]
    public async Task Api_StaleSave_Is409WithBothValues()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example", "en");
        var view = await GetAsync(coordinator, "MTL");
        var item = view!.Items.First(i => i.Answer.IsAnswered);
        var stale = item.Answer.ConcurrencyStamp;
        using var first = await coordinator.PutAsJsonAsync($"/api/v1/engagements/CIV-2024/assignments/MTL/answers/{item.Question.Id}",
            new AnswerInput(2, false, null, "First", null, stale), Json, Ct);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        using var second = await coordinator.PutAsJsonAsync($"/api/v1/engagements/CIV-2024/assignments/MTL/answers/{item.Question.Id}",
            new AnswerInput(4, false, null, "Second", null, stale), Json, Ct);
        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        using var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync(Ct));
        problem.RootElement.GetProperty("code").GetString().Should().Be("Answer.Conflict");
        problem.RootElement.GetProperty("current").GetProperty("comment").GetString().Should().Be("First");
        problem.RootElement.GetProperty("yours").GetProperty("comment").GetString().Should().Be("Second");
        problem.RootElement.GetProperty("detail").GetString().Should().Contain(item.Question.Id);
    }

    [Fact]
    public async Task WorkbookOnThePage_UploadPreviewThenImport_AllWithoutScript()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        var view = await GetAsync(coordinator, "ARTCI");
        var bytes = await coordinator.GetByteArrayAsync(new Uri("/api/v1/engagements/CIV-2024/assignments/ARTCI/workbook?language=fr", UriKind.Relative), Ct);
        var blank = view!.Items.ToList().FindIndex(i => !i.Answer.IsAnswered);
        bytes = Rempart.Core.Tests.Support.WorkbookCells.Set(bytes, $"G{blank + 2}", "3");

        var page = await coordinator.GetStringAsync(new Uri("/engagements/CIV-2024/questionnaires/ARTCI", UriKind.Relative), Ct);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(AppFixture.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "file", "CIV-2024-ARTCI-fr.xlsx" },
        };
        using var upload = await FollowAsync(coordinator, await coordinator.PostAsync(new Uri("/engagements/CIV-2024/questionnaires/ARTCI/workbook", UriKind.Relative), form, Ct));
        upload.StatusCode.Should().Be(HttpStatusCode.OK);
        var previewPath = upload.RequestMessage!.RequestUri!.AbsolutePath;
        previewPath.Should().MatchRegex("^/engagements/CIV-2024/questionnaires/ARTCI/import/[0-9a-f-]{36}$");
        var preview = WebUtility.HtmlDecode(await upload.Content.ReadAsStringAsync(Ct));
        preview.Should().Contain("1 nouvelle(s), 0 modifiée(s), 0 en conflit");
        (await GetAsync(coordinator, "ARTCI"))!.Items[blank].Answer.IsAnswered.Should().BeFalse("a preview changes nothing");
        using (var officer = await app.SignedIn("officer@demo.rempart.example"))
        {
            (await officer.GetAsync(new Uri(previewPath, UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound, "a staged upload is its uploader's only");
        }

        using var commit = await FollowAsync(coordinator, await AppFixture.PostPageFormAsync(coordinator, previewPath, "commit", new Dictionary<string, string> { ["Choice.Resolution"] = "Refuse" }));
        commit.RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/engagements/CIV-2024/questionnaires/ARTCI");
        WebUtility.HtmlDecode(await commit.Content.ReadAsStringAsync(Ct)).Should().Contain("1 réponse(s) importée(s) depuis CIV-2024-ARTCI-fr.xlsx");
        var answer = (await GetAsync(coordinator, "ARTCI"))!.Items[blank].Answer;
        answer.Level.Should().Be(3);
        answer.Channel.Should().Be(AnswerChannel.Workbook);

        // The staged file is gone: its preview page no longer exists.
        (await coordinator.GetAsync(new Uri(previewPath, UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Evidence_UploadedFromThePage_IsDownloadableWithItsHash_AndABadFileSaysWhy()
    {
        using var energy = await app.SignedIn("energy@demo.rempart.example");
        var view = await GetAsync(energy, "MMPE");
        var question = view!.Items[^1].Question.Id;
        async Task<HttpResponseMessage> Upload(byte[] content, string name)
        {
            var page = await energy.GetStringAsync(new Uri("/engagements/CIV-2024/questionnaires/MMPE", UriKind.Relative), Ct);
            using var form = new MultipartFormDataContent
            {
                { new StringContent(AppFixture.AntiforgeryToken(page)), "__RequestVerificationToken" },
                { new StringContent(question), "question" },
                { new ByteArrayContent(content), "file", name },
            };
            return await FollowAsync(energy, await energy.PostAsync(new Uri("/engagements/CIV-2024/questionnaires/MMPE/evidence", UriKind.Relative), form, Ct));
        }

        using var ok = await Upload("%PDF-1.7 plan de sûreté"u8.ToArray(), "plan-sûreté.pdf");
        WebUtility.HtmlDecode(await ok.Content.ReadAsStringAsync(Ct)).Should().Contain("Fichier de preuve enregistré").And.Contain("plan-sûreté.pdf");
        var file = (await GetAsync(energy, "MMPE"))!.Items[^1].Answer.Files.Single();
        using var download = await energy.GetAsync(new Uri($"/api/v1/engagements/CIV-2024/evidence/{file.Id}", UriKind.Relative), Ct);
        (await download.Content.ReadAsByteArrayAsync(Ct)).Should().Equal("%PDF-1.7 plan de sûreté"u8.ToArray());
        download.Headers.GetValues("X-Content-SHA256").Single().Should().Be(file.Sha256);

        using var bad = await Upload("MZ"u8.ToArray(), "outil.exe");
        WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Ct)).Should().Contain("« outil.exe » n'est pas un fichier de preuve accepté");

        using var togo = await app.SignedIn("togo@demo.rempart.example");
        (await togo.GetAsync(new Uri($"/api/v1/engagements/CIV-2024/evidence/{file.Id}", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AttachingAFile_SavesWhatWasTypedBesideIt_AndAStaleFormSaysSo()
    {
        using var energy = await app.SignedIn("energy@demo.rempart.example", "fr");
        var view = (await GetAsync(energy, "MMPE"))!;
        var index = view.Items.Count - 2;
        var item = view.Items[index];
        var path = "/engagements/CIV-2024/questionnaires/MMPE";
        var page = await energy.GetStringAsync(new Uri(path, UriKind.Relative), Ct);
        var comment = $"Arrêté de 2023 joint ({Guid.NewGuid():N})";
        // As a browser posts it: every question's fields as shown, the change and the file beside one of them.
        using (var form = new MultipartFormDataContent
        {
            { new StringContent(AppFixture.AntiforgeryToken(page.Split("<main")[0])), "__RequestVerificationToken" },
            { new StringContent("answers"), "_handler" },
            { new ByteArrayContent("%PDF-1.7 arrêté"u8.ToArray()), $"evidence-file-{item.Question.Id}", "arrêté-2023.pdf" },
        })
        {
            for (var i = 0; i < view.Items.Count; i++)
            {
                var a = view.Items[i].Answer;
                var fields = new Dictionary<string, string?>
                {
                    ["QuestionId"] = view.Items[i].Question.Id, ["Stamp"] = a.ConcurrencyStamp?.ToString(),
                    ["Level"] = i == index ? "2" : a.NotApplicable ? "na" : a.Level?.ToString(CultureInfo.InvariantCulture),
                    ["NaReason"] = a.NotApplicableReason, ["Comment"] = i == index ? comment : a.Comment, ["EvidenceReference"] = a.EvidenceReference,
                };
                foreach (var (name, value) in fields.Where(f => f.Value is not null))
                {
                    form.Add(new StringContent(value!), $"Form.Items[{i}].{name}");
                }
            }

            // The file's own button posts the whole form: the comment typed beside it is saved with the file.
            using var response = await energy.PostAsync(new Uri(path, UriKind.Relative), form, Ct);
            WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)).Should().Contain("1 réponse(s) enregistrée(s). 1 fichier(s) joint(s).");
        }

        var saved = (await GetAsync(energy, "MMPE"))!.Items[index].Answer;
        saved.Comment.Should().Be(comment);
        saved.Level.Should().Be(2);
        saved.Files.Select(f => f.FileName).Should().Contain("arrêté-2023.pdf");

        // A form whose token no longer holds (the page stayed open too long, another tab signed in or out) comes back
        // as the page with a message, not as an empty 400; nothing is saved.
        using var stale = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = "CfDJ8-stale", ["_handler"] = "answers",
            [$"Form.Items[{index}].QuestionId"] = item.Question.Id, [$"Form.Items[{index}].Comment"] = "jamais enregistré",
        });
        using var refused = await energy.PostAsync(new Uri(path + "?x=1", UriKind.Relative), stale, Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        refused.Headers.Location!.OriginalString.Should().Be(path + "?x=1&form=expired");
        var again = WebUtility.HtmlDecode(await energy.GetStringAsync(refused.Headers.Location, Ct));
        again.Should().Contain("Ce formulaire avait expiré");
        (await GetAsync(energy, "MMPE"))!.Items[index].Answer.Comment.Should().Be(comment);
    }

    [Fact]
    public async Task ConsolidationPages_ShowTheRuleTheSpreadAndRecordADecision()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        var list = WebUtility.HtmlDecode(await coordinator.GetStringAsync(new Uri("/engagements/CIV-2024/consolidation?disagreement=true", UriKind.Relative), Ct));
        list.Should().Contain("médiane").And.Contain("à discuter");
        var question = QuestionLink().Match(list).Groups[1].Value;
        question.Should().NotBeEmpty();
        var html = await AppFixture.PostPageFormHtmlAsync(coordinator, $"/engagements/CIV-2024/consolidation/{question}", "decide", new Dictionary<string, string>
        {
            ["Input.Level"] = "1", ["Input.Rationale"] = "Arbitrage après discussion avec les entités", ["Input.Stamp"] = "", ["Input.Findings"] = "F-001",
        });
        // The demo decided every disputed question already: an empty stamp is a stale edit, refused without loss.
        html.Should().Contain("Quelqu'un d'autre a modifié la réponse nationale").And.Contain("Arbitrage après discussion avec les entités");
        var detail = await coordinator.GetFromJsonAsync<JsonElement>($"/api/v1/engagements/CIV-2024/consolidation/{question}", Json, Ct);
        var stamp = detail.GetProperty("decision").GetProperty("concurrencyStamp").GetString()!;
        html = await AppFixture.PostPageFormHtmlAsync(coordinator, $"/engagements/CIV-2024/consolidation/{question}", "decide", new Dictionary<string, string>
        {
            ["Input.Level"] = "1", ["Input.Rationale"] = "Arbitrage après discussion avec les entités", ["Input.Stamp"] = stamp, ["Input.Findings"] = "F-001",
        });
        html.Should().Contain("Niveau national enregistré").And.Contain("Historique");
        detail = await coordinator.GetFromJsonAsync<JsonElement>($"/api/v1/engagements/CIV-2024/consolidation/{question}", Json, Ct);
        detail.GetProperty("decision").GetProperty("level").GetInt32().Should().Be(1);
        detail.GetProperty("decision").GetProperty("findings").EnumerateArray().Select(f => f.GetString()).Should().Equal("F-001");
        detail.GetProperty("history").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task Cli_ExportsAndImportsAWorkbook_AndRefusesATamperedOneNamingTheCell()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rempart-{Guid.NewGuid():N}.xlsx");
        try
        {
            var (code, output, error) = await CliRun.RunAsync(app.Database, "answers", "export", "--engagement", "CIV-2024", "--entity", "CGIC", "--lang", "en",
                "--as", "officer@demo.rempart.example", "--out", file, "--language", "en");
            code.Should().Be(0, error);
            output.Should().Contain(file);
            var bytes = await File.ReadAllBytesAsync(file, Ct);

            (code, output, error) = await CliRun.RunAsync(app.Database, "answers", "import", "--engagement", "CIV-2024", "--file", file, "--as", "officer@demo.rempart.example", "--language", "en");
            code.Should().Be(1, "CGIC's answers are accepted, so locked");
            error.Should().Contain("accepted");

            await File.WriteAllBytesAsync(file, Rempart.Core.Tests.Support.WorkbookCells.Set(bytes, "A2", "zz-edited-01"), Ct);
            (code, _, error) = await CliRun.RunAsync(app.Database, "answers", "import", "--engagement", "CIV-2024", "--file", file, "--as", "officer@demo.rempart.example", "--language", "fr");
            code.Should().Be(1);
            error.Should().Contain("Questionnaire!A2").And.Contain("l'identifiant a été modifié");

            (code, _, error) = await CliRun.RunAsync(app.Database, "answers", "import", "--engagement", "CIV-2024", "--file", file, "--as", "nobody@demo.rempart.example");
            code.Should().Be(1);
            error.Should().Contain("nobody@demo.rempart.example");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Cli_ImportPreviewThenCommit_OnAnOpenQuestionnaire()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rempart-{Guid.NewGuid():N}.xlsx");
        try
        {
            using var officer = await app.SignedIn("officer@demo.rempart.example");
            var view = await GetAsync(officer, "MD");
            var (code, _, error) = await CliRun.RunAsync(app.Database, "answers", "export", "--engagement", "CIV-2024", "--entity", "MD", "--as", "officer@demo.rempart.example", "--out", file);
            code.Should().Be(0, error);
            await File.WriteAllBytesAsync(file, Rempart.Core.Tests.Support.WorkbookCells.Set(await File.ReadAllBytesAsync(file, Ct), "G2", "1"), Ct);
            (code, var output, error) = await CliRun.RunAsync(app.Database, "answers", "import", "--engagement", "CIV-2024", "--file", file, "--as", "officer@demo.rempart.example", "--language", "en");
            code.Should().Be(0, error);
            output.Should().Contain("Preview only: 1 new");
            (await GetAsync(officer, "MD"))!.Items[0].Answer.IsAnswered.Should().BeFalse();
            (code, output, error) = await CliRun.RunAsync(app.Database, "answers", "import", "--engagement", "CIV-2024", "--file", file, "--as", "officer@demo.rempart.example", "--commit", "--language", "en");
            code.Should().Be(0, error);
            output.Should().Contain("1 answer(s) imported");
            var answer = (await GetAsync(officer, "MD"))!.Items[0].Answer;
            answer.Level.Should().Be(1);
            view!.Assignment.State.Should().Be(AssignmentState.NotStarted);
            (await GetAsync(officer, "MD"))!.Assignment.State.Should().Be(AssignmentState.InProgress, "the first answer starts the questionnaire");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex("href=\"/engagements/CIV-2024/consolidation/([a-z0-9-]+)\"")]
    private static partial Regex QuestionLink();
}

/// <summary>The workbook preview's conflicts, on a database of its own: it answers a questionnaire other tests expect untouched.</summary>
public sealed class WorkbookConflictPageTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WorkbookConflicts_AreChosenOneByOne_OnThePreview()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        var index = 0;
        var item = (await QuestionnaireWebTests.GetAsync(coordinator, "MD"))!.Items[index];
        async Task SaveOnTheWeb(int level, Guid? stamp)
        {
            using var web = await coordinator.PutAsJsonAsync($"/api/v1/engagements/CIV-2024/assignments/MD/answers/{item.Question.Id}",
                new AnswerInput(level, false, null, "Revu en atelier", null, stamp), QuestionnaireWebTests.Json, Ct);
            web.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await SaveOnTheWeb(2, item.Answer.ConcurrencyStamp);
        var bytes = await coordinator.GetByteArrayAsync(new Uri("/api/v1/engagements/CIV-2024/assignments/MD/workbook?language=fr", UriKind.Relative), Ct);
        // After the export, the answer changes on the web; the workbook gives another level.
        await SaveOnTheWeb(4, (await QuestionnaireWebTests.GetAsync(coordinator, "MD"))!.Items[index].Answer.ConcurrencyStamp);

        bytes = Rempart.Core.Tests.Support.WorkbookCells.Set(bytes, $"G{index + 2}", "1");
        var page = await coordinator.GetStringAsync(new Uri("/engagements/CIV-2024/questionnaires/MD", UriKind.Relative), Ct);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(AppFixture.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "file", "CIV-2024-MD-fr.xlsx" },
        };
        using var upload = await QuestionnaireWebTests.FollowAsync(coordinator, await coordinator.PostAsync(new Uri("/engagements/CIV-2024/questionnaires/MD/workbook", UriKind.Relative), form, Ct));
        var previewPath = upload.RequestMessage!.RequestUri!.AbsolutePath;
        var preview = WebUtility.HtmlDecode(await upload.Content.ReadAsStringAsync(Ct));
        preview.Should().Contain($"name=\"Choice.Each[{item.Question.Id}]\" value=\"TakeWorkbook\"").And.Contain("celle du classeur");

        using var commit = await QuestionnaireWebTests.FollowAsync(coordinator, await AppFixture.PostPageFormAsync(coordinator, previewPath, "commit", new Dictionary<string, string>
        {
            ["Choice.Resolution"] = "KeepWeb", [$"Choice.Each[{item.Question.Id}]"] = "TakeWorkbook",
        }));
        commit.RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/engagements/CIV-2024/questionnaires/MD");
        var answer = (await QuestionnaireWebTests.GetAsync(coordinator, "MD"))!.Items[index].Answer;
        answer.Level.Should().Be(1, "this conflict was settled for the workbook");
        answer.Channel.Should().Be(AnswerChannel.Workbook);
    }
}
