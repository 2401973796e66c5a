using Rempart.Browser.Tests.Infrastructure;

namespace Rempart.Browser.Tests.Journeys;

/// <summary>Sites in a real browser: the demo map drawn offline, filtered, a CARVER assessment by keyboard and mouse.</summary>
public sealed class SitesTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_demo_map_draws_the_country_and_its_sites_and_filters_them()
    {
        var page = await app.SignInAsync("officer");
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);
        await page.GotoAsync("/engagements/CIV-2024/sites");
        var map = page.Locator("svg.site-map");
        var box = await map.BoundingBoxAsync();
        box.Should().NotBeNull();
        box!.Width.Should().BeGreaterThan(300);
        var all = await map.Locator("circle").CountAsync();
        all.Should().BeGreaterThan(300);
        (await map.Locator("path").CountAsync()).Should().Be(1, "the outline of Côte d'Ivoire");
        requests.Should().OnlyContain(u => u.StartsWith(app.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal), "no tile server or other site is asked");
        await Screenshots.SaveAsync(page, "sites");

        await page.SelectOptionAsync("select[name=kind]", "ci");
        await page.SelectOptionAsync("select[name=band]", "very-high");
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await page.ArriveAsync(url => url.Contains("band=very-high", StringComparison.Ordinal), "the list filtered to very high risk");
        var filtered = await page.Locator("svg.site-map circle").CountAsync();
        filtered.Should().BeGreaterThan(0).And.BeLessThan(all);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_carver_assessment_is_recorded_and_sets_the_band()
    {
        // The national coordinator works in French.
        var page = await app.SignInAsync("coordinator", "fr");
        await page.GotoAsync("/engagements/CIV-2024/sites/CIV-ST-001");
        await page.Locator("details:has(form input[name='Carver.Date']) > summary").ClickAsync();
        foreach (var (factor, score) in new[] { ("criticality", "9"), ("accessibility", "9"), ("recuperability", "8"), ("vulnerability", "9"), ("effect", "9"), ("recognizability", "10"), ("shock", "10") })
        {
            await page.SelectOptionAsync($"#c-{factor}", score);
        }

        await page.FillAsync("#c-why-fr", "Réévaluation après la finale.");
        var posted = await page.RunAndWaitForResponseAsync(() => page.Locator("form:has(#c-shock) button[type=submit]").ClickAsync(), r => r.Request.Method == "POST");
        posted.Status.Should().Be(302, "a recorded assessment sends the browser back to the site's page");
        // The band is read once the page after the redirect shows the new rationale; on a miss, say what the page said instead.
        await page.Locator("main p", new() { HasTextString = "Réévaluation après la finale." }).First.WaitForAsync();
        var facts = await page.Locator("main dl.facts").InnerTextAsync();
        facts.Should().Contain("Très élevé", await page.Locator("main").InnerTextAsync());
        await Screenshots.SaveAsync(page, "site");
        await page.Context.CloseAsync();
    }
}
