using System.CommandLine;
using Rempart.Cli.Commands;
using Rempart.Core.Data;

namespace Rempart.Cli;

/// <summary>The <c>rempart</c> command line. Exit codes: 0 done, 1 refused by a rule, 2 bad setting or usage, 3 database unreachable.</summary>
public static class RempartCli
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int BadSetting = 2;
    public const int DatabaseUnavailable = 3;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IDictionary<string, string?>? overrides = null)
    {
        var context = new CliContext(output, error);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            context.Overrides[key] = value;
        }

        var root = new RootCommand("Rempart: national needs assessments and plans of action on the protection of vulnerable targets.");
        root.Options.Add(CliContext.ProviderOption);
        root.Options.Add(CliContext.ConnectionOption);
        root.Options.Add(CliContext.LanguageOption);
        root.Subcommands.Add(MigrateCommand.Create(context));
        root.Subcommands.Add(UsersCommand.Create(context));
        root.Subcommands.Add(TokensCommand.Create(context));
        root.Subcommands.Add(CatalogCommand.Create(context));
        root.Subcommands.Add(AnswersCommand.Create(context));
        root.Subcommands.Add(RoadmapCommand.Create(context));
        root.Subcommands.Add(MonitoringCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(SitesCommand.Create(context));
        root.Subcommands.Add(GraphCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        foreach (var command in BackupCommand.Create(context))
        {
            root.Subcommands.Add(command);
        }
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>Runs one command body and turns the expected failures into a message and an exit code.</summary>
    internal static async Task<int> Guard(CliContext context, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ConfigurationException e)
        {
            await context.Error.WriteLineAsync(e.Message);
            return BadSetting;
        }
        catch (DomainRuleException e)
        {
            await context.Error.WriteLineAsync(e.MessageIn(context.Culture));
            return Refused;
        }
        catch (Exception e) when (IsDatabaseUnavailable(e))
        {
            await context.Error.WriteLineAsync(context.Text("Cli.DatabaseUnavailable", e.GetBaseException().Message));
            return DatabaseUnavailable;
        }
    }

    private static bool IsDatabaseUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
