using Microsoft.Playwright;
using Rempart.Browser.Tests.Infrastructure;

namespace Rempart.Browser.Tests.Journeys;

/// <summary>Light on poor connections: first load under 300 KB, nothing from elsewhere, usable at phone width and without script.</summary>
public sealed class LightnessTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    public const long Budget = 300 * 1024;

    public static TheoryData<string, string> MainPages => new()
    {
        { "officer", "/engagements/CIV-2024" },
        { "officer", "/engagements/CIV-2024/dashboard" },
        { "officer", "/engagements/CIV-2024/questionnaires" },
        { "officer", "/engagements/CIV-2024/consolidation" },
        { "officer", "/engagements/CIV-2024/scores" },
        { "officer", "/engagements/CIV-2024/roadmap" },
        { "energy", "/engagements/CIV-2024/questionnaires/MMPE" },
        { "officer", "/engagements/CIV-2024/sites" },
        { "officer", "/engagements/CIV-2024/sites/CIV-ST-001" },
    };

    [Theory]
    [MemberData(nameof(MainPages))]
    public async Task First_load_stays_under_300_KB_with_no_request_elsewhere(string who, string path)
    {
        var page = await app.SignInAsync(who);

        // A first visit: nothing cached.
        await page.Context.ClearCookiesAsync(new() { Name = ".AspNetCore.Culture" });
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.setCacheDisabled", new Dictionary<string, object> { ["cacheDisabled"] = true });
        long transferred = 0;
        var hosts = new List<string>();
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) => transferred += (long)e!.Value.GetProperty("encodedDataLength").GetDouble();
        page.Request += (_, r) => hosts.Add(new Uri(r.Url).Authority);
        var failed = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 400) failed.Add($"{r.Status} {r.Url}"); };
        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        response!.Ok.Should().BeTrue();
        transferred.Should().BeGreaterThan(0).And.BeLessThan(Budget, $"{path} must stay light");
        hosts.Distinct().Should().Equal([app.BaseUrl.Authority]);
        failed.Should().BeEmpty("every stylesheet and image of the page loads");
        (await page.EvaluateAsync<int>("() => document.styleSheets[0].cssRules.length")).Should().BeGreaterThan(10, "the page is styled");
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(MainPages))]
    public async Task At_phone_width_nothing_needs_scrolling_sideways_but_wide_tables(string who, string path)
    {
        var page = await app.SignInAsync(who, width: 390, height: 844);
        // Measured once the page has settled (every image and the map loaded): under load a first measure came early once.
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        var culprits = await page.EvaluateAsync<string>(
            """
            () => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
              .filter(e => !e.closest('table'))
              .slice(0, 3).map(e => { const chain = []; for (let x = e; x && x !== document.body; x = x.parentElement) chain.push(x.tagName.toLowerCase() + (x.id ? '#' + x.id : '') + (x.className ? '.' + x.className : '') + '[' + Math.round(x.getBoundingClientRect().width) + ']'); return chain.join(' < '); }).join(', ')
            """);
        overflow.Should().BeLessThanOrEqualTo(0, $"{path} must fit a phone; wide tables scroll inside their own box (too wide: {culprits})");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reading_and_answering_work_without_script()
    {
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.FillAsync("input[name='Input.Email']", "energy@demo.rempart.example");
        await page.FillAsync("input[name='Input.Password']", BrowserApp.DemoPassword);
        await page.PressAsync("input[name='Input.Password']", "Enter");
        // The respondent's second factor, typed as without script too.
        await page.ArriveAsync(url => url.Contains("/account/signin/code", StringComparison.Ordinal), "the second sign-in step");
        await page.FillAsync("input[name='Input.Code']", Rempart.Tests.Support.Authenticator.Code("energy@demo.rempart.example"));
        await page.PressAsync("input[name='Input.Code']", "Enter");
        await page.ArriveAsync(url => !url.Contains("/account/signin", StringComparison.Ordinal), "a page past the sign-in form");
        await page.GotoAsync("/engagements/CIV-2024/questionnaires/MMPE");
        var question = (await page.Locator("input[type=hidden][name$='.QuestionId']").First.GetAttributeAsync("value"))!;
        await page.CheckAsync($"#l-{question}-3");
        await page.FillAsync($"#c-{question}", "Sans script.");
        await page.Locator($"#q-{question} button[type=submit]").Last.ClickAsync();
        await page.GotoAsync("/engagements/CIV-2024/questionnaires/MMPE");
        (await page.IsCheckedAsync($"#l-{question}-3")).Should().BeTrue();
        (await page.InputValueAsync($"#c-{question}")).Should().Be("Sans script.");
        await context.CloseAsync();
    }
}
