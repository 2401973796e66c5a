using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;
using Rempart.Core.Monitoring;

namespace Rempart.Cli.Commands;

/// <summary><c>rempart monitoring remind</c>: e-mail what needs attention in adopted plans (or list it with --dry-run).</summary>
internal static class MonitoringCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("monitoring", "Follow adopted plans.");
        command.Subcommands.Add(Remind(context));
        return command;
    }

    private static Command Remind(CliContext context)
    {
        var engagement = new Option<string?>("--engagement") { Description = "Engagement code (default: every engagement under implementation)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List who would be reminded of what; send nothing." };
        var command = new Command("remind", "Send the reminders due today (at most one per person and engagement a week).") { engagement, dryRun };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var reminders = scope.ServiceProvider.GetRequiredService<ReminderService>();
            try
            {
                if (parse.GetValue(dryRun))
                {
                    foreach (var r in await reminders.PlanAsync(parse.GetValue(engagement), cancellationToken))
                    {
                        await context.Output.WriteLineAsync(context.Text("Cli.Remind.Line", r.EngagementCode, r.Name, string.Join(", ", r.Items.Select(i => i.Code))));
                    }

                    return RempartCli.Ok;
                }

                if (!reminders.Enabled)
                {
                    await context.Error.WriteLineAsync(context.Text("Cli.Remind.NoSmtp"));
                    return RempartCli.BadSetting;
                }

                var sent = await reminders.SendDueAsync(parse.GetValue(engagement), cancellationToken);
                await context.Output.WriteLineAsync(context.Text("Cli.Remind.Sent", sent));
                return RempartCli.Ok;
            }
            catch (NotFoundException e)
            {
                await context.Error.WriteLineAsync(e.MessageIn(context.Culture));
                return RempartCli.Refused;
            }
        }));
        return command;
    }
}
