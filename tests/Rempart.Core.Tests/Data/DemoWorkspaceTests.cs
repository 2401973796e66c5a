using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;

namespace Rempart.Core.Tests.Data;

public sealed class DemoWorkspaceTests : IDisposable
{
    private readonly List<string> _written = [];

    private static string DemoFile => Path.Combine(AppContext.BaseDirectory, "demo", "workspace.yaml");

    /// <summary>A demo file of the test's own, deleted when the test ends.</summary>
    private string Write(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rempart-demo-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        _written.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var path in _written)
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ShippedDemo_HasEveryRoleAndTheIvorianEngagement()
    {
        var demo = DemoWorkspace.Read(DemoFile);
        demo.Engagements.Should().Contain("CIV-2024");
        demo.Accounts.Select(a => a.Role).Distinct().Should().HaveCount(6);
        demo.Accounts.Should().OnlyContain(a => a.Email.EndsWith("@demo.rempart.example", StringComparison.Ordinal), "demo people are fictional and their addresses unroutable");
    }

    [Fact]
    public void UnknownKey_IsNamedWithLineAndColumn()
    {
        var path = Write("password: Abcdefgh1234\nusers:\n  - email: a@b.example\n    nmae: Typo\n");
        var act = () => DemoWorkspace.Read(path);
        var error = act.Should().Throw<DomainRuleException>().Which;
        error.Code.Should().Be("Demo.FileInvalid");
        error.Message.Should().Contain(path).And.Contain("line 4, column 5").And.Contain("nmae");
    }

    [Fact]
    public void DanglingMemberAndUnknownRole_AreBothReported()
    {
        var path = Write("password: Abcdefgh1234\nusers:\n  - email: a@b.example\n    role: Minister\nengagements:\n  - code: CIV-2024\n    country: CIV\n    members:\n      - user: ghost@b.example\n        role: Auditor\n");
        var act = () => DemoWorkspace.Read(path);
        act.Should().Throw<DomainRuleException>().Which.Message.Should().Contain("unknown role 'Minister'").And.Contain("ghost@b.example is not among the users");
    }

    [Fact]
    public async Task CatalogAtStart_IsParsedAgainOnlyWhenItsFilesChange()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"rempart-catalog-{Guid.NewGuid():N}");
        foreach (var file in Directory.EnumerateFiles(Catalog.ShippedCatalogTests.Folder, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(folder, Path.GetRelativePath(Catalog.ShippedCatalogTests.Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        try
        {
            await using var database = TestDatabase.Create();
            await using var services = await CoreServicesForTests.BuildAsync(database);
            async Task<IReadOnlyList<Rempart.Core.Catalog.ImportResult>?> StartAsync()
            {
                await using var scope = services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<Rempart.Core.Catalog.CatalogService>().ImportFolderOnceAsync(folder, TestContext.Current.CancellationToken);
            }

            (await StartAsync()).Should().NotBeNull().And.Contain(r => r.Outcome == Rempart.Core.Catalog.ImportOutcome.Imported);
            (await StartAsync()).Should().BeNull("the same files were imported at the previous start");
            // Any change to the files (here a file added) makes the next start import the folder again, idempotently.
            await File.WriteAllTextAsync(Path.Combine(folder, "README.txt"), "notes", TestContext.Current.CancellationToken);
            (await StartAsync()).Should().NotBeNull().And.OnlyContain(r => r.Outcome != Rempart.Core.Catalog.ImportOutcome.Imported);
            (await StartAsync()).Should().BeNull();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task LoadOnce_SecondCallDoesNothing()
    {
        await using var database = TestDatabase.Create();
        await using var services = await CoreServicesForTests.BuildAsync(database);
        await using (var scope = services.CreateAsyncScope())
        {
            // The demo engagements pin catalog versions, which are imported first (as the web app does).
            await scope.ServiceProvider.GetRequiredService<Rempart.Core.Catalog.CatalogService>().ImportFolderAsync(Catalog.ShippedCatalogTests.Folder, TestContext.Current.CancellationToken);
            (await scope.ServiceProvider.GetRequiredService<DemoWorkspace>().LoadOnceAsync(DemoFile, TestContext.Current.CancellationToken)).Should().BeTrue();
        }

        await using (var scope = services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<DemoWorkspace>().LoadOnceAsync(DemoFile, TestContext.Current.CancellationToken)).Should().BeFalse();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Engagements.CountAsync(TestContext.Current.CancellationToken)).Should().Be(2);
            var civ = await db.Engagements.Include(e => e.Members).SingleAsync(e => e.Code == "CIV-2024", TestContext.Current.CancellationToken);
            civ.TitleFr.Should().StartWith("Côte d'Ivoire");
            civ.Members.Should().HaveCount(5);
            (await db.CatalogVersions.SingleAsync(v => v.Id == civ.CatalogVersionId, TestContext.Current.CancellationToken)).Key.Should().Be("civ@2026.2-civ.1");
        }
    }
}
