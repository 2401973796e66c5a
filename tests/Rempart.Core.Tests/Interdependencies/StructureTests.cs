using Rempart.Core.Interdependencies;
using static Rempart.Core.Tests.Interdependencies.GraphFixtures;

namespace Rempart.Core.Tests.Interdependencies;

/// <summary>Components, reach and betweenness on graphs worked by hand, then against naive references on random graphs.</summary>
public sealed class StructureTests
{
    [Fact]
    public void StrongComponents_SixSites_GroupTheLoopAndOrderComponentsTopologically()
    {
        var graph = SixSites();
        var components = StrongComponents.Compute(graph);

        components.Count.Should().Be(4);
        components.Largest.Should().Be(3);
        var of = components.ComponentOf.ToArray();
        of[0].Should().Be(of[1]).And.Be(of[2]);
        new[] { of[0], of[3], of[4], of[5] }.Should().OnlyHaveUniqueItems();
        components.Sizes[of[0]].Should().Be(3);
        // Suppliers come before their dependents: 5 and the loop before 3, 3 before 4.
        of[5].Should().BeLessThan(of[3]);
        of[0].Should().BeLessThan(of[3]);
        of[3].Should().BeLessThan(of[4]);
    }

    [Fact]
    public void Reach_SixSites_CountsEveryOtherSiteDownstream()
    {
        var graph = SixSites();
        Reach.All(graph, StrongComponents.Compute(graph)).PerSite.Should().Equal(4, 4, 4, 1, 0, 2);
        Reach.FromSources(graph, [5, 3, 0, 4]).Should().Equal(2, 1, 4, 0);
    }

    [Fact]
    public void Betweenness_SixSites_MatchesTheHandWorkedValues()
    {
        var graph = SixSites();
        Betweenness.FromSources(graph, [0, 1, 2, 3, 4, 5]).Should().Equal(1, 3, 3, 2, 0, 0);
        // Only the paths from sources 0 and 5: 1 on three paths, 2 on one, 3 on one.
        Betweenness.FromSources(graph, [0, 5]).Should().Equal(0, 3, 1, 1, 0, 0);
    }

    [Fact]
    public void Analysis_DrawsBetweennessSourcesAmongSuppliers_ThousandsOfUnconnectedSitesChangeNothing()
    {
        // The six sites, then 20,000 sites that depend on nothing and supply nothing (an imported inventory).
        var edges = new (int, int)[] { (0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (1, 4), (5, 3) };
        var alone = GraphAnalysis.Run(SixSites(), new GraphAnalysisOptions(Samples: 3, Seed: 1));
        var crowded = GraphAnalysis.Run(Bare(20_006, edges), new GraphAnalysisOptions(Samples: 200, Seed: 1));
        crowded.BetweennessSources.Should().OnlyContain(s => s < 6, "only a site that supplies another starts a path");
        crowded.Betweenness.Take(6).Should().Equal(1, 3, 3, 2, 0, 0);
        crowded.Betweenness.Skip(6).Should().OnlyContain(b => b == 0);
        // Fewer samples than suppliers: the sampled sum is scaled up to estimate the whole.
        alone.BetweennessSources.Should().HaveCount(3);
        var sampled = Betweenness.FromSources(SixSites(), alone.BetweennessSources);
        alone.Betweenness.Should().Equal(sampled.Select(b => b * 5 / 3.0), "five of the six sites supply another");
    }

    [Fact]
    public void Betweenness_TwoEqualPaths_ShareTheCredit()
    {
        // 0 → 1 → 3 and 0 → 2 → 3: each middle site carries half of the single pair (0, 3).
        var graph = Bare(4, (0, 1), (0, 2), (1, 3), (2, 3));
        Betweenness.FromSources(graph, [0, 1, 2, 3]).Should().Equal(0, 0.5, 0.5, 0);
    }

    [Fact]
    public void StrongComponents_LongChainAndBigLoop_NeedNoRecursion()
    {
        // A chain of 1,000,000 sites closed into one loop: a recursive search would overflow the stack.
        const int N = 1_000_000;
        var suppliers = Enumerable.Range(0, N).ToArray();
        var dependents = Enumerable.Range(1, N).Select(i => i % N).ToArray();
        var loop = StrongComponents.Compute(DependencyGraph.FromArrays(N, suppliers, dependents));
        loop.Count.Should().Be(1);
        loop.Largest.Should().Be(N);

        var chain = DependencyGraph.FromArrays(N, suppliers.AsSpan(0, N - 1), dependents.AsSpan(0, N - 1));
        var components = StrongComponents.Compute(chain);
        components.Count.Should().Be(N);
        Reach.FromSources(chain, [0, N / 2, N - 1]).Should().Equal(N - 1, N - (N / 2) - 1, 0);
    }

    public static TheoryData<int, int, int> RandomGraphs() => new()
    {
        { 1, 12, 20 },
        { 2, 40, 60 },
        { 3, 40, 160 },
        { 4, 90, 150 },
        { 5, 150, 600 },
        { 6, 200, 260 },
    };

    [Theory]
    [MemberData(nameof(RandomGraphs))]
    public void StrongComponents_RandomGraph_AreExactlyTheMutuallyReachableSites(int seed, int n, int m)
    {
        var graph = Random(seed, n, m);
        var reach = ReachSets(graph);
        var of = StrongComponents.Compute(graph).ComponentOf.ToArray();
        for (var u = 0; u < n; u++)
        {
            for (var v = 0; v < n; v++)
            {
                (of[u] == of[v]).Should().Be(reach[u][v] && reach[v][u], $"sites {u} and {v}");
                if (reach[u][v] && of[u] != of[v])
                {
                    of[u].Should().BeLessThan(of[v], "component ids follow a topological order");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(RandomGraphs))]
    public void Reach_RandomGraph_EqualsOneSearchPerSite(int seed, int n, int m)
    {
        var graph = Random(seed, n, m);
        var expected = ReachSets(graph).Select(r => (long)r.Count(x => x) - 1).ToArray();
        var all = Reach.All(graph, StrongComponents.Compute(graph));
        all.Exact.Should().BeTrue();
        all.PerSite.Should().Equal(expected);
        // Sources in any order, repeated, more than 64 of them (several batches).
        var sources = Enumerable.Range(0, 3 * n).Select(i => (i * 7) % n).ToArray();
        Reach.FromSources(graph, sources, maxThreads: 2).Should().Equal(sources.Select(s => expected[s]));
    }

    [Theory]
    [MemberData(nameof(RandomGraphs))]
    public void Betweenness_RandomGraph_EqualsTheDefinition(int seed, int n, int m)
    {
        var graph = Random(seed, n, m);
        var sources = GraphAnalysis.Sample(n, Math.Max(1, n / 3), (ulong)seed);
        var expected = NaiveBetweenness(graph, sources);
        var actual = Betweenness.FromSources(graph, sources);
        for (var v = 0; v < n; v++)
        {
            actual[v].Should().BeApproximately(expected[v], 1e-9 * Math.Max(1, expected[v]), $"site {v}");
        }
    }

    [Fact]
    public void Betweenness_SameSourcesAnyThreadCount_SameBits()
    {
        var graph = Hierarchy(7, 3000, 4, 0.05);
        var sources = GraphAnalysis.Sample(graph.SiteCount, 100, 3);
        var one = Betweenness.FromSources(graph, sources, maxThreads: 1);
        var two = Betweenness.FromSources(graph, sources, maxThreads: 2);
        var four = Betweenness.FromSources(graph, sources, maxThreads: 4);
        two.Should().Equal(one);
        four.Should().Equal(one);
        one.Should().Contain(b => b > 0);
    }

    [Fact]
    public void Sample_IsSeededDistinctAndSorted()
    {
        var a = GraphAnalysis.Sample(1000, 100, 42);
        a.Should().HaveCount(100).And.OnlyHaveUniqueItems().And.BeInAscendingOrder().And.OnlyContain(v => v >= 0 && v < 1000);
        GraphAnalysis.Sample(1000, 100, 42).Should().Equal(a);
        GraphAnalysis.Sample(1000, 100, 43).Should().NotEqual(a);
        GraphAnalysis.Sample(5, 100, 42).Should().Equal(0, 1, 2, 3, 4);
    }
}
