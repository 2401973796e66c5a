using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Interdependencies;
using Rempart.Core.Tests.Questionnaires;

namespace Rempart.Core.Tests.Interdependencies;

/// <summary>The engagement's recorded dependencies fed to the engine: the demo's criticality and cascades, clearance, imports.</summary>
public sealed class DependencyServiceTests : IAsyncLifetime
{
    private DemoWorld _world = default!;

    public async ValueTask InitializeAsync() => _world = await DemoWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    private Task<T> Dependencies<T>(Func<DependencyService, Task<T>> work) => _world.With(s => work(s.GetRequiredService<DependencyService>()));

    [Fact]
    public async Task The_demo_ranks_the_vridi_substation_and_the_gas_terminal_among_the_most_critical()
    {
        var officer = await _world.ViewerAsync("officer");
        var view = await Dependencies(d => d.CriticalityAsync(officer, "CIV-2024"));
        view.Dependencies.Should().Be(70);
        view.LargestComponent.Should().BeGreaterThan(1, "the plants, the dispatch centre and the telecom links depend on each other in a loop");
        // The gas terminal feeds the most; the Vridi substation is one of the loop's sites that all reach 35 others
        // (betweenness, exact on the demo's suppliers, orders them).
        view.Ranking.Take(2).Select(r => r.Site.Code).Should().Contain("CIV-OG-009");
        view.Ranking.Single(r => r.Site.Code == "CIV-EL-013").Downstream.Should().Be(view.Ranking[2].Downstream);
        view.Ranking.Take(6).Select(r => r.Site.Code).Should().Contain("CIV-EL-013");
        view.Ranking.Should().BeInDescendingOrder(r => r.Downstream);
        view.SectorMatrix.Should().Contain(l => l.SupplierSector == "energy" && l.DependentSector == "health");
    }

    [Fact]
    public async Task What_if_the_vridi_substation_fails()
    {
        var officer = await _world.ViewerAsync("officer");
        var steps = (await Dependencies(d => d.WhatIfAsync(officer, "CIV-2024", ["CIV-EL-013"]))).Steps;
        steps[0].Should().Be(steps.Single(s => s.Initial));
        steps[0].Site.Code.Should().Be("CIV-EL-013");
        var hospital = steps.Single(s => s.Site.Code == "CIV-HC-002");
        (hospital.Hours, hospital.Through).Should().Be((4.0, "CIV-EL-013"));
        steps.Select(s => s.Hours).Should().BeInAscendingOrder();
        steps.Should().Contain(s => s.Site.Code == "CIV-EL-010", "through the dispatch loop, two of the Riviera substation's three plants go down");

        // The northern interconnection needs two of its three dams: one dam down is absorbed, two are not.
        (await Dependencies(d => d.WhatIfAsync(officer, "CIV-2024", ["CIV-EL-004"]))).Steps.Should().NotContain(s => s.Site.Code == "CIV-EL-014");
        // Codes as typed (lower case) find their sites; every unknown code is named, none is skipped silently.
        (await Dependencies(d => d.WhatIfAsync(officer, "CIV-2024", ["civ-el-004"]))).Steps.Should().Contain(s => s.Site.Code == "CIV-EL-004" && s.Initial);
        var unknown = await Assert.ThrowsAsync<DomainRuleException>(() => Dependencies(d => d.WhatIfAsync(officer, "CIV-2024", ["CIV-EL-004", "CIV-EL-999", "Riviera"])));
        unknown.Code.Should().Be("Graph.UnknownSites");
        unknown.Arguments.Should().ContainSingle().Which.Should().Be("« CIV-EL-999 », « Riviera »");
        var two = (await Dependencies(d => d.WhatIfAsync(officer, "CIV-2024", ["CIV-EL-004", "CIV-EL-007"]))).Steps;
        two.Should().Contain(s => s.Site.Code == "CIV-EL-014").And.Contain(s => s.Site.Code == "CIV-HC-005" && s.Hours == 4);
    }

    [Fact]
    public async Task A_redundancy_group_whose_hidden_suppliers_leave_fewer_than_k_visible_does_not_propagate_for_that_reader()
    {
        // The coordinator is cleared to TLP:AMBER+STRICT: some suppliers of 2-of-n power groups are TLP:RED. The analysis
        // works over what the coordinator may see (it failed before), and no visible failure brings such a group down.
        var coordinator = await _world.ViewerAsync("coordinator");
        var hidden = await _world.With(async s => await s.GetRequiredService<AppDbContext>().Sites.Where(x => x.Classification == Tlp.Red).Select(x => x.Code).ToListAsync());
        hidden.Should().NotBeEmpty("the demo has TLP:RED sites");
        var view = await Dependencies(d => d.CriticalityAsync(coordinator, "CIV-2024", 1000));
        view.Sites.Should().BeGreaterThan(0);
        view.Ranking.Select(r => r.Site.Code).Should().NotIntersectWith(hidden);
        var whatIf = await Dependencies(d => d.WhatIfAsync(coordinator, "CIV-2024", [view.Ranking[0].Site.Code]));
        whatIf.Steps.Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_reader_without_clearance_sees_neither_red_sites_nor_their_links()
    {
        var energy = await _world.ViewerAsync("energy");
        var red = await _world.With(async s => await s.GetRequiredService<AppDbContext>().Sites.Where(x => x.Classification == Tlp.Red || x.Classification == Tlp.AmberStrict).Select(x => x.Code).ToListAsync());
        var view = await Dependencies(d => d.CriticalityAsync(energy, "CIV-2024", 1000));
        view.Ranking.Select(r => r.Site.Code).Should().NotIntersectWith(red);
        if (red.Contains("CIV-EL-013"))
        {
            // Refused like a code that does not exist: the reader learns nothing of a site above its clearance.
            (await Assert.ThrowsAsync<DomainRuleException>(() => Dependencies(d => d.WhatIfAsync(energy, "CIV-2024", ["CIV-EL-013"])))).Code.Should().Be("Graph.UnknownSites");
        }

        var donor = await _world.ViewerAsync("donor");
        await Assert.ThrowsAsync<ForbiddenException>(() => Dependencies(d => d.CriticalityAsync(donor, "CIV-2024")));
        var togo = await _world.ViewerAsync("togo");
        await Assert.ThrowsAsync<NotFoundException>(() => Dependencies(d => d.CriticalityAsync(togo, "CIV-2024")));
    }

    [Fact]
    public async Task An_import_replaces_the_dependencies_all_or_nothing()
    {
        var officer = await _world.ViewerAsync("officer");
        var bad = Encoding.UTF8.GetBytes("dependent,supplier,kind,probability,hours\r\nCIV-HC-001,CIV-EL-010,physical,0.5,4\r\nCIV-HC-001,CIV-XX-999,physical,1.5,4\r\n");
        var refused = await Assert.ThrowsAsync<GraphInputException>(() => Dependencies(d => d.ImportAsync(officer, "CIV-2024", bad, "deps.csv")));
        refused.Problems.Should().Contain(p => p.Line == 3 && p.Column == "supplier");
        (await Dependencies(d => d.CriticalityAsync(officer, "CIV-2024"))).Dependencies.Should().Be(70, "nothing was replaced");

        var good = Encoding.UTF8.GetBytes("dependent,supplier,kind,probability,hours\r\nCIV-HC-001,CIV-EL-010,physical,0.5,4\r\n");
        (await Dependencies(d => d.ImportAsync(officer, "CIV-2024", good, "deps.csv"))).Should().Be(1);
        (await Dependencies(d => d.CriticalityAsync(officer, "CIV-2024"))).Dependencies.Should().Be(1);
        var coordinator = await _world.ViewerAsync("coordinator");
        await Assert.ThrowsAsync<ForbiddenException>(() => Dependencies(d => d.ImportAsync(coordinator, "CIV-2024", good, "deps.csv")));
    }

    [Fact]
    public async Task A_what_if_gives_each_site_s_failure_probability_and_the_expected_losses_reproducibly()
    {
        var officer = await _world.ViewerAsync("officer");
        var first = await Dependencies(d => d.WhatIfAsync(officer, "CIV-2024", ["CIV-EL-013"]));
        var again = await Dependencies(d => d.WhatIfAsync(officer, "CIV-2024", ["CIV-EL-013"]));
        first.Runs.Should().Be(DependencyService.WhatIfRuns);
        first.Steps.Single(s => s.Initial).Probability.Should().Be(1);
        first.Steps.Should().OnlyContain(s => s.Probability >= 0 && s.Probability <= 1);
        first.Steps.Should().Contain(s => s.Probability < 1, "the demo's dependencies carry a failure with probabilities below 1");
        first.ExpectedFailedSites.Should().BeInRange(1, first.Steps.Count, "the worst case is every dependency propagating");
        first.ExpectedFailedSites.Should().BeApproximately(first.Steps.Sum(s => s.Probability), 1e-9, "the expected count is the sum of the failure probabilities");
        first.ExpectedPeopleAffected.Should().BeLessThanOrEqualTo(first.PeopleAtWorst);
        again.Steps.Select(s => s.Probability).Should().Equal(first.Steps.Select(s => s.Probability), "the runs are seeded");
        again.ExpectedPeopleAffected.Should().Be(first.ExpectedPeopleAffected);
    }

    [Fact]
    public async Task The_most_critical_supply_nodes_without_alternative_become_redundancy_recommendations()
    {
        var officer = await _world.ViewerAsync("officer");
        var view = await Dependencies(d => d.CriticalityAsync(officer, "CIV-2024"));
        view.Suggestions.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(DependencyService.SuggestionCount);
        view.Suggestions.Should().OnlyContain(s => s.Downstream >= 2 && s.SoleDependents > 0);
        view.Suggestions.Should().BeInDescendingOrder(s => s.Downstream);
        var top = view.Suggestions[0];
        await _world.With(s => s.GetRequiredService<Core.Roadmaps.RoadmapService>().GenerateAsync(officer, "CIV-2024"));

        var code = await Dependencies(d => d.ProposeRedundancyAsync(officer, "CIV-2024", top.Site.Code));
        var roadmap = await _world.With(s => s.GetRequiredService<Core.Roadmaps.RoadmapService>().GetAsync(officer, "CIV-2024"));
        var added = roadmap.Recommendations.Single(r => r.Code == code).Recommendation;
        added.TitleEn.Should().Contain(top.Site.NameEn).And.Contain("Redundancy");
        added.TitleFr.Should().Contain(top.Site.NameFr).And.Contain("Redondance");
        added.TextEn.Should().Contain(top.Downstream.ToString(System.Globalization.CultureInfo.InvariantCulture));
        added.Questions.Should().NotBeEmpty();
        var audited = await _world.With(async s => await s.GetRequiredService<AppDbContext>().AuditEvents.CountAsync(a => a.Action == "dependencies.propose"));
        audited.Should().Be(1);

        await Assert.ThrowsAsync<NotFoundException>(() => Dependencies(d => d.ProposeRedundancyAsync(officer, "CIV-2024", "CIV-HC-002")));
        var energy = await _world.ViewerAsync("energy");
        await Assert.ThrowsAsync<ForbiddenException>(() => Dependencies(d => d.ProposeRedundancyAsync(energy, "CIV-2024", top.Site.Code)));
    }

    [Fact]
    public async Task Systemic_criticality_raises_the_exposure_factor_of_the_sector_that_brings_the_most_down()
    {
        var officer = await _world.ViewerAsync("officer");
        var engagement = await _world.With(async s => await s.GetRequiredService<AppDbContext>().Engagements.SingleAsync(e => e.Code == "CIV-2024"));
        var systemic = await _world.With(s => DependencyService.SystemicAsync(s.GetRequiredService<AppDbContext>(), engagement.Id));
        systemic["energy"].Should().Be(1, "the substations bring down the most sites");
        systemic.Values.Should().OnlyContain(v => v >= 0 && v <= 1);

        var card = await _world.With(s => s.GetRequiredService<Core.Scoring.ScoringService>().ScoreAsync(officer, "CIV-2024"));
        var energyQuestion = card.Questions.First(q => q.Question.Sectors.Contains("energy"));
        var withoutDependencies = await _world.With(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            await db.SiteDependencies.Where(d => d.EngagementId == engagement.Id).ExecuteDeleteAsync();
            return await Core.Targets.SiteService.ExposureAsync(db, engagement.Id, await s.GetRequiredService<Core.Catalog.CatalogService>().GetAsync(card.CatalogKey));
        });
        (energyQuestion.Exposure - withoutDependencies.GetValueOrDefault(energyQuestion.Question.Id, 1)).Should().BeApproximately(Core.Targets.Exposure.SystemicWeight, 0.011);
    }

    [Fact]
    public void The_systemic_term_is_each_group_s_highest_downstream_count_over_the_highest_of_all()
    {
        var terms = Systemic.Of(["energy", "energy", "water", null, "health"], [8, 2, 4, 10, 0]);
        terms.Should().BeEquivalentTo(new Dictionary<string, double> { ["energy"] = 1, ["water"] = 0.5, ["health"] = 0 }, "a site without a group takes no part");
        Systemic.Of(["energy", "water"], [0, 0]).Should().BeEmpty("nothing fails downstream of anything");
    }
}
