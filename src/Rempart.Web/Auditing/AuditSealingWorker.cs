using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Auditing;
using Rempart.Core.Data;

namespace Rempart.Web.Auditing;

/// <summary>
/// Seals the audit records of the web app's saves in the background, so that a request ends with its own commit
/// instead of also taking the chain's lock and writing its record a second time. A save wakes the loop; the loop
/// waits a moment for the saves of the same instant to gather, then seals them in one batch. The records themselves
/// are written with each change, in its transaction: a stop before a seal leaves them pending, never lost, and the
/// next seal (this loop at start, any reader of the audit trail, the CLI) takes them.
/// </summary>
public sealed class AuditSealingWorker(IServiceScopeFactory scopes, ILogger<AuditSealingWorker> logger) : BackgroundService
{
    /// <summary>How long saves gather before a seal: short enough for no one to notice, long enough to batch a workshop's saves.</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(25);

    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(2);

    private readonly Channel<bool> wakes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string database;
        await using (var scope = scopes.CreateAsyncScope())
        {
            database = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetConnectionString() ?? "";
        }

        var handOver = AuditSealer.HandOver(database, () => wakes.Writer.TryWrite(true));
        try
        {
            // Whatever an earlier run left pending is sealed first.
            wakes.Writer.TryWrite(true);
            while (await wakes.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(Gather, stoppingToken);
                wakes.Reader.TryRead(out _);
                if (!await SealAsync(stoppingToken))
                {
                    await Task.Delay(AfterFailure, stoppingToken);
                    wakes.Writer.TryWrite(true);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            // Saves from now on seal themselves; this last seal takes what was woken for before.
            handOver.Dispose();
            await SealAsync(CancellationToken.None);
        }
    }

    private async Task<bool> SealAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await AuditSealer.SealAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken, wait: true);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The records stay pending; the next seal takes them.
            logger.LogWarning("Sealing the audit records failed; they stay pending and are sealed at the next try: {Error}", e.GetBaseException().Message);
            return false;
        }
    }
}
