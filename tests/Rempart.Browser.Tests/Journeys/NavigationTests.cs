using Microsoft.Playwright;
using Rempart.Browser.Tests.Infrastructure;

namespace Rempart.Browser.Tests.Journeys;

/// <summary>Navigation that follows the work: the cycle's steps on every engagement page, and each role's next step.</summary>
public sealed class NavigationTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Engagement_pages_show_the_cycle_with_the_current_step_and_the_stage_now()
    {
        var page = await app.SignInAsync("officer");
        await page.GotoAsync("/engagements/CIV-2024/scores");
        var steps = page.Locator("nav.cycle li");
        (await steps.AllInnerTextsAsync()).Select(t => t.Split('(')[0].Trim()).Should().Equal("Scope", "Consult", "Assess", "Prioritise", "Plan", "Monitor");
        (await page.Locator("nav.cycle a[aria-current=page]").InnerTextAsync()).Should().Be("Prioritise");
        (await page.Locator("nav.cycle li.stage").InnerTextAsync()).Should().StartWith("Consult");
        await page.Locator("nav.cycle a", new() { HasText = "Plan" }).ClickAsync();
        await page.ArriveAsync("/engagements/CIV-2024/roadmap");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Each_role_lands_on_what_it_has_to_do()
    {
        // One engagement to work on: straight to the work after signing in (two factors for the respondent too).
        var respondent = await app.SignInAsync("energy", "fr");
        await respondent.ArriveAsync("/engagements/CIV-2024/questionnaires/MMPE");
        (await respondent.Locator("nav.cycle li").CountAsync()).Should().Be(4, "a respondent sees Scope, Consult (its questionnaire), Plan and Monitor only");
        await respondent.Context.CloseAsync();

        var togo = await app.SignInAsync("togo", "fr");
        await togo.ArriveAsync("/engagements/TGO-2023/monitoring");
        // The list of engagements stays one link away, with the same next step.
        await togo.GotoAsync("/engagements");
        await togo.GetByRole(AriaRole.Link, new() { Name = "Rendre compte de l'avancement du plan" }).ClickAsync();
        await togo.ArriveAsync("/engagements/TGO-2023/monitoring");
        await togo.Context.CloseAsync();

        var donor = await app.SignInAsync("donor", "fr");
        await donor.GetByRole(AriaRole.Link, new() { Name = "Voir les activités financées" }).First.ClickAsync();
        await donor.ArriveAsync("/monitoring/donor");
        await donor.Context.CloseAsync();

        var coordinator = await app.SignInAsync("coordinator", "fr");
        await coordinator.ArriveAsync("/engagements/CIV-2024/questionnaires");
        await coordinator.Context.CloseAsync();
    }
}
