using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Questionnaires;
using Spectre.Console;

namespace Rempart.Cli.Commands;

/// <summary><c>rempart answers export|import</c>: offline questionnaire workbooks, on behalf of a named account.</summary>
internal static class AnswersCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("answers", "Export an entity's questionnaire workbook, or import a filled one (preview first, then --commit).");
        command.Subcommands.Add(Export(context));
        command.Subcommands.Add(Import(context));
        return command;
    }

    private static Option<string> EngagementOption() => new("--engagement") { Description = "Engagement code, e.g. CIV-2024.", Required = true };

    private static Option<string> AsOption() => new("--as") { Description = "E-mail of the account acting (its engagement role decides what it may do).", Required = true };

    /// <summary>The viewer for an account, as if it had signed in; a disabled or unknown account is refused.</summary>
    internal static async Task<Viewer> ViewerAsync(IServiceProvider services, string email)
    {
        var users = services.GetRequiredService<UserManager<RempartUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null || user.IsDisabled)
        {
            throw new DomainRuleException("Cli.UnknownAccount", email);
        }

        services.GetRequiredService<AppDbContext>().ActingUserId = user.Id;
        return new Viewer(user.Id, (await users.GetRolesAsync(user)).ToHashSet(StringComparer.Ordinal));
    }

    private static Command Export(CliContext context)
    {
        var engagement = EngagementOption();
        var acting = AsOption();
        var entity = new Option<string>("--entity") { Description = "Entity acronym, e.g. MMPE.", Required = true };
        var language = new Option<string>("--lang") { Description = "Language of the workbook: fr or en.", DefaultValueFactory = _ => "fr" };
        var output = new Option<string?>("--out") { Description = "File to write (default: <engagement>-<entity>-<lang>.xlsx)." };
        var command = new Command("export", "Write an entity's questionnaire workbook (XLSX) for offline answering.") { engagement, acting, entity, language, output };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            try
            {
                var viewer = await ViewerAsync(scope.ServiceProvider, parse.GetValue(acting)!);
                var (bytes, name) = await scope.ServiceProvider.GetRequiredService<WorkbookService>()
                    .ExportAsync(viewer, parse.GetValue(engagement)!, parse.GetValue(entity)!, parse.GetValue(language)!, cancellationToken);
                var path = Path.GetFullPath(parse.GetValue(output) ?? name);
                var label = (await scope.ServiceProvider.GetRequiredService<Rempart.Core.Engagements.EngagementAccess>().OpenAsync(viewer, parse.GetValue(engagement)!, cancellationToken)).Classification;
                bytes = Rempart.Core.Documents.WorkbookLabel.Stamp(bytes, label);
                await File.WriteAllBytesAsync(path, bytes, cancellationToken);
                await context.Output.WriteLineAsync(context.Text("Cli.Answers.Exported", path, bytes.Length));
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

    private static Command Import(CliContext context)
    {
        var engagement = EngagementOption();
        var acting = AsOption();
        var file = new Option<string>("--file") { Description = "The filled workbook (.xlsx).", Required = true };
        var commit = new Option<bool>("--commit") { Description = "Apply the changes (all or nothing). Without it, only show what would change." };
        var conflicts = new Option<ConflictResolution>("--conflicts")
        {
            Description = "Answers changed on the web after the export: Refuse (default), KeepWeb or TakeWorkbook.",
            DefaultValueFactory = _ => ConflictResolution.Refuse,
        };
        var command = new Command("import", "Check a filled workbook and show what it changes; with --commit, apply it all or nothing.") { engagement, acting, file, commit, conflicts };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new DomainRuleException("Cli.FileMissing", path);
            }

            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            WorkbookImportReport report;
            try
            {
                var viewer = await ViewerAsync(scope.ServiceProvider, parse.GetValue(acting)!);
                await using var stream = File.OpenRead(path);
                report = await scope.ServiceProvider.GetRequiredService<WorkbookService>()
                    .ImportAsync(viewer, parse.GetValue(engagement)!, stream, Path.GetFileName(path), parse.GetValue(commit), parse.GetValue(conflicts), null, cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is NotFoundException or ForbiddenException or ConflictException)
            {
                await context.Error.WriteLineAsync(e switch
                {
                    NotFoundException n => n.MessageIn(context.Culture),
                    ForbiddenException f => f.MessageIn(context.Culture),
                    ConflictException c => c.MessageIn(context.Culture),
                    _ => e.Message,
                });
                return RempartCli.Refused;
            }

            var changed = report.Rows.Where(r => r.Outcome != RowOutcome.Unchanged).ToList();
            if (changed.Count > 0)
            {
                var table = new Table().AddColumns(context.Text("Cli.Column.Row"), context.Text("Cli.Column.Question"), context.Text("Cli.Column.Outcome"));
                foreach (var row in changed)
                {
                    table.AddRow(row.Row.ToString(context.Culture), Markup.Escape(row.QuestionId), Markup.Escape(context.Text("Cli.Outcome." + row.Outcome)));
                }

                context.Console.Write(table);
            }

            foreach (var problem in report.Problems)
            {
                await context.Error.WriteLineAsync($"{report.FileName}: {problem.Cell}: {problem.MessageIn(context.Culture)}");
            }

            if (!report.IsValid)
            {
                await context.Error.WriteLineAsync(context.Text("Cli.Answers.Refused", report.FileName, report.Problems.Count));
                return RempartCli.Refused;
            }

            await context.Output.WriteLineAsync(report.Committed
                ? context.Text("Cli.Answers.Imported", report.Applied, report.FileName, report.FileSha256)
                : context.Text("Cli.Answers.Preview", report.Count(RowOutcome.New), report.Count(RowOutcome.Changed), report.Count(RowOutcome.Conflict), report.Count(RowOutcome.Unchanged)));
            return RempartCli.Ok;
        }));
        return command;
    }
}
