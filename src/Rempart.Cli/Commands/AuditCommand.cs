using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Auditing;
using Rempart.Core.Data;

namespace Rempart.Cli.Commands;

/// <summary><c>rempart audit verify</c>: checks the hash chain of the audit trail; exit code 1 on any break.</summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("audit", "The audit trail.");
        var verify = new Command("verify", "Check that no audit record was edited, inserted or deleted (exit code 1 and the records concerned otherwise).");
        verify.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var (records, breaks) = await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(cancellationToken);
            if (breaks.Count == 0)
            {
                await context.Output.WriteLineAsync(context.Text("Cli.Audit.Intact", records));
                return RempartCli.Ok;
            }

            foreach (var b in breaks)
            {
                await context.Error.WriteLineAsync(CoreMessages.Format(b.Code, context.Culture, b.Sequence));
            }

            await context.Error.WriteLineAsync(context.Text("Cli.Audit.Broken", breaks.Count, records));
            return RempartCli.Refused;
        }));
        command.Subcommands.Add(verify);
        return command;
    }
}
