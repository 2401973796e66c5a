using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;

namespace Rempart.Core.Tests.Data;

/// <summary>
/// The app runs on a compiled model (generated code in Core/Data/CompiledModels) rather than building its model
/// at start. Generated code goes stale silently when an entity or a configuration changes: these tests compare it,
/// for both providers, with the model the code describes today, and the migrations with that model too. Neither
/// needs a database server (the contexts are only built, never connected).
/// </summary>
public sealed class CompiledModelTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    private static AsyncServiceScope Scope(DatabaseProvider provider)
    {
        var connection = provider == DatabaseProvider.Sqlite ? "Data Source=compiled-model-check.db" : "Host=127.0.0.1;Database=compiled_model_check";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseSettings.ProviderKey] = provider.ToString(),
            [DatabaseSettings.ConnectionStringKey] = connection,
        }).Build();
        var services = new ServiceCollection().AddRempartDatabase(DatabaseSettings.FromConfiguration(configuration, Path.GetTempPath()));
        return services.BuildServiceProvider().CreateAsyncScope();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_app_runs_on_the_compiled_model_and_it_is_the_model_the_code_describes(DatabaseProvider provider)
    {
        await using var scope = Scope(provider);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var compiled = db.Model;
        var described = db.GetService<IDesignTimeModel>().Model;

        compiled.GetType().Namespace.Should().StartWith("Rempart.Core.Data.CompiledModels", "the context is given the generated model, not built at start");

        // Entities, properties with their types and facets, keys, foreign keys, navigations and indexes.
        compiled.ToDebugString(MetadataDebugStringOptions.ShortDefault).Should().Be(
            described.ToDebugString(MetadataDebugStringOptions.ShortDefault),
            $"the compiled model must be regenerated after a model change: run scripts/compiled-models ({provider})");

        // Tables, columns, keys, foreign keys and indexes as the database sees them.
        Schema(compiled).Should().Equal(Schema(described), $"the compiled model must be regenerated after a model change: run scripts/compiled-models ({provider})");

        // The value conversions written by hand (JSON columns; instants as binary on SQLite) survive in the compiled model.
        var converted = described.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.GetValueConverter() is not null)
            .Select(p => $"{p.DeclaringType.Name}.{p.Name}").Order(StringComparer.Ordinal).ToList();
        converted.Should().NotBeEmpty();
        compiled.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.GetValueConverter() is not null)
            .Select(p => $"{p.DeclaringType.Name}.{p.Name}").Order(StringComparer.Ordinal).Should().Equal(converted);
    }

    private static List<string> Schema(IModel model) =>
        model.GetRelationalModel().Tables.SelectMany(t =>
                t.Columns.Select(c => $"{t.Name}.{c.Name} {c.StoreType}{(c.IsNullable ? " null" : "")}")
                    .Concat(t.UniqueConstraints.Select(k => $"{t.Name} key {k.Name} ({string.Join(", ", k.Columns.Select(c => c.Name))})"))
                    .Concat(t.ForeignKeyConstraints.Select(f => $"{t.Name} fk {f.Name} -> {f.PrincipalTable.Name} {f.OnDeleteAction}"))
                    .Concat(t.Indexes.Select(i => $"{t.Name} index {i.Name} ({string.Join(", ", i.Columns.Select(c => c.Name))}){(i.IsUnique ? " unique" : "")} {i.Filter}")))
            .Order(StringComparer.Ordinal).ToList();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_migrations_hold_every_change_of_the_model(DatabaseProvider provider)
    {
        await using var scope = Scope(provider);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Database.HasPendingModelChanges().Should().BeFalse($"a model change needs a migration for each provider (docs/decisions/0001), {provider} lacks one");
    }
}
