using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;

namespace Rempart.Cli.Commands;

/// <summary><c>rempart backup</c> and <c>rempart restore</c>: a consistent copy with a manifest of every table's content, and its restore, checked against that manifest.</summary>
internal static class BackupCommand
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var output = new Option<string?>("--out") { Description = "File to write (default: backups/rempart-<UTC date and time>.db for SQLite, .dump for PostgreSQL)." };
        var backup = new Command("backup", "Write a consistent copy of the database (SQLite online backup; pg_dump for PostgreSQL) and its manifest.") { output };
        backup.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
            var file = parse.GetValue(output) ?? Path.Combine("backups",
                $"rempart-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}{(settings.Provider == DatabaseProvider.Sqlite ? ".db" : ".dump")}");
            var manifest = await scope.ServiceProvider.GetRequiredService<BackupService>().BackupAsync(file, cancellationToken);
            await context.Output.WriteLineAsync(context.Text("Cli.Backup.Written", Path.GetFullPath(file), manifest.Bytes, manifest.FileSha256, manifest.Tables.Count,
                manifest.Tables.Sum(t => t.Rows), BackupService.ManifestPath(Path.GetFullPath(file))));
            return RempartCli.Ok;
        }));

        var file = new Argument<string>("file") { Description = "Backup file written by rempart backup (its manifest beside it)." };
        var yes = new Option<bool>("--yes") { Description = "Confirm: the database's content is replaced by the backup's." };
        var restore = new Command("restore", "Replace the database's content with a backup's, then check every table against the backup's manifest.") { file, yes };
        restore.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            var path = parse.GetValue(file)!;
            if (!parse.GetValue(yes))
            {
                await context.Error.WriteLineAsync(context.Text("Cli.Restore.Confirm", path));
                return RempartCli.BadSetting;
            }

            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<BackupService>();
            var differing = await service.RestoreAsync(path, cancellationToken);
            if (differing.Count > 0)
            {
                await context.Error.WriteLineAsync(context.Text("Cli.Restore.Differs", path, string.Join(", ", differing)));
                return RempartCli.Refused;
            }

            var tables = await service.DigestAsync(cancellationToken);
            await context.Output.WriteLineAsync(context.Text("Cli.Restore.Identical", path, tables.Count, tables.Sum(t => t.Rows)));
            return RempartCli.Ok;
        }));
        return [backup, restore];
    }
}
