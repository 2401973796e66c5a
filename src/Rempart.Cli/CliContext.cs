using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rempart.Core;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Spectre.Console;

namespace Rempart.Cli;

/// <summary>
/// What every command shares: the global options, the configuration (the web app's appsettings.json, then
/// environment variables, then options) and the Core services built from it.
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error)
{
    public static readonly Option<string?> ProviderOption = new("--database-provider")
    {
        Description = "Sqlite or Postgres (overrides Database:Provider).",
        Recursive = true,
    };

    public static readonly Option<string?> ConnectionOption = new("--connection-string")
    {
        Description = "Connection string (overrides ConnectionStrings:Rempart).",
        Recursive = true,
    };

    public static readonly Option<string?> LanguageOption = new("--language")
    {
        Description = "Language of messages: en or fr (default: the system's).",
        Recursive = true,
    };

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>A console for tables, writing to <see cref="Output"/> without colour codes when redirected.</summary>
    public IAnsiConsole Console { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = AnsiSupport.Detect,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = InteractionSupport.No,
    });

    /// <summary>Configuration overrides that tests and embedding callers pass in.</summary>
    public IDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>();

    public CultureInfo Culture { get; private set; } = CultureInfo.CurrentUICulture;

    public string Text(string key, params object[] arguments) => CoreMessages.Format(key, Culture, arguments);

    /// <summary>Uses the language asked for with --language for messages.</summary>
    public void ApplyLanguage(ParseResult parse)
    {
        var language = parse.GetValue(LanguageOption);
        if (!string.IsNullOrWhiteSpace(language))
        {
            Culture = Rempart.Core.Access.Cultures.For(language);
            CultureInfo.CurrentUICulture = Culture;
        }
    }

    /// <summary>Builds the services for one command run.</summary>
    public ServiceProvider BuildServices(ParseResult parse)
    {
        ApplyLanguage(parse);

        var settings = new Dictionary<string, string?>(Overrides);
        if (parse.GetValue(ProviderOption) is { } provider)
        {
            settings[DatabaseSettings.ProviderKey] = provider;
        }

        if (parse.GetValue(ConnectionOption) is { } connection)
        {
            settings[DatabaseSettings.ConnectionStringKey] = connection;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings)
            .Build();
        var database = DatabaseSettings.FromConfiguration(configuration, Directory.GetCurrentDirectory());
        var languages = LanguageSettings.FromConfiguration(configuration);

        var services = new ServiceCollection();
        services.AddSingleton(Rempart.Core.Monitoring.MailSettings.FromConfiguration(configuration));
        // Failures are reported by the command itself, once and in the chosen language.
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None));
        services.AddRempartCore(database, languages);
        services.AddIdentityCore<RempartUser>(IdentityPolicy.Configure)
            .AddRoles<RempartRole>()
            .AddEntityFrameworkStores<AppDbContext>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
