using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Cli;

/// <summary><c>rempart sites export</c>: checked before the file is touched, labelled, scrubbed, in the operator's language.</summary>
public sealed class SitesCliTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_export_writes_the_sites_up_to_the_label_asked_for_and_says_the_file_s_label()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rempart-{Guid.NewGuid():N}.csv");
        try
        {
            var (code, output, error) = await CliRun.RunAsync(app.Database, "sites", "export", "--engagement", "CIV-2024", "--max", "TLP:GREEN", "--out", file, "--language", "fr");
            code.Should().Be(0, error);
            output.Should().Contain("Classification : TLP:GREEN").And.Contain(file);
            var lines = await File.ReadAllLinesAsync(file, Ct);
            lines[0].Should().StartWith("code,name_fr,name_en,kind,sector,category,operator,latitude,longitude,region,capacity,classification");
            var rows = lines.Skip(1).Where(l => l.Length > 0).ToList();
            rows.Should().NotBeEmpty();
            rows.Should().OnlyContain(r => r.Contains(",TLP:GREEN,") || r.Contains(",TLP:CLEAR,"), "nothing above the label asked for");
            output.Should().Contain($"{rows.Count} sites écrits");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_refused_export_leaves_a_file_already_at_that_path_untouched()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rempart-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "someone's own file", Ct);
        try
        {
            var (code, _, error) = await CliRun.RunAsync(app.Database, "sites", "export", "--engagement", "CIV-2024", "--as", "togo@demo.rempart.example", "--out", file);
            code.Should().NotBe(0);
            error.Should().Contain("CIV-2024");
            (await File.ReadAllTextAsync(file, Ct)).Should().Be("someone's own file");

            (code, _, error) = await CliRun.RunAsync(app.Database, "sites", "export", "--engagement", "CIV-2024", "--max", "TLP:PURPLE", "--out", file);
            code.Should().NotBe(0, "an unknown label is refused");
            error.Should().Contain("TLP:PURPLE");
            (await File.ReadAllTextAsync(file, Ct)).Should().Be("someone's own file");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
