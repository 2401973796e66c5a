using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;
using Rempart.Core.Exports;

namespace Rempart.Cli.Commands;

/// <summary>
/// <c>rempart export oscal-poam|oscal-results|iati|csv</c>: the plan and the assessment in OSCAL, the activities in
/// IATI, and the monitoring lists as CSV (or XLSX when the file ends with .xlsx), as the account given may see them.
/// </summary>
internal static class ExportCommand
{
    public static readonly IReadOnlyList<string> Kinds = ["oscal-poam", "oscal-results", "iati", "csv"];

    public static Command Create(CliContext context)
    {
        var kind = new Argument<string>("kind") { Description = "oscal-poam, oscal-results, iati or csv." };
        kind.AcceptOnlyFromAmong([.. Kinds]);
        var engagement = new Option<string>("--engagement") { Description = "Engagement code, e.g. CIV-2024.", Required = true };
        var acting = new Option<string>("--as") { Description = "E-mail of the account exporting (its engagement role decides what the file holds).", Required = true };
        var output = new Option<string?>("--out") { Description = "File to write (default: the export's own name, e.g. CIV-2024-poam.json); for csv, a name ending .xlsx writes XLSX." };
        var language = new Option<string>("--lang") { Description = "Language of titles and column headers: en or fr.", DefaultValueFactory = _ => "fr" };
        var classification = new Option<string?>("--classification") { Description = "For iati: keep only activities at or below this TLP label (TLP:CLEAR for a file to publish)." };
        var list = new Option<string>("--list") { Description = "For csv: plan, updates, indicators, milestones, activities, funding or participants.", DefaultValueFactory = _ => "plan" };
        var command = new Command("export", "Export an engagement: OSCAL plan of action and milestones or assessment results, IATI activities, monitoring lists.")
        {
            kind, engagement, acting, output, language, list, classification,
        };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            try
            {
                var viewer = await AnswersCommand.ViewerAsync(scope.ServiceProvider, parse.GetValue(acting)!);
                var exports = scope.ServiceProvider.GetRequiredService<ExportService>();
                var code = parse.GetValue(engagement)!;
                var lang = parse.GetValue(language)!;
                var target = parse.GetValue(output);
                var file = parse.GetValue(kind) switch
                {
                    "oscal-poam" => await exports.OscalPoamAsync(viewer, code, lang, cancellationToken),
                    "oscal-results" => await exports.OscalResultsAsync(viewer, code, lang, cancellationToken),
                    "iati" => await exports.IatiAsync(viewer, code, parse.GetValue(classification), cancellationToken),
                    _ => await exports.ListAsync(viewer, code, parse.GetValue(list)!,
                        target is not null && target.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? "xlsx" : "csv", lang, cancellationToken),
                };
                var path = Path.GetFullPath(target ?? file.FileName);
                // The file's TLP label: its own, or the engagement's; printed on every sheet of a workbook.
                var label = file.Classification ?? (await scope.ServiceProvider.GetRequiredService<Rempart.Core.Engagements.EngagementAccess>().OpenAsync(viewer, code, cancellationToken)).Classification;
                var content = file.ContentType == Rempart.Core.Documents.WorkbookLabel.ContentType ? Rempart.Core.Documents.WorkbookLabel.Stamp(file.Content, label) : file.Content;
                await File.WriteAllBytesAsync(path, content, cancellationToken);
                await context.Output.WriteLineAsync(context.Text("Cli.Export.Written", path, content.Length));
                await context.Output.WriteLineAsync(context.Text("Cli.Classification", label));
                return RempartCli.Ok;
            }
            catch (Exception e) when (e is NotFoundException or ForbiddenException)
            {
                await context.Error.WriteLineAsync(e is NotFoundException n ? n.MessageIn(context.Culture) : ((ForbiddenException)e).MessageIn(context.Culture));
                return RempartCli.Refused;
            }
        }));
        return command;
    }
}
