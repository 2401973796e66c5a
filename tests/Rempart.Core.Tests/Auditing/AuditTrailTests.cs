using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Auditing;
using Rempart.Core.Data;
using Rempart.Core.Targets;
using Rempart.Core.Tests.Questionnaires;

namespace Rempart.Core.Tests.Auditing;

/// <summary>Every change saved is in the chain: who, when, which record of which engagement, before and after; never a secret.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private DemoWorld _world = default!;

    public async ValueTask InitializeAsync() => _world = await DemoWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    private Task<List<AuditEvent>> EventsAsync(string action) =>
        _world.With(async s => await s.GetRequiredService<AppDbContext>().AuditEvents.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Sequence).ToListAsync());

    [Fact]
    public async Task A_change_is_recorded_with_who_the_engagement_and_the_values_before_and_after()
    {
        var officer = await _world.ViewerAsync("officer");
        var before = await _world.With(async s => await s.GetRequiredService<AppDbContext>().Engagements.SingleAsync(e => e.Code == "CIV-2024"));
        await _world.With(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.ActingUserId = officer.UserId;
            var engagement = await db.Engagements.SingleAsync(e => e.Code == "CIV-2024");
            engagement.TitleEn = "Needs assessment, revised title";
            return await db.SaveChangesAsync();
        });

        var recorded = (await EventsAsync("Engagement.modified")).Should().ContainSingle().Subject;
        recorded.UserId.Should().Be(officer.UserId);
        recorded.EngagementId.Should().Be(before.Id);
        recorded.Subject.Should().Contain(before.Id.ToString()).And.Contain("CIV-2024");
        var details = JsonDocument.Parse(recorded.Details).RootElement;
        details.GetProperty("TitleEn")[0].GetString().Should().Be(before.TitleEn);
        details.GetProperty("TitleEn")[1].GetString().Should().Be("Needs assessment, revised title");
        details.EnumerateObject().Select(p => p.Name).Should().Equal(["TitleEn"], "only what changed is recorded");
        (await _world.With(s => s.GetRequiredService<AuditLog>().VerifyAsync())).Breaks.Should().BeEmpty();
    }

    [Fact]
    public async Task A_record_without_its_own_engagement_takes_that_of_the_record_it_belongs_to()
    {
        var officer = await _world.ViewerAsync("officer");
        var site = await _world.With(async s => await s.GetRequiredService<AppDbContext>().Sites.FirstAsync(x => x.Code == "CIV-EL-013"));
        await _world.With(s => s.GetRequiredService<SiteService>().AssessAsync(officer, "CIV-2024", "CIV-EL-013",
            new AssessmentInput(RiskMethod.Carver, new DateOnly(2024, 6, 20), new Dictionary<string, int> { ["criticality"] = 9, ["accessibility"] = 5, ["recuperability"] = 7, ["vulnerability"] = 6, ["effect"] = 8, ["recognizability"] = 9, ["shock"] = 7 },
                null, "Évaluation de test", "Test assessment")));
        var added = (await EventsAsync("SiteRiskAssessment.added")).Should().ContainSingle().Subject;
        added.EngagementId.Should().Be(site.EngagementId);
        JsonDocument.Parse(added.Details).RootElement.GetProperty("RationaleEn")[1].GetString().Should().Be("Test assessment");
        (await EventsAsync("Site.modified")).Should().ContainSingle("the site's risk index changed with it")
            .Which.Details.Should().Contain("RiskIndex");
    }

    [Fact]
    public async Task Secrets_are_never_copied_only_said_to_have_changed()
    {
        var (userId, oldHash) = await _world.With(async s =>
        {
            var users = s.GetRequiredService<UserManager<RempartUser>>();
            var user = (await users.FindByEmailAsync("energy@demo.rempart.example"))!;
            var hash = user.PasswordHash!;
            (await users.RemovePasswordAsync(user)).Succeeded.Should().BeTrue();
            (await users.AddPasswordAsync(user, "Another-Passphrase-2026")).Succeeded.Should().BeTrue();
            return (user.Id, hash);
        });

        var events = await EventsAsync("RempartUser.modified");
        events.Should().NotBeEmpty();
        var all = string.Join("\n", events.Select(e => e.Details));
        all.Should().NotContain(oldHash).And.Contain("(secret, changed)");
        events.Should().OnlyContain(e => e.Subject.Contains(userId.ToString()));
    }

    [Fact]
    public async Task The_demo_load_is_one_event_and_concurrent_saves_keep_one_intact_chain()
    {
        (await EventsAsync("demo.load")).Should().ContainSingle();
        (await _world.With(async s => await s.GetRequiredService<AppDbContext>().AuditEvents.CountAsync(e => e.Action == "Answer.added"))).Should().Be(0, "the demo's records are not audited one by one");

        var sites = await _world.With(async s => await s.GetRequiredService<AppDbContext>().Sites.OrderBy(x => x.Code).Take(24).Select(x => x.Id).ToListAsync());
        await Task.WhenAll(sites.Select(id => _world.With(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var site = await db.Sites.SingleAsync(x => x.Id == id);
            site.Region = site.Region + " (vérifié)";
            return await db.SaveChangesAsync();
        })));

        var (records, breaks) = await _world.With(s => s.GetRequiredService<AuditLog>().VerifyAsync());
        breaks.Should().BeEmpty();
        (await EventsAsync("Site.modified")).Should().HaveCount(24);
        (await _world.With(async s => await s.GetRequiredService<AppDbContext>().AuditPending.CountAsync())).Should().Be(0, "reading the audit seals what was pending");
        records.Should().BeGreaterThan(24);
    }
}
