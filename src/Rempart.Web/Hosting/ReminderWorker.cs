using Rempart.Core.Monitoring;

namespace Rempart.Web.Hosting;

/// <summary>
/// Sends the monitoring reminders when SMTP is configured: shortly after start, then every few hours. Each person
/// gets at most one message per engagement a week (the reminder log decides, across instances too).
/// </summary>
public sealed class ReminderWorker(IServiceScopeFactory scopes, MailSettings settings, TimeProvider time, ILogger<ReminderWorker> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRun = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Every = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        try
        {
            await Task.Delay(FirstRun, time, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ReminderService>().SendDueAsync(null, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Reminders failed this round: {Error}", e.GetBaseException().Message);
                }

                await Task.Delay(Every, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
