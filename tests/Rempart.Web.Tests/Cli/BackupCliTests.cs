using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Auditing;
using Rempart.Core.Data;

namespace Rempart.Web.Tests.Cli;

/// <summary><c>rempart backup</c> and <c>rempart restore</c> on the provider under test: a round trip gives identical content, table by table.</summary>
public sealed class BackupCliTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly string _folder = Directory.CreateTempSubdirectory("rempart-backup-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using var services = await CoreServicesForTests.BuildAsync(_database);
        for (var i = 1; i <= 5; i++)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync(null, null, "sites.export", $"Côte d'Ivoire {i}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        await _database.DisposeAsync();
    }

    private async Task<T> With<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var services = await CoreServicesForTests.BuildAsync(_database);
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    [Fact]
    public async Task A_backup_restored_after_changes_gives_back_identical_content()
    {
        var file = Path.Combine(_folder, "rempart.backup");
        var before = await With(s => s.GetRequiredService<BackupService>().DigestAsync(Ct));
        var written = await CliRun.RunAsync(_database, "backup", "--out", file);
        written.Code.Should().Be(0, written.Error);
        written.Output.Should().Contain(file).And.Contain("manifest");
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(file + ".manifest.json", Ct)).RootElement;
        manifest.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("sha256").GetString()).Should().Equal(before.Select(t => t.Sha256));
        (await CliRun.RunAsync(_database, "backup", "--out", file)).Code.Should().Be(1, "a backup never overwrites another");

        // Work after the backup: more records, one deleted.
        await With(async s =>
        {
            await s.GetRequiredService<AuditLog>().RecordAsync(null, null, "sites.import", "after the backup");
            return await s.GetRequiredService<AppDbContext>().AuditEvents.Where(e => e.Action == "sites.export" && e.Subject.EndsWith(" 1")).ExecuteDeleteAsync(Ct);
        });
        (await With(s => s.GetRequiredService<BackupService>().DigestAsync(Ct))).Should().NotBeEquivalentTo(before);

        var unconfirmed = await CliRun.RunAsync(_database, "restore", file);
        unconfirmed.Code.Should().Be(2);
        unconfirmed.Error.Should().Contain("--yes");

        var restored = await CliRun.RunAsync(_database, "restore", file, "--yes");
        restored.Code.Should().Be(0, restored.Error);
        restored.Output.Should().Contain("identical");
        (await With(s => s.GetRequiredService<BackupService>().DigestAsync(Ct))).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        (await With(s => s.GetRequiredService<AuditLog>().VerifyAsync(Ct))).Breaks.Should().BeEmpty();
        (await With(async s => await s.GetRequiredService<AppDbContext>().AuditEvents.CountAsync(e => e.Subject == "after the backup", Ct))).Should().Be(0);
        (await With(async s => await s.GetRequiredService<AppDbContext>().AuditEvents.CountAsync(e => e.Subject == "Côte d'Ivoire 1", Ct))).Should().Be(1);
    }

    [Fact]
    public async Task A_changed_backup_file_is_refused_and_nothing_is_restored()
    {
        var file = Path.Combine(_folder, "altered.backup");
        (await CliRun.RunAsync(_database, "backup", "--out", file)).Code.Should().Be(0);
        await File.AppendAllTextAsync(file, "x", Ct);
        var refused = await CliRun.RunAsync(_database, "restore", file, "--yes", "--language", "fr");
        refused.Code.Should().Be(1);
        refused.Error.Should().Contain("SHA-256").And.Contain("Rien n'a été restauré");
        File.Delete(file + ".manifest.json");
        (await CliRun.RunAsync(_database, "restore", file, "--yes")).Error.Should().Contain("manifest");
    }
}
