using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Auditing;
using Rempart.Core.Data;

namespace Rempart.Web.Tests.Cli;

/// <summary><c>rempart audit verify</c>: exit code 0 on an intact chain, 1 and the record concerned on a break.</summary>
public sealed class AuditCliTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();

    public async ValueTask InitializeAsync()
    {
        await using var services = await CoreServicesForTests.BuildAsync(_database);
        for (var i = 1; i <= 3; i++)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync(null, null, "sites.export", $"CIV-2024 {i}");
        }
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Verify_says_intact_then_names_the_edited_record()
    {
        var ok = await CliRun.RunAsync(_database, "audit", "verify");
        ok.Code.Should().Be(0);
        long count;
        await using (var services = await CoreServicesForTests.BuildAsync(_database))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.AuditEvents.CountAsync(e => e.Action == "sites.export", TestContext.Current.CancellationToken)).Should().Be(3);
            count = await db.AuditEvents.LongCountAsync(TestContext.Current.CancellationToken);
        }

        ok.Output.Should().Contain("intact").And.Contain($"{count} records");

        await using (var services = await CoreServicesForTests.BuildAsync(_database))
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEvents.Where(e => e.Sequence == 2).ExecuteUpdateAsync(u => u.SetProperty(e => e.Action, "sites.view"), TestContext.Current.CancellationToken);
        }

        var broken = await CliRun.RunAsync(_database, "audit", "verify", "--language", "fr");
        broken.Code.Should().Be(1);
        broken.Error.Should().Contain("L'enregistrement d'audit 2 a été modifié");
    }
}
