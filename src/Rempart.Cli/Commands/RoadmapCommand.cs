using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;
using Rempart.Core.Roadmaps;
using Spectre.Console;

namespace Rempart.Cli.Commands;

/// <summary><c>rempart roadmap render</c>: the national plan of action as Word, PDF, Markdown or HTML.</summary>
internal static class RoadmapCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("roadmap", "Render the roadmap of an engagement.");
        command.Subcommands.Add(Render(context));
        return command;
    }

    private static Command Render(CliContext context)
    {
        var engagement = new Option<string>("--engagement") { Description = "Engagement code, e.g. CIV-2024.", Required = true };
        var acting = new Option<string>("--as") { Description = "E-mail of the account reading the roadmap.", Required = true };
        var language = new Option<string>("--lang") { Description = "fr or en.", DefaultValueFactory = _ => "fr" };
        var format = new Option<RoadmapFormat>("--format") { Description = "docx, pdf, md or html.", DefaultValueFactory = _ => RoadmapFormat.Docx };
        var output = new Option<string?>("--out") { Description = "File to write (default: <engagement>-roadmap-<lang>.<format>)." };
        var command = new Command("render", "Write the roadmap document, showing progress.") { engagement, acting, language, format, output };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            try
            {
                var viewer = await AnswersCommand.ViewerAsync(scope.ServiceProvider, parse.GetValue(acting)!);
                var documents = scope.ServiceProvider.GetRequiredService<RoadmapDocuments>();
                (byte[] Content, string FileName) result = ([], "");
                var title = context.Text("Cli.Roadmap.Rendering");
                if (context.Console.Profile.Capabilities.Interactive)
                {
                    await context.Console.Progress().AutoClear(false).StartAsync(async progress =>
                    {
                        var task = progress.AddTask(title, maxValue: 100);
                        var report = new Progress<(int Percent, string Step)>(p => task.Value = p.Percent);
                        result = await documents.RenderAsync(viewer, parse.GetValue(engagement)!, parse.GetValue(language)!, parse.GetValue(format), report, cancellationToken);
                        task.Value = 100;
                    });
                }
                else
                {
                    // Redirected (a script, a log): one line per step instead of a redrawn bar.
                    var lines = new LineProgress(context.Output, title);
                    result = await documents.RenderAsync(viewer, parse.GetValue(engagement)!, parse.GetValue(language)!, parse.GetValue(format), lines, cancellationToken);
                }

                var path = Path.GetFullPath(parse.GetValue(output) ?? result.FileName);
                await File.WriteAllBytesAsync(path, result.Content, cancellationToken);
                await context.Output.WriteLineAsync(context.Text("Cli.Roadmap.Written", path, result.Content.Length));
                var plan = await scope.ServiceProvider.GetRequiredService<Rempart.Core.Roadmaps.RoadmapService>().GetAsync(viewer, parse.GetValue(engagement)!, cancellationToken);
                await context.Output.WriteLineAsync(context.Text("Cli.Classification", plan.Classification));
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

    /// <summary>Writes each rendering step as a line ("[ 40%] Rendering the roadmap: plan").</summary>
    private sealed class LineProgress(TextWriter output, string title) : IProgress<(int Percent, string Step)>
    {
        public void Report((int Percent, string Step) value) => output.WriteLine($"[{value.Percent,3}%] {title}: {value.Step}");
    }
}
