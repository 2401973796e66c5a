using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Spectre.Console;

namespace Rempart.Cli.Commands;

/// <summary><c>rempart users add|list|disable|set-password|reset-2fa</c>: account administration.</summary>
internal static class UsersCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("users", "Manage accounts.");
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Disable(context));
        command.Subcommands.Add(SetPassword(context));
        command.Subcommands.Add(ResetTwoFactor(context));
        return command;
    }

    private static Command Add(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "E-mail address (the sign-in name).", Required = true };
        var name = new Option<string>("--name") { Description = "Display name.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", RoleNames.All)}.", Required = true };
        var language = new Option<string?>("--preferred-language") { Description = "The person's language (en, fr); default: the first configured." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input; otherwise one is generated and shown once." };
        var command = new Command("add", "Create an account.") { email, name, role, language, passwordStdin };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            string? password = null;
            if (parse.GetValue(passwordStdin))
            {
                password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n');
            }

            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccountService>();
            var created = await accounts.AddAsync(parse.GetValue(email)!, parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(language), password, cancellationToken);
            await context.Output.WriteLineAsync(context.Text("Cli.Users.Added", created.User.Email!, created.User.Id));
            if (created.GeneratedPassword is not null)
            {
                await context.Output.WriteLineAsync(context.Text("Cli.Users.GeneratedPassword", created.GeneratedPassword));
            }

            return RempartCli.Ok;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List accounts with their roles and state.");
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var list = await scope.ServiceProvider.GetRequiredService<UserAccountService>().ListAsync(cancellationToken);
            var table = new Table().AddColumns(context.Text("Cli.Column.Email"), context.Text("Cli.Column.Name"), context.Text("Cli.Column.Roles"), context.Text("Cli.Column.Language"), context.Text("Cli.Column.State"));
            foreach (var u in list)
            {
                var state = u.IsDisabled ? context.Text("Cli.State.Disabled") : u.LockedOutUntil is not null ? context.Text("Cli.State.LockedOut") : context.Text("Cli.State.Active");
                table.AddRow(Markup.Escape(u.Email), Markup.Escape(u.DisplayName), Markup.Escape(string.Join(", ", u.Roles)), u.Language, state);
            }

            context.Console.Write(table);
            return RempartCli.Ok;
        }));
        return command;
    }

    private static Command Disable(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "E-mail address of the account to disable.", Required = true };
        var command = new Command("disable", "Disable an account: no sign-in, sessions end, tokens stop working.") { email };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<UserAccountService>().DisableAsync(parse.GetValue(email)!, cancellationToken);
            await context.Output.WriteLineAsync(context.Text("Cli.Users.Disabled", user.Email!));
            return RempartCli.Ok;
        }));
        return command;
    }

    private static Command SetPassword(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "E-mail address of the account.", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the new password from standard input; otherwise one is generated and shown once." };
        var command = new Command("set-password", "Set a new password (when no reset e-mail can be sent): the lockout is lifted and sessions end.") { email, passwordStdin };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            string? password = null;
            if (parse.GetValue(passwordStdin))
            {
                password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n');
            }

            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var (user, generated) = await scope.ServiceProvider.GetRequiredService<UserAccountService>().SetPasswordAsync(parse.GetValue(email)!, password, cancellationToken);
            await context.Output.WriteLineAsync(context.Text("Cli.Users.PasswordSet", user.Email!));
            if (generated is not null)
            {
                await context.Output.WriteLineAsync(context.Text("Cli.Users.GeneratedPassword", generated));
            }

            return RempartCli.Ok;
        }));
        return command;
    }

    private static Command ResetTwoFactor(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "E-mail address of the account.", Required = true };
        var command = new Command("reset-2fa", "Turn off someone's second factor (lost phone and recovery codes); they set it up again at their next sign-in.") { email };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<TwoFactorService>().ResetAsync(null, parse.GetValue(email)!, cancellationToken);
            await context.Output.WriteLineAsync(context.Text("Cli.Users.TwoFactorReset", user.Email!));
            return RempartCli.Ok;
        }));
        return command;
    }
}
