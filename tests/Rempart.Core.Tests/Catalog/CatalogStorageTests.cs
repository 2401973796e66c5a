using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Catalog;
using Rempart.Core.Tests.Questionnaires;

namespace Rempart.Core.Tests.Catalog;

/// <summary>
/// A stored catalog version is read back by the build-time generated reader and written by the serializer's general
/// writer: nothing may be lost between the two, or an engagement would be scored against a catalog missing a level, a
/// provision or a translation.
/// </summary>
public sealed class CatalogStorageTests : IAsyncLifetime
{
    private DemoWorld _world = default!;

    public async ValueTask InitializeAsync() => _world = await DemoWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Every_stored_version_read_back_is_the_same_version_when_imported_again()
    {
        var versions = await _world.With(s => s.GetRequiredService<CatalogService>().ListAsync());
        versions.Select(v => v.Key).Should().Contain(["rempart-base@2026.2", "civ@2026.2-civ.1"]);
        var loaded = CatalogLoader.Load(ShippedCatalogTests.Folder);
        foreach (var version in versions)
        {
            var read = await _world.With(s => s.GetRequiredService<CatalogService>().GetAsync(version.Key));
            read.Questions.Should().HaveCount(version.Questions);
            read.Templates.Should().HaveCount(version.Templates);
            read.ProvisionCount.Should().Be(version.Provisions);

            // The same key with different content is refused, so "already present" means byte for byte the same.
            var again = await _world.With(s => s.GetRequiredService<CatalogService>().ImportAsync(read));
            again.Outcome.Should().Be(ImportOutcome.AlreadyPresent, version.Key);
        }

        var stored = await _world.With(s => s.GetRequiredService<CatalogService>().GetAsync("rempart-base@2026.2"));
        var fromFiles = loaded.Base!;
        stored.Questions.Select(q => (q.Id, q.Text.Fr, q.Levels.Count)).Should().Equal(fromFiles.Questions.Select(q => (q.Id, q.Text.Fr, q.Levels.Count)));
        stored.Date.Should().Be(fromFiles.Date);
        stored.Sectors.Select(s => s.Id).Should().Equal(fromFiles.Sectors.Select(s => s.Id));
    }
}
