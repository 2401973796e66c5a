using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Rempart.Core;
using Rempart.Core.Access;
using Rempart.Core.Data;

namespace Rempart.Tests.Support;

/// <summary>Core's services on a test database, migrated, with the six roles: what the CLI and the web app build on.</summary>
public static class CoreServicesForTests
{
    public static async Task<ServiceProvider> BuildAsync(TestDatabase database, TimeProvider? time = null, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        configure?.Invoke(services);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddRempartCore(new DatabaseSettings(database.Provider, database.ConnectionString, MigrateOnStart: true), new LanguageSettings(["en", "fr"]));
        services.AddIdentityCore<RempartUser>(IdentityPolicy.Configure).AddRoles<RempartRole>().AddEntityFrameworkStores<AppDbContext>();
        var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        return provider;
    }
}
