using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Rempart.Web.Tests.Infrastructure;

/// <summary>The real web app, in memory, on a test database, with the demo workspace loaded.</summary>
public sealed class RempartFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Tests migrate and load the demo unless a test says otherwise (a key present with null means "not set").
        var effective = new Dictionary<string, string?>(settings);
        effective.TryAdd("Database:MigrateOnStart", "true");
        effective.TryAdd("Demo:Load", "true");
        // The suites sign the same demo people in many times a minute; the one test of single-use codes turns it back on.
        effective.TryAdd("Security:RefuseReusedCodes", "false");
        foreach (var (key, value) in effective)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(effective));
    }
}
