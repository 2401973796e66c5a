using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Rempart.Core.Access;
using Rempart.Core.Data;

namespace Rempart.Web.Hosting;

/// <summary>
/// Every setting the host needs, read and validated once before anything starts. A bad setting stops start-up
/// with its name and a valid example.
/// </summary>
public sealed record RempartStartup(DatabaseSettings Database, LanguageSettings Languages, bool LoadDemo, string DemoPath, bool ImportCatalog, string CatalogPath)
{
    public const string TrustedProxiesKey = "Hosting:TrustedProxies";

    /// <summary>
    /// Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (comma-separated addresses); empty:
    /// none, the connection's own address is the client's.
    /// </summary>
    public IReadOnlyList<System.Net.IPAddress> TrustedProxies { get; init; } = [];

    public const string DemoLoadKey = "Demo:Load";
    public const string DemoPathKey = "Demo:Path";
    public const string CatalogImportKey = "Catalog:ImportOnStart";
    public const string CatalogPathKey = "Catalog:Path";

    public static RempartStartup Read(IConfiguration configuration, string workingDirectory, string baseDirectory)
    {
        var database = DatabaseSettings.FromConfiguration(configuration, workingDirectory);
        var languages = LanguageSettings.FromConfiguration(configuration);
        var embedded = database.Provider == DatabaseProvider.Sqlite;
        // The embedded default comes with the demo workspace and the shipped catalog; a server deployment starts
        // empty and imports with `rempart catalog import`.
        var loadDemo = DatabaseSettings.OptionalBool(configuration, DemoLoadKey, embedded, "Demo__Load=false");
        var importCatalog = DatabaseSettings.OptionalBool(configuration, CatalogImportKey, embedded, "Catalog__ImportOnStart=false");

        var demoPath = Path.GetFullPath(configuration[DemoPathKey] is { Length: > 0 } p ? p : "demo/workspace.yaml", baseDirectory);
        if (loadDemo && !File.Exists(demoPath))
        {
            throw new ConfigurationException(DemoPathKey, $"the demo workspace file '{demoPath}' does not exist.", "Demo__Path=/srv/rempart/demo/workspace.yaml");
        }

        var catalogPath = Path.GetFullPath(configuration[CatalogPathKey] is { Length: > 0 } c ? c : "catalog", baseDirectory);
        if ((importCatalog || loadDemo) && !Directory.Exists(catalogPath))
        {
            throw new ConfigurationException(CatalogPathKey, $"the catalog folder '{catalogPath}' does not exist.", "Catalog__Path=/srv/rempart/catalog");
        }

        var proxies = new List<System.Net.IPAddress>();
        foreach (var text in (configuration[TrustedProxiesKey] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            proxies.Add(System.Net.IPAddress.TryParse(text, out var address) ? address
                : throw new ConfigurationException(TrustedProxiesKey, $"'{text}' is not an IP address.", "Hosting__TrustedProxies=10.0.0.5,10.0.0.6"));
        }

        return new RempartStartup(database, languages, loadDemo, demoPath, importCatalog || loadDemo, catalogPath) { TrustedProxies = proxies };
    }
}

public static class RempartConfiguration
{
    /// <summary>
    /// Reads the appsettings.json that ships beside the binaries too (lowest priority), so that the app finds its
    /// settings from whatever directory it is started in; environment variables and options still override it.
    /// </summary>
    /// <summary>
    /// The web root that ships beside the binaries when the directory Rempart is started in has none (a published
    /// server started from elsewhere); null (the framework's default) otherwise, or when a web root is named.
    /// </summary>
    public static string? ShippedWebRoot(string currentDirectory, IReadOnlyList<string> args)
    {
        if (args.Any(a => a.Contains("webroot", StringComparison.OrdinalIgnoreCase) || a.Contains("contentroot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_WEBROOT") is not null || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null
            || Directory.Exists(Path.Combine(currentDirectory, "wwwroot")))
        {
            return null;
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(shipped) ? shipped : null;
    }

    public static void AddShippedSettings(this ConfigurationManager configuration)
    {
        configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = true,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
    }
}
