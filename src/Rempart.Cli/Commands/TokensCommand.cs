using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Spectre.Console;

namespace Rempart.Cli.Commands;

/// <summary><c>rempart tokens create|list|revoke</c>: personal access tokens for the API and scripts.</summary>
internal static class TokensCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("tokens", "Manage personal access tokens.");
        command.Subcommands.Add(CreateToken(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Revoke(context));
        return command;
    }

    private static Command CreateToken(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "Owner's e-mail address.", Required = true };
        var name = new Option<string>("--name") { Description = "What the token is for.", Required = true };
        var days = new Option<int>("--days") { Description = $"Days of validity (1-{AccessTokenService.MaxLifetimeDays}).", DefaultValueFactory = _ => 90 };
        var command = new Command("create", "Create a token; it is printed once and never again.") { email, name, days };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<UserAccountService>().FindByEmailAsync(parse.GetValue(email)!);
            var created = await scope.ServiceProvider.GetRequiredService<AccessTokenService>()
                .CreateAsync(user.Id, parse.GetValue(name)!, TimeSpan.FromDays(parse.GetValue(days)), cancellationToken);
            await context.Output.WriteLineAsync(context.Text("Cli.Tokens.Created", created.Record.Id, created.Record.ExpiresAt.ToString("u", context.Culture)));
            await context.Output.WriteLineAsync(created.Token);
            return RempartCli.Ok;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "Owner's e-mail address.", Required = true };
        var command = new Command("list", "List a person's tokens (never the secrets).") { email };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<UserAccountService>().FindByEmailAsync(parse.GetValue(email)!);
            var tokens = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().ListAsync(user.Id, cancellationToken);
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            var table = new Table().AddColumns("Id", context.Text("Cli.Column.Name"), context.Text("Cli.Column.Prefix"), context.Text("Cli.Column.Expires"), context.Text("Cli.Column.State"));
            foreach (var t in tokens)
            {
                var state = t.RevokedAt is not null ? context.Text("Cli.State.Revoked") : t.IsActiveAt(now) ? context.Text("Cli.State.Active") : context.Text("Cli.State.Expired");
                table.AddRow(t.Id.ToString(), Markup.Escape(t.Name), Markup.Escape(t.Prefix), t.ExpiresAt.ToString("u", context.Culture), state);
            }

            context.Console.Write(table);
            return RempartCli.Ok;
        }));
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var id = new Argument<string>("id-or-prefix") { Description = "The token's id, or the prefix shown in lists (rpat_xxxxxxx)." };
        var command = new Command("revoke", "Revoke a token at once (e.g. one that leaked).") { id };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var revoked = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().RevokeAnyAsync(parse.GetValue(id)!, cancellationToken)
                ?? throw new DomainRuleException("Token.NotFound");
            await context.Output.WriteLineAsync(context.Text("Cli.Tokens.Revoked", revoked.Id, revoked.Name));
            return RempartCli.Ok;
        }));
        return command;
    }
}
