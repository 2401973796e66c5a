using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task Start_OnEmptyDatabase_MigratesLoadsDemoOnceAndIsReady()
    {
        await using var database = TestDatabase.Create();
        await using (var first = new RempartFactory(database.Settings()))
        {
            using var client = first.CreateClient();
            (await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
            await using var scope = first.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Database.ProviderName.Should().Contain(database.Provider == DatabaseProvider.Postgres ? "Npgsql" : "Sqlite");
            (await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken)).Should().BeEmpty();
            (await db.Engagements.Select(e => e.Code).ToListAsync(TestContext.Current.CancellationToken)).Should().BeEquivalentTo(["CIV-2024", "TGO-2023"]);
            (await db.Roles.CountAsync(TestContext.Current.CancellationToken)).Should().Be(6);
        }

        // A restart on the same database loads nothing twice.
        await using var second = new RempartFactory(database.Settings());
        using (var client = second.CreateClient())
        {
            (await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await using var scope2 = second.Services.CreateAsyncScope();
        var db2 = scope2.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db2.Engagements.CountAsync(TestContext.Current.CancellationToken)).Should().Be(2);
        (await db2.Users.CountAsync(TestContext.Current.CancellationToken)).Should().Be(7);
    }
}
