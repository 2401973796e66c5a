using System.Text.RegularExpressions;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Monitoring;

/// <summary>Nothing destructive happens without the box ticked, even when a browser does not enforce "required".</summary>
public sealed partial class ConfirmationTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Removing_funding_needs_the_confirmation()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        const string path = "/engagements/TGO-2023/monitoring/activities/1";
        var page = await officer.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var id = RemoveId().Match(page).Groups[1].Value;
        id.Should().NotBeEmpty();

        var refused = await AppFixture.PostPageFormHtmlAsync(officer, path, "remove-funding", new() { ["RemoveId"] = id });
        refused.Should().Contain("Tick the box to confirm");
        refused.Should().Contain(id, "the funding line is still there");

        (await AppFixture.PostPageFormHtmlAsync(officer, path, "remove-funding", new() { ["RemoveId"] = id, ["ConfirmRemove"] = "true" })).Should().NotContain("Tick the box");
        var after = await officer.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        after.Should().NotContain($"value=\"{id}\"");
    }

    [Fact]
    public async Task Regenerating_an_edited_draft_needs_the_confirmation()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        const string path = "/engagements/CIV-2024/roadmap";
        await AppFixture.PostPageFormHtmlAsync(officer, path, "generate", []);
        var refused = await AppFixture.PostPageFormHtmlAsync(officer, path, "generate", []);
        refused.Should().Contain("Tick the box to confirm");
        var revisions = await officer.GetStringAsync(new Uri(path + "/revisions", UriKind.Relative), TestContext.Current.CancellationToken);
        Revision().Count(revisions).Should().Be(1, "only the first draft was generated");
        var done = await AppFixture.PostPageFormHtmlAsync(officer, path, "generate", new() { ["ConfirmRegenerate"] = "true" });
        done.Should().NotContain("Tick the box to confirm");
    }

    [GeneratedRegex("name=\"RemoveId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex RemoveId();

    [GeneratedRegex("— generated \\(")]
    private static partial Regex Revision();
}
