using Rempart.Browser.Tests.Infrastructure;

namespace Rempart.Browser.Tests.Journeys;

/// <summary>Implementation in a real browser: the Togo plan followed, progress recorded by the lead entity, the donor's view.</summary>
public sealed class MonitoringTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_officer_follows_the_plan_on_the_dashboard_and_its_timeline()
    {
        var page = await app.SignInAsync("officer");
        await page.GotoAsync("/engagements/TGO-2023/monitoring");
        (await page.Locator("main table tbody tr").CountAsync()).Should().BeGreaterThanOrEqualTo(6);
        var timeline = page.Locator("main img[src*='timeline.svg']");
        await timeline.ScrollIntoViewIfNeededAsync();
        (await timeline.EvaluateAsync<int>("i => i.complete ? i.naturalWidth : 0")).Should().BeGreaterThan(300);
        (await timeline.GetAttributeAsync("alt")).Should().NotBeNullOrWhiteSpace();
        await page.Locator("h1").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "monitoring");
        await timeline.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "timeline");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_lead_entity_records_progress_and_sees_it_on_the_plan()
    {
        var page = await app.SignInAsync("togo", "fr");
        await page.GotoAsync("/engagements/TGO-2023/monitoring/5");
        await page.FillAsync("#r-asof", DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#r-status", "InProgress");
        await page.FillAsync("#r-progress", "65");
        await page.FillAsync("#r-note", "Concept national anti-drones en relecture.");
        await page.RunAndWaitForResponseAsync(() => page.Locator("form:has(#r-progress) button[type=submit]").ClickAsync(), r => r.Request.Method == "POST");
        await page.GetByText("Concept national anti-drones en relecture.").First.WaitForAsync();
        await Screenshots.SaveAsync(page, "follow-up");

        await page.GotoAsync("/engagements/TGO-2023/monitoring");
        (await page.Locator("main").InnerTextAsync()).Should().Contain("65");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_donor_sees_funded_activities_and_nothing_sensitive()
    {
        var page = await app.SignInAsync("donor", "fr");
        await page.GotoAsync("/engagements/TGO-2023");
        await page.Locator("main a[href$='/monitoring/donor']").First.ClickAsync();
        await page.ArriveAsync("/monitoring/donor");
        var text = await page.Locator("main").InnerTextAsync();
        text.Should().Contain("TGO-2023-TA01").And.Contain("TGO-2023-TA02");
        text.Should().NotContain("TGO-2023-TA03").And.NotContain("drones").And.NotContain("Définir dans la loi");
        await Screenshots.SaveAsync(page, "donor");
        var dashboard = await page.GotoAsync("/engagements/TGO-2023/monitoring");
        dashboard!.Status.Should().Be(403);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Monitoring_pages_have_no_serious_accessibility_violation()
    {
        foreach (var (who, path) in new[]
        {
            ("officer", "/engagements/TGO-2023/monitoring"), ("officer", "/engagements/TGO-2023/monitoring/4"),
            ("officer", "/engagements/TGO-2023/monitoring/activities"), ("officer", "/engagements/TGO-2023/monitoring/activities/1"),
            ("donor", "/engagements/TGO-2023/monitoring/donor"),
        })
        {
            var page = await app.SignInAsync(who, bypassCsp: true);
            (await page.GotoAsync(path))!.Ok.Should().BeTrue();
            (await Accessibility.SeriousViolationsAsync(page)).Should().BeEmpty($"{path} should pass axe-core");
            await page.Context.CloseAsync();
        }
    }
}
