using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Core.Tests.Questionnaires;

namespace Rempart.Core.Tests.Engagements;

/// <summary>Opening engagements, adding members and pinning the catalog belong to the programme, whoever calls Core.</summary>
public sealed class EngagementSetupRulesTests : IAsyncLifetime
{
    private DemoWorld _world = default!;

    public async ValueTask InitializeAsync() => _world = await DemoWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Theory]
    [InlineData("coordinator")]
    [InlineData("energy")]
    [InlineData("donor")]
    [InlineData("auditor")]
    public async Task Only_officers_and_administrators_open_engagements_add_members_and_pin_the_catalog(string who)
    {
        var viewer = await _world.ViewerAsync(who);
        var donor = await _world.ViewerAsync("donor");
        var create = () => _world.With(s => s.GetRequiredService<EngagementService>().CreateAsync(viewer, new NewEngagement("CIV-2026", "CIV", "x", "x", new DateOnly(2026, 1, 1), null)));
        await create.Should().ThrowAsync<ForbiddenException>();
        var add = () => _world.With(async s => { await s.GetRequiredService<EngagementService>().AddMemberAsync(viewer, "CIV-2024", donor.UserId, RoleNames.Auditor); return 0; });
        await add.Should().ThrowAsync<ForbiddenException>();
        var pin = () => _world.With(async s =>
        {
            var catalogs = s.GetRequiredService<CatalogService>();
            await catalogs.PinAsync(viewer, s.GetRequiredService<EngagementService>(), "CIV-2024", (await catalogs.LatestAsync())!.Key);
            return 0;
        });
        await pin.Should().ThrowAsync<ForbiddenException>();
    }

    [Fact]
    public async Task An_engagement_code_starts_with_its_country()
    {
        var officer = await _world.ViewerAsync("officer");
        var create = () => _world.With(s => s.GetRequiredService<EngagementService>().CreateAsync(officer, new NewEngagement("BEN-2026", "CIV", "x", "x", new DateOnly(2026, 1, 1), null)));
        (await create.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Engagement.CodeCountry");
    }
}
