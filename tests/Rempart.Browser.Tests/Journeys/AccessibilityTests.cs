using Rempart.Browser.Tests.Infrastructure;

namespace Rempart.Browser.Tests.Journeys;

/// <summary>axe-core on every main page: no serious or critical violation.</summary>
public sealed class AccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    public static TheoryData<string, string> MainPages => new()
    {
        { "officer", "/" },
        { "officer", "/engagements/CIV-2024" },
        { "officer", "/engagements/CIV-2024/dashboard" },
        { "officer", "/engagements/CIV-2024/consultations" },
        { "officer", "/engagements/CIV-2024/findings" },
        { "officer", "/engagements/CIV-2024/questionnaires" },
        { "officer", "/engagements/CIV-2024/consolidation" },
        { "officer", "/engagements/CIV-2024/scores" },
        { "officer", "/engagements/CIV-2024/roadmap" },
        { "officer", "/catalog" },
        { "officer", "/engagements/CIV-2024/sites" },
        { "officer", "/engagements/CIV-2024/sites/CIV-ST-001" },
        { "officer", "/engagements/CIV-2024/sites/CIV-EL-014" },
        { "officer", "/engagements/CIV-2024/sites/criticality?fail=CIV-EL-004,CIV-EL-007" },
        { "energy", "/engagements/CIV-2024/questionnaires/MMPE" },
        { "auditor", "/engagements/CIV-2024/audit" },
        { "admin", "/audit" },
        { "officer", "/account/two-factor" },
        { "energy", "/account/two-factor" },
    };

    [Theory]
    [MemberData(nameof(MainPages))]
    public async Task A_main_page_has_no_serious_accessibility_violation(string who, string path)
    {
        var page = await app.SignInAsync(who, bypassCsp: true);
        var response = await page.GotoAsync(path);
        response!.Ok.Should().BeTrue();
        var violations = await Accessibility.SeriousViolationsAsync(page);
        violations.Should().BeEmpty($"{path} should pass axe-core");
        await page.Context.CloseAsync();
    }

    /// <summary>The same pages in French (longer labels, other words), as the accounts that work in French see them.</summary>
    public static TheoryData<string, string> FrenchPages => new()
    {
        { "coordinator", "/" },
        { "coordinator", "/engagements/CIV-2024" },
        { "coordinator", "/engagements/CIV-2024/dashboard" },
        { "coordinator", "/engagements/CIV-2024/questionnaires" },
        { "coordinator", "/engagements/CIV-2024/consolidation" },
        { "coordinator", "/engagements/CIV-2024/scores" },
        { "coordinator", "/engagements/CIV-2024/roadmap" },
        { "coordinator", "/engagements/CIV-2024/sites" },
        { "coordinator", "/account/two-factor" },
        { "coordinator", "/account/tokens" },
        { "energy", "/engagements/CIV-2024/questionnaires/MMPE" },
        { "donor", "/engagements/CIV-2024" },
    };

    [Theory]
    [MemberData(nameof(FrenchPages))]
    public async Task A_main_page_in_French_has_no_serious_accessibility_violation(string who, string path)
    {
        var page = await app.SignInAsync(who, "fr", bypassCsp: true);
        var response = await page.GotoAsync(path);
        response!.Ok.Should().BeTrue();
        (await page.Locator("html").GetAttributeAsync("lang")).Should().StartWith("fr", $"{path} should be served in French to {who}");
        var violations = await Accessibility.SeriousViolationsAsync(page);
        violations.Should().BeEmpty($"{path} in French should pass axe-core");
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
        await page.WaitForURLAsync(url => url.Contains("/account/signin/code", StringComparison.Ordinal));
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
        await page.WaitForURLAsync(url => url.Contains("/account/signin/code", StringComparison.Ordinal));
        (await Accessibility.SeriousViolationsAsync(page)).Should().BeEmpty("the code page should pass axe-core");

        // Keyboard only: the code field has the focus order of the form, Enter submits.
        await page.FocusAsync("input[name='Input.Code']");
        await page.Keyboard.TypeAsync(Authenticator.Code("officer@demo.rempart.example"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/account/signin", StringComparison.Ordinal));

        var anonymous = await app.NewPageAsync(bypassCsp: true);
        await anonymous.GotoAsync("/account/forgot");
        (await Accessibility.SeriousViolationsAsync(anonymous)).Should().BeEmpty("the forgotten password page should pass axe-core");
        await page.Context.CloseAsync();
        await anonymous.Context.CloseAsync();
    }
}
