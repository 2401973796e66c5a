using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;
using Rempart.Browser.Tests.Infrastructure;

namespace Rempart.Browser.Tests.Journeys;

/// <summary>The core path in a real browser: sign in, the engagement, answering, consolidating, scores, the roadmap.</summary>
public sealed class CorePathTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_officer_signs_in_and_opens_the_demo_engagement()
    {
        var page = await app.SignInAsync("officer");
        await Screenshots.SaveAsync(page, "engagements");
        await page.GetByRole(AriaRole.Link, new() { Name = "CIV-2024" }).First.ClickAsync();
        await page.ArriveAsync("/engagements/CIV-2024");
        (await page.Locator("h1").InnerTextAsync()).Should().Contain("Côte d'Ivoire");
        await Screenshots.SaveAsync(page, "engagement");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_respondent_answers_with_the_keyboard_only_and_finds_the_answer_saved()
    {
        var page = await app.SignInAsync("energy", "fr");
        await page.GotoAsync("/engagements/CIV-2024/questionnaires/MMPE");
        await Screenshots.SaveAsync(page, "questionnaire");

        // The first question with no level chosen yet.
        var question = await page.EvaluateAsync<string>(
            """
            () => [...document.querySelectorAll('input[type=hidden][name$=".QuestionId"]')].map(i => i.value)
                    .find(q => !document.querySelector(`input[type=radio][name$=".Level"][id^="l-${q}-"]:checked`))
            """);
        question.Should().NotBeNullOrEmpty();

        // Reach the level with Tab from the question's heading area, choose it with Space, write the comment, save with Enter.
        await page.FocusAsync($"#l-{question}-0");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        (await page.IsCheckedAsync($"#l-{question}-2")).Should().BeTrue();
        await page.FocusAsync($"#c-{question}");
        await page.Keyboard.TypeAsync("Réponse saisie au clavier seulement.");
        var save = page.Locator($"#q-{question} button[type=submit]").Last;
        await save.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.ArriveAsync($"/questionnaires/MMPE#q-{question}");

        await page.GotoAsync("/engagements/CIV-2024/questionnaires/MMPE");
        (await page.IsCheckedAsync($"#l-{question}-2")).Should().BeTrue();
        (await page.InputValueAsync($"#c-{question}")).Should().Be("Réponse saisie au clavier seulement.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Answers_typed_when_the_session_had_ended_come_back_after_signing_in_again()
    {
        var page = await app.SignInAsync("energy", "fr");
        await page.ArriveAsync("/engagements/CIV-2024/questionnaires/MMPE");
        var question = await page.EvaluateAsync<string>("() => document.querySelectorAll('input[type=hidden][name$=\".QuestionId\"]')[3].value");
        var typed = $"Saisi hors session ({Guid.NewGuid():N})";
        await page.FillAsync($"#c-{question}", typed);

        // The session ends meanwhile (idle too long): the save is refused and leads to the sign-in page.
        await page.Context.ClearCookiesAsync();
        await page.Locator($"#q-{question} button[type=submit]").Last.ClickAsync();
        await page.ArriveAsync(url => url.Contains("/account/signin", StringComparison.Ordinal), "the sign-in page");

        // Signed in again (two factors), the person is back on the questions with what they typed, and saves it.
        await page.FillAsync("input[name='Input.Email']", "energy@demo.rempart.example");
        await page.FillAsync("input[name='Input.Password']", BrowserApp.DemoPassword);
        await page.PressAsync("input[name='Input.Password']", "Enter");
        await page.ArriveAsync(url => url.Contains("/account/signin/code", StringComparison.Ordinal), "the second step");
        await page.FillAsync("input[name='Input.Code']", Rempart.Tests.Support.Authenticator.Code("energy@demo.rempart.example"));
        await page.PressAsync("input[name='Input.Code']", "Enter");
        await page.ArriveAsync("/engagements/CIV-2024/questionnaires/MMPE");
        (await page.Locator("#draft-restored").IsVisibleAsync()).Should().BeTrue("the page says the typed answers were put back");
        (await page.InputValueAsync($"#c-{question}")).Should().Be(typed);
        await page.Locator("#draft-restored button[type=submit]").ClickAsync();
        await page.Locator("p.notice[role=status]").Filter(new() { HasText = "enregistrée(s)" }).WaitForAsync();
        await page.GotoAsync("/engagements/CIV-2024/questionnaires/MMPE");
        (await page.InputValueAsync($"#c-{question}")).Should().Be(typed, "it was saved");
        (await page.Locator("#draft-restored").IsVisibleAsync()).Should().BeFalse("a draft the page shows saved is done with");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_respondent_sees_only_its_own_questionnaire_and_not_another_engagement()
    {
        var page = await app.SignInAsync("energy");
        var other = await page.GotoAsync("/engagements/CIV-2024/questionnaires/ARTCI");
        other!.Status.Should().Be(404);
        var togo = await page.GotoAsync("/engagements/TGO-2023");
        togo!.Status.Should().Be(404);
        (await page.ContentAsync()).Should().NotContain("Togo");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Scores_show_their_charts_with_the_data_beside_them()
    {
        var page = await app.SignInAsync("officer");
        await page.GotoAsync("/engagements/CIV-2024/scores");
        var charts = page.Locator("main figure > svg[role=img]");
        (await charts.CountAsync()).Should().BeGreaterThan(1);
        foreach (var chart in await charts.AllAsync())
        {
            (await chart.GetAttributeAsync("aria-label")).Should().NotBeNullOrWhiteSpace();
            (await chart.BoundingBoxAsync())!.Width.Should().BeGreaterThan(200);
            var figure = chart.Locator("xpath=..");
            (await figure.Locator("table").CountAsync()).Should().BeGreaterThan(0, "each chart has its numbers beside it");
        }

        await Screenshots.SaveAsync(page, "scores");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_officer_generates_the_roadmap_and_downloads_it_as_Word_in_French()
    {
        var page = await app.SignInAsync("officer");
        await page.GotoAsync("/engagements/CIV-2024/roadmap");
        var generate = page.Locator("form button.primary").First;
        if (await page.Locator("table").CountAsync() == 0)
        {
            await generate.ClickAsync();
            await page.Locator("main table").First.WaitForAsync();
        }

        (await page.Locator("main table tbody tr").CountAsync()).Should().BeGreaterThan(3);
        await Screenshots.SaveAsync(page, "roadmap");

        await page.GotoAsync("/engagements/CIV-2024/roadmap/render/docx/fr", new() { WaitUntil = WaitUntilState.Commit });
        var download = await page.RunAndWaitForDownloadAsync(() => Task.CompletedTask, new() { Timeout = 120_000 });
        download.SuggestedFilename.Should().EndWith(".docx");
        var path = await download.PathAsync();
        using var document = WordprocessingDocument.Open(path!, false);
        var text = document.MainDocumentPart!.Document!.Body!.InnerText;
        text.Should().Contain("CIV-2024").And.Contain("Feuille de route");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Pages_in_French_are_in_French()
    {
        var page = await app.SignInAsync("coordinator", "fr");
        await page.GotoAsync("/engagements/CIV-2024");
        (await page.Locator("html").GetAttributeAsync("lang")).Should().StartWith("fr");
        (await page.Locator("h1").InnerTextAsync()).Should().Contain("Côte d'Ivoire");
        (await page.Locator(".crumbs").InnerTextAsync()).Should().Contain("Missions");
        (await page.ContentAsync()).Should().Contain("Se déconnecter");
        await Screenshots.SaveAsync(page, "engagement-fr");
        await page.Context.CloseAsync();
    }
}
