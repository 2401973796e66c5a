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

    [Fact]
    public async Task Records_about_a_site_above_the_reader_s_clearance_are_withheld_from_the_trail_they_read()
    {
        var officer = await _world.ViewerAsync("officer");
        var auditor = await _world.ViewerAsync("auditor");
        var admin = await _world.ViewerAsync("admin");
        var (strict, amber, red) = await _world.With(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var civ = await db.Engagements.Where(e => e.Code == "CIV-2024").Select(e => e.Id).SingleAsync();
            var sites = await db.Sites.AsNoTracking().Where(x => x.EngagementId == civ).OrderBy(x => x.Code).ToListAsync();
            return (sites.First(x => x.Classification == Tlp.AmberStrict), sites.First(x => x.Classification == Tlp.Amber), sites.First(x => x.Classification == Tlp.Red));
        });
        var carver = new Dictionary<string, int> { ["criticality"] = 9, ["accessibility"] = 5, ["recuperability"] = 7, ["vulnerability"] = 6, ["effect"] = 8, ["recognizability"] = 9, ["shock"] = 7 };
        foreach (var site in new[] { strict, amber })
        {
            await _world.With(s => s.GetRequiredService<SiteService>().AssessAsync(officer, "CIV-2024", site.Code,
                new AssessmentInput(RiskMethod.Carver, new DateOnly(2026, 1, 15), carver, null, "Évaluation", "Assessment")));
        }

        // A deleted site still has its label in its records.
        await _world.With(async s => { await s.GetRequiredService<SiteService>().DeleteAsync(officer, "CIV-2024", red.Code); return 0; });

        async Task<IReadOnlyList<AuditEntry>> ReadAsync(Viewer viewer) =>
            (await _world.With(s => s.GetRequiredService<AuditService>().ListAsync(viewer, "CIV-2024", new AuditFilter()))).Entries;
        bool About(AuditEntry e, Site site) => e.Subject.Contains(site.Code, StringComparison.Ordinal) || e.Details.Contains(site.Id.ToString(), StringComparison.OrdinalIgnoreCase)
            || e.Subject.Contains(site.Id.ToString(), StringComparison.OrdinalIgnoreCase);

        var full = await ReadAsync(admin);
        full.Should().NotContain(e => e.Withheld);
        var aboutStrict = full.Where(e => About(e, strict)).ToList();
        aboutStrict.Select(e => e.Action).Should().Contain(["Site.modified", "SiteRiskAssessment.added", "sites.assess"]);
        full.Where(e => About(e, red)).Select(e => e.Action).Should().Contain(["Site.deleted", "sites.delete"]);

        // The auditor is cleared up to TLP:AMBER for sites (the demo's setting): the same records, without what they say.
        var read = await ReadAsync(auditor);
        read.Select(e => e.Sequence).Should().Equal(full.Select(e => e.Sequence), "every record is still listed: the chain has no gap");
        var hidden = read.Where(e => e.Withheld).ToList();
        hidden.Select(e => e.Sequence).Should().BeEquivalentTo(full.Where(e => About(e, strict) || About(e, red)).Select(e => e.Sequence));
        hidden.Where(e => e.Details != "{}" || About(e, strict) || About(e, red) || e.Subject.Contains(red.NameEn, StringComparison.Ordinal)).Should().BeEmpty();
        var amberRecords = read.Where(e => About(e, amber)).ToList();
        amberRecords.Should().NotBeEmpty();
        amberRecords.Where(e => e.Withheld || e.Details == "{}").Should().BeEmpty();

        // So does the CSV export.
        var csv = await _world.With(async s =>
        {
            using var output = new MemoryStream();
            await s.GetRequiredService<AuditService>().ExportCsvAsync(auditor, "CIV-2024", new AuditFilter(), output);
            return System.Text.Encoding.UTF8.GetString(output.ToArray());
        });
        csv.Should().NotContain(strict.Code).And.NotContain(strict.Id.ToString().ToUpperInvariant()).And.NotContain(red.Code).And.Contain(amber.Code);

        // Cleared for TLP:AMBER+STRICT, the auditor reads the strict site's records, not yet the red one's.
        await _world.With(async s => { await s.GetRequiredService<SiteService>().SetClearanceAsync(officer, "CIV-2024", auditor.UserId, Tlp.AmberStrict); return 0; });
        var cleared = await ReadAsync(auditor);
        var strictRecords = cleared.Where(e => About(e, strict)).ToList();
        strictRecords.Should().NotBeEmpty();
        strictRecords.Where(e => e.Withheld).Should().BeEmpty();
        cleared.Where(e => e.Withheld).Should().NotBeEmpty();
    }
}
