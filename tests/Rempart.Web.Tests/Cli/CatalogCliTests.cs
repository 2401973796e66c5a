using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Cli;
using Rempart.Core.Catalog;
using Rempart.Core.Data;

namespace Rempart.Web.Tests.Cli;

/// <summary><c>rempart catalog</c> against a real database: validation, immutable import, pinning that survives.</summary>
public sealed class CatalogCliTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "catalog");

    public async ValueTask InitializeAsync() => (await RunAsync("migrate")).Code.Should().Be(0);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => CliRun.RunAsync(_database, args);

    private static string CopyCatalog()
    {
        var target = Path.Combine(Path.GetTempPath(), "rempart-cli-" + Guid.NewGuid().ToString("N"), "catalog");
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }

    [Fact]
    public async Task Validate_PrintsCounts_OrEveryErrorAndExits1()
    {
        var ok = await RunAsync("catalog", "validate", Folder);
        ok.Code.Should().Be(0, ok.Error);
        ok.Output.Should().MatchRegex(@"rempart-base@2026\.2: The catalog is valid: 6 instruments, \d+ provisions, \d+ questions, \d+ recommendation templates\.");

        var broken = CopyCatalog();
        var file = Path.Combine(broken, "questions", "legislative.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("    weight: 3\n", "    wieght: 3\n", StringComparison.Ordinal));
        var bad = await RunAsync("catalog", "validate", broken, "--language", "fr");
        bad.Code.Should().Be(RempartCli.Refused);
        bad.Error.Should().MatchRegex(@"catalog/questions/legislative\.yaml:\d+:5: question leg-[a-z]+-\d+: unknown key 'wieght'");
        bad.Error.Should().Contain("rien n'a été importé");
        Directory.Delete(Path.GetDirectoryName(broken)!, true);
    }

    [Fact]
    public async Task Import_IsImmutable_AndPinningSurvivesANewVersion()
    {
        (await RunAsync("catalog", "import", Folder)).Output.Should().Contain("Imported rempart-base@2026.2.").And.Contain("Imported civ@2026.2-civ.1.");
        (await RunAsync("catalog", "import", Folder)).Output.Should().Contain("already imported with the same content");

        // Pin an engagement to the first version.
        await using var services = await CoreServicesForTests.BuildAsync(_database);
        Guid engagementId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var version = await db.CatalogVersions.SingleAsync(v => v.Key == "rempart-base@2026.2", TestContext.Current.CancellationToken);
            var engagement = new Rempart.Core.Engagements.Engagement { Code = "MLI-2025", CountryCode = "MLI", TitleEn = "Mali", TitleFr = "Mali", PeriodStart = new DateOnly(2025, 1, 1), CatalogVersionId = version.Id };
            db.Engagements.Add(engagement);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            engagementId = engagement.Id;
        }

        // The same version number with other content is refused; nothing changes.
        var changed = CopyCatalog();
        var file = Path.Combine(changed, "questions", "legislative.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("    weight: 3\n", "    weight: 1\n", StringComparison.Ordinal));
        var refused = await RunAsync("catalog", "import", changed);
        refused.Code.Should().Be(RempartCli.Refused);
        refused.Error.Should().Contain("was imported before with different content");

        // A new version number imports beside the old one, and the engagement keeps its pin.
        foreach (var path in new[] { Path.Combine(changed, "catalog.yaml") })
        {
            File.WriteAllText(path, File.ReadAllText(path).Replace("version: \"2026.2\"", "version: \"2027.1\"", StringComparison.Ordinal));
        }

        File.Delete(Path.Combine(changed, "overlays", "civ.yaml"));
        var imported = await RunAsync("catalog", "import", changed);
        imported.Code.Should().Be(0, imported.Error);
        imported.Output.Should().Contain("Imported rempart-base@2027.1.");
        await using (var scope = services.CreateAsyncScope())
        {
            var catalogs = scope.ServiceProvider.GetRequiredService<CatalogService>();
            (await catalogs.PinnedKeyAsync(engagementId, TestContext.Current.CancellationToken)).Should().Be("rempart-base@2026.2");
            (await catalogs.LatestAsync(cancellationToken: TestContext.Current.CancellationToken))!.Key.Should().Be("rempart-base@2027.1");
            var old = await catalogs.GetAsync("rempart-base@2026.2", TestContext.Current.CancellationToken);
            var updated = await catalogs.GetAsync("rempart-base@2027.1", TestContext.Current.CancellationToken);
            CatalogAnalysis.Diff(old, updated).Changes.Should().OnlyContain(c => c.Change == "changed" && c.Fields.SequenceEqual(new[] { "weight" }));
        }

        (await RunAsync("catalog", "list")).Output.Should().Contain("rempart-base@2027.1").And.Contain("rempart-base@2026.2");
        Directory.Delete(Path.GetDirectoryName(changed)!, true);
    }

    [Fact]
    public async Task Export_WritesOscalAndXlsx()
    {
        var dir = Directory.CreateTempSubdirectory("rempart-export").FullName;
        var oscal = await RunAsync("catalog", "export", "--format", "oscal", "--out", Path.Combine(dir, "catalog.json"), "--path", Folder, "--overlay", "civ", "--text-language", "fr");
        oscal.Code.Should().Be(0, oscal.Error);
        File.ReadAllText(Path.Combine(dir, "catalog.json")).Should().Contain("\"oscal-version\": \"1.2.2\"").And.Contain("Jacqueville");
        (await RunAsync("catalog", "import", Folder)).Code.Should().Be(0);
        var xlsx = await RunAsync("catalog", "export", "--format", "xlsx", "--out", Path.Combine(dir, "catalog.xlsx"), "--version", "rempart-base@2026.2");
        xlsx.Code.Should().Be(0, xlsx.Error);
        new FileInfo(Path.Combine(dir, "catalog.xlsx")).Length.Should().BeGreaterThan(10_000);
        (await RunAsync("catalog", "export", "--format", "pdf", "--out", Path.Combine(dir, "x"))).Code.Should().NotBe(0);
        Directory.Delete(dir, true);
    }
}
