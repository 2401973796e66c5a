using Rempart.Browser.Tests.Infrastructure;

namespace Rempart.Browser.Tests.Journeys;

/// <summary>axe-core on every main page: no serious or critical violation.</summary>
public sealed class AccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>Each main page as an account that works in its language sees it: English, then French (longer labels, other words).</summary>
    public static TheoryData<string, string, string> MainPages => new()
    {
        { "officer", "/", "en" },
        { "officer", "/engagements/CIV-2024", "en" },
        { "officer", "/engagements/CIV-2024/dashboard", "en" },
        { "officer", "/engagements/CIV-2024/consultations", "en" },
        { "officer", "/engagements/CIV-2024/findings", "en" },
        { "officer", "/engagements/CIV-2024/questionnaires", "en" },
        { "officer", "/engagements/CIV-2024/consolidation", "en" },
        { "officer", "/engagements/CIV-2024/scores", "en" },
        { "officer", "/engagements/CIV-2024/roadmap", "en" },
        { "officer", "/catalog", "en" },
        { "officer", "/engagements/CIV-2024/sites", "en" },
        { "officer", "/engagements/CIV-2024/sites/CIV-ST-001", "en" },
        { "officer", "/engagements/CIV-2024/sites/CIV-EL-014", "en" },
        { "officer", "/engagements/CIV-2024/sites/criticality?fail=CIV-EL-004,CIV-EL-007", "en" },
        { "officer", "/engagements/CIV-2024/questionnaires/MMPE", "en" },
        { "auditor", "/engagements/CIV-2024/audit", "en" },
        { "admin", "/audit", "en" },
        { "officer", "/account/two-factor", "en" },
        { "coordinator", "/", "fr" },
        { "coordinator", "/engagements/CIV-2024", "fr" },
        { "coordinator", "/engagements/CIV-2024/dashboard", "fr" },
        { "coordinator", "/engagements/CIV-2024/questionnaires", "fr" },
        { "coordinator", "/engagements/CIV-2024/consolidation", "fr" },
        { "coordinator", "/engagements/CIV-2024/scores", "fr" },
        { "coordinator", "/engagements/CIV-2024/roadmap", "fr" },
        { "coordinator", "/engagements/CIV-2024/sites", "fr" },
        { "coordinator", "/account/two-factor", "fr" },
        { "coordinator", "/account/tokens", "fr" },
        { "energy", "/engagements/CIV-2024/questionnaires/MMPE", "fr" },
        { "energy", "/account/two-factor", "fr" },
        { "donor", "/engagements/CIV-2024", "fr" },
    };

    [Theory]
    [MemberData(nameof(MainPages))]
    public async Task A_main_page_has_no_serious_accessibility_violation(string who, string path, string language)
    {
        var page = await app.SignInAsync(who, language, bypassCsp: true);
        var response = await page.GotoAsync(path);
        response!.Ok.Should().BeTrue();
        (await page.Locator("html").GetAttributeAsync("lang")).Should().StartWith(language, $"{path} should be served in {language} to {who}");
        var violations = await Accessibility.SeriousViolationsAsync(page);
        violations.Should().BeEmpty($"{path} ({language}) should pass axe-core");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_sign_in_pages_in_French_have_no_serious_accessibility_violation()
    {
        var page = await app.NewPageAsync("fr", bypassCsp: true);
        await page.GotoAsync("/account/signin");
        (await page.Locator("html").GetAttributeAsync("lang")).Should().StartWith("fr");
        (await Accessibility.SeriousViolationsAsync(page)).Should().BeEmpty("the sign-in page in French should pass axe-core");
        await page.FillAsync("input[name='Input.Email']", "officer@demo.rempart.example");
        await page.FillAsync("input[name='Input.Password']", BrowserApp.DemoPassword);
        await page.PressAsync("input[name='Input.Password']", "Enter");
        await page.ArriveAsync(url => url.Contains("/account/signin/code", StringComparison.Ordinal), "the second sign-in step");
        (await page.Locator("html").GetAttributeAsync("lang")).Should().StartWith("fr");
        (await Accessibility.SeriousViolationsAsync(page)).Should().BeEmpty("the code page in French should pass axe-core");

        var anonymous = await app.NewPageAsync("fr", bypassCsp: true);
        await anonymous.GotoAsync("/account/forgot");
        (await anonymous.Locator("html").GetAttributeAsync("lang")).Should().StartWith("fr");
        (await Accessibility.SeriousViolationsAsync(anonymous)).Should().BeEmpty("the forgotten password page in French should pass axe-core");
        await page.Context.CloseAsync();
        await anonymous.Context.CloseAsync();
    }

    [Fact]
    public async Task The_second_sign_in_step_and_the_forgotten_password_page_have_no_serious_accessibility_violation()
    {
        var page = await app.NewPageAsync(bypassCsp: true);
        await page.GotoAsync("/account/signin");
        await page.FillAsync("input[name='Input.Email']", "officer@demo.rempart.example");
        await page.FillAsync("input[name='Input.Password']", BrowserApp.DemoPassword);
        await page.PressAsync("input[name='Input.Password']", "Enter");
        await page.ArriveAsync(url => url.Contains("/account/signin/code", StringComparison.Ordinal), "the second sign-in step");
        (await Accessibility.SeriousViolationsAsync(page)).Should().BeEmpty("the code page should pass axe-core");

        // Keyboard only: the code field has the focus order of the form, Enter submits.
        await page.FocusAsync("input[name='Input.Code']");
        await page.Keyboard.TypeAsync(Authenticator.Code("officer@demo.rempart.example"));
        await page.Keyboard.PressAsync("Enter");
        await page.ArriveAsync(url => !url.Contains("/account/signin", StringComparison.Ordinal), "a page past the second sign-in step");

        var anonymous = await app.NewPageAsync(bypassCsp: true);
        await anonymous.GotoAsync("/account/forgot");
        (await Accessibility.SeriousViolationsAsync(anonymous)).Should().BeEmpty("the forgotten password page should pass axe-core");
        await page.Context.CloseAsync();
        await anonymous.Context.CloseAsync();
    }
}
