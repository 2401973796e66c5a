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
}
