using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Targets;
using Spectre.Console;

namespace Rempart.Cli.Commands;

/// <summary><c>rempart sites import|export</c>: the national inventory of sites, from and to files.</summary>
internal static class SitesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("sites", "The inventory of vulnerable targets (sites).");
        command.Subcommands.Add(Import(context));
        command.Subcommands.Add(Export(context));
        return command;
    }

    /// <summary>Without --as the command acts with the operator's own database access, as a programme administrator (recorded as such in the audit trail).</summary>
    internal static async Task<Viewer> ActingAsync(IServiceProvider services, string? email) =>
        string.IsNullOrWhiteSpace(email) ? Viewer.Operator : await AnswersCommand.ViewerAsync(services, email);

    private static Command Import(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "CSV, XLSX or GeoJSON file in the documented site format (docs/SITES.md)." };
        var engagement = new Option<string>("--engagement") { Description = "Engagement code, e.g. CIV-2024.", Required = true };
        var acting = new Option<string?>("--as") { Description = "E-mail of the account importing (default: the operator, as administrator)." };
        var command = new Command("import", "Import sites, all or nothing; a code already in the inventory updates that site.") { file, engagement, acting };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                await context.Error.WriteLineAsync(context.Text("Cli.FileMissing", path));
                return RempartCli.BadSetting;
            }

            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var sites = scope.ServiceProvider.GetRequiredService<SiteService>();
            try
            {
                var viewer = await ActingAsync(scope.ServiceProvider, parse.GetValue(acting));
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                SiteImportResult result = null!;
                var title = context.Text("Cli.Sites.Importing", Path.GetFileName(path));
                if (context.Console.Profile.Capabilities.Interactive)
                {
                    await context.Console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .StartAsync(async progress =>
                        {
                            var task = progress.AddTask(title, maxValue: 100);
                            var report = new Progress<SiteImportProgress>(p => { task.Value = p.Fraction * 100; task.Description = $"{title} ({p.Rows.ToString("N0", context.Culture)})"; });
                            result = await sites.ImportAsync(viewer, parse.GetValue(engagement)!, stream, Path.GetFileName(path), report, cancellationToken);
                            task.Value = 100;
                        });
                }
                else
                {
                    var lines = new LineProgress(context.Output, title, context.Culture);
                    result = await sites.ImportAsync(viewer, parse.GetValue(engagement)!, stream, Path.GetFileName(path), lines, cancellationToken);
                }

                await context.Output.WriteLineAsync(context.Text("Cli.Sites.Imported", result.Rows, result.Added, result.Updated, result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)));
                return RempartCli.Ok;
            }
            catch (SiteImportException e)
            {
                await context.Error.WriteLineAsync(CoreMessages.Format("Sites.Import.Refused", context.Culture, e.File, e.Problems.Count));
                foreach (var p in e.Problems)
                {
                    await context.Error.WriteLineAsync(context.Text("Cli.Sites.Problem", e.File, p.Row, p.Column, p.MessageIn(context.Culture)));
                }

                return RempartCli.Refused;
            }
            catch (Exception e) when (e is NotFoundException or ForbiddenException)
            {
                await context.Error.WriteLineAsync(e is NotFoundException n ? n.MessageIn(context.Culture) : ((ForbiddenException)e).MessageIn(context.Culture));
                return RempartCli.Refused;
            }
        }));
        return command;
    }

    private static Command Export(CliContext context)
    {
        var engagement = new Option<string>("--engagement") { Description = "Engagement code, e.g. CIV-2024.", Required = true };
        var acting = new Option<string?>("--as") { Description = "E-mail of the account exporting: its clearance decides which sites the file holds (default: the operator, as administrator)." };
        var output = new Option<string>("--out") { Description = "File to write: .csv or .geojson.", Required = true };
        var max = new Option<string?>("--max") { Description = "Highest TLP label to include, e.g. TLP:GREEN (default: everything the account may see)." };
        var command = new Command("export", "Export sites as CSV or GeoJSON, scrubbed by classification.") { engagement, acting, output, max };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var export = scope.ServiceProvider.GetRequiredService<SiteExport>();
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var format = Path.GetExtension(path).ToLowerInvariant() is ".geojson" or ".json" ? "geojson" : "csv";
            try
            {
                var viewer = await ActingAsync(scope.ServiceProvider, parse.GetValue(acting));
                var plan = await export.PlanAsync(viewer, parse.GetValue(engagement)!, format, parse.GetValue(max), cancellationToken);
                int count;
                await using (var stream = File.Create(path))
                {
                    count = await export.WriteAsync(plan, stream, null, cancellationToken);
                }

                await context.Output.WriteLineAsync(context.Text("Cli.Sites.Exported", count, path));
                await context.Output.WriteLineAsync(context.Text("Cli.Classification", plan.Label));
                return RempartCli.Ok;
            }
            catch (Exception e) when (e is NotFoundException or ForbiddenException)
            {
                // Refused before the file was created: nothing to remove (and a file already there is left alone).
                await context.Error.WriteLineAsync(e is NotFoundException n ? n.MessageIn(context.Culture) : ((ForbiddenException)e).MessageIn(context.Culture));
                return RempartCli.Refused;
            }
        }));
        return command;
    }

    private sealed class LineProgress(TextWriter output, string title, CultureInfo culture) : IProgress<SiteImportProgress>
    {
        private int lastPercent = -10;

        public void Report(SiteImportProgress value)
        {
            var percent = (int)(value.Fraction * 100);
            if (percent >= lastPercent + 10 || percent == 100)
            {
                lastPercent = percent;
                output.WriteLine($"[{percent,3}%] {title}: {value.Rows.ToString("N0", culture)}");
            }
        }
    }
}
