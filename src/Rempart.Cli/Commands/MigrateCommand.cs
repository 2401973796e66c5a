using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;

namespace Rempart.Cli.Commands;

/// <summary><c>rempart migrate</c>: applies the pending migrations of the configured database.</summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("migrate", "Apply the pending database migrations (SQLite or PostgreSQL, from the configuration).");
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            await context.Output.WriteLineAsync(applied.Count == 0
                ? context.Text("Cli.Migrate.UpToDate", settings.Describe())
                : context.Text("Cli.Migrate.Applied", applied.Count, settings.Describe(), string.Join(", ", applied)));
            return RempartCli.Ok;
        }));
        return command;
    }
}
