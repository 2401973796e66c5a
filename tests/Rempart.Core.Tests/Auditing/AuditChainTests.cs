using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Auditing;
using Rempart.Core.Data;

namespace Rempart.Core.Tests.Auditing;

/// <summary>The hash chain of the audit trail: intact after appends (also concurrent ones), and every kind of tampering found and located.</summary>
public sealed class AuditChainTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private ServiceProvider _services = default!;

    public async ValueTask InitializeAsync()
    {
        _services = await CoreServicesForTests.BuildAsync(_database);
        await Task.WhenAll(Enumerable.Range(1, 6).Select(async i =>
        {
            await using var scope = _services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync(null, null, "test.event", $"subject {i}", new { i });
        }));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<T> With<T>(Func<AppDbContext, AuditLog, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider.GetRequiredService<AuditLog>());
    }

    [Fact]
    public async Task Concurrent_appends_make_one_intact_chain()
    {
        var (records, breaks) = await With((_, log) => log.VerifyAsync());
        breaks.Should().BeEmpty();
        (await With(async (db, _) => await db.AuditEvents.CountAsync(e => e.Action == "test.event"))).Should().Be(6);
        records.Should().BeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public async Task A_database_handed_over_to_a_sealing_loop_wakes_it_and_seals_on_each_save_again_once_released()
    {
        var database = await With((db, _) => Task.FromResult(db.Database.GetConnectionString()!));
        Task Record(string subject) => With(async (_, log) =>
        {
            await log.RecordAsync(null, null, "test.handed-over", subject, new { subject }, TestContext.Current.CancellationToken);
            return 0;
        });
        Task<int> Pending() => With((db, _) => db.Set<AuditPending>().CountAsync(TestContext.Current.CancellationToken));
        Task<int> Sealed() => With((db, _) => db.AuditEvents.CountAsync(e => e.Action == "test.handed-over", TestContext.Current.CancellationToken));
        var wakes = 0;

        // Concurrent appends (the class's set-up) may leave a record for the next seal on PostgreSQL, where a seal
        // tries the lock rather than waits for it: start from none pending.
        await With(async (db, _) =>
        {
            await AuditSealer.SealAsync(db, TestContext.Current.CancellationToken, wait: true);
            return 0;
        });
        (await Pending()).Should().Be(0);
        using (AuditSealer.HandOver(database, () => Interlocked.Increment(ref wakes)))
        {
            await Record("one");
            wakes.Should().Be(1, "the save wakes the loop");
            (await Pending()).Should().Be(1, "the record is written with the save, and left to the loop");
            (await Sealed()).Should().Be(0);

            // A second loop for the same database does not take it over: the first one keeps being woken.
            using (AuditSealer.HandOver(database, () => throw new InvalidOperationException("not this loop")))
            {
                await Record("two");
            }

            wakes.Should().Be(2);
            await With(async (db, _) =>
            {
                await AuditSealer.SealAsync(db, TestContext.Current.CancellationToken, wait: true);
                return 0;
            });
            (await Pending()).Should().Be(0);
            (await Sealed()).Should().Be(2);
        }

        await Record("three");
        wakes.Should().Be(2, "a released database seals on the save again");
        (await Pending()).Should().Be(0);
        (await Sealed()).Should().Be(3);
        var (_, breaks) = await With((_, log) => log.VerifyAsync(TestContext.Current.CancellationToken));
        breaks.Should().BeEmpty();
    }

    [Fact]
    public async Task An_edited_record_is_found_and_named()
    {
        await With(async (db, _) => await db.AuditEvents.Where(e => e.Sequence == 3).ExecuteUpdateAsync(u => u.SetProperty(e => e.Subject, "someone else")));
        var (_, breaks) = await With((_, log) => log.VerifyAsync());
        breaks.Should().Equal(new AuditBreak(3, "Audit.Edited"));
    }

    [Fact]
    public async Task A_deleted_record_is_found_by_the_gap_and_the_broken_link()
    {
        await With(async (db, _) => await db.AuditEvents.Where(e => e.Sequence == 4).ExecuteDeleteAsync());
        var (_, breaks) = await With((_, log) => log.VerifyAsync());
        breaks.Should().Equal(new AuditBreak(4, "Audit.Gap"), new AuditBreak(5, "Audit.Relinked"));
    }

    [Fact]
    public async Task A_record_rewritten_with_a_fresh_hash_still_breaks_the_next_link()
    {
        await With(async (db, _) =>
        {
            var e = await db.AuditEvents.SingleAsync(x => x.Sequence == 2);
            e.Details = "{\"forged\":true}";
            e.Hash = AuditEvent.HashOf(e, e.PreviousHash);
            return await db.SaveChangesAsync();
        });
        var (_, breaks) = await With((_, log) => log.VerifyAsync());
        breaks.Should().Equal(new AuditBreak(3, "Audit.Relinked"));
    }

    [Fact]
    public void The_messages_say_which_record_in_both_languages()
    {
        CoreMessages.Format("Audit.Edited", System.Globalization.CultureInfo.GetCultureInfo("fr"), 3).Should().Contain("3").And.Contain("modifié");
        CoreMessages.Format("Audit.Gap", System.Globalization.CultureInfo.GetCultureInfo("en"), 4).Should().Contain("4").And.Contain("deleted");
    }
}
