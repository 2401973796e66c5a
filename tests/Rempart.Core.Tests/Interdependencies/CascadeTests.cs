using Rempart.Core.Interdependencies;
using static Rempart.Core.Tests.Interdependencies.GraphFixtures;

namespace Rempart.Core.Tests.Interdependencies;

/// <summary>Deterministic and Monte Carlo cascades.</summary>
public sealed class CascadeTests
{
    private const int A = 0, B = 1, C = 2, D = 3, E = 4, F = 5;

    /// <summary>
    /// B needs A (2 h). C has two redundant feeds, A (5 h) and B (1 h), and fails only when both are down (k = 2).
    /// D needs B (10 h) and C (1 h), each on its own. E has the feeds C (3 h) and F (0 h) and fails when either is
    /// down (group, k = 1). F needs nothing.
    /// By hand, A failing at 0: B at 0 + 2 = 2; C's group has its 2nd failure when B fails at 2, so C at 2 + 1 = 3
    /// (not 0 + 5); D at min(2 + 10, 3 + 1) = 4; E at 3 + 3 = 6; F stands.
    /// </summary>
    private static DependencyGraph Plant() => DependencyGraph.Build(
        [new("A"), new("B"), new("C"), new("D"), new("E"), new("F")],
        [
            new(A, B, Hours: 2),
            new(A, C, Hours: 5, Group: "power", K: 2),
            new(B, C, Hours: 1, Group: "power", K: 2),
            new(B, D, Hours: 10),
            new(C, D, Hours: 1),
            new(C, E, Hours: 3, Group: "feeds", K: 1),
            new(F, E, Hours: 0, Group: "feeds", K: 1),
        ]);

    [Fact]
    public void Cascade_RespectsRedundancyAndTimeToImpact()
    {
        var result = Cascade.Run(Plant(), [A]);
        result.FailureTime.ToArray().Should().Equal(0, 2, 3, 4, 6, double.PositiveInfinity);
        result.Order.ToArray().Should().Equal(A, B, C, D, E);
        result.Cause.ToArray().Should().Equal(-1, A, B, C, C, -1);
        result.Failed(F).Should().BeFalse();
    }

    [Fact]
    public void Cascade_OneOfTwoRedundantFeeds_IsNotEnough()
    {
        // Only B fails (A stands): C keeps A, so C stands; D still loses B (10 h); E keeps both feeds.
        var result = Cascade.Run(Plant(), [B]);
        result.FailureTime.ToArray().Should().Equal(double.PositiveInfinity, 0, double.PositiveInfinity, 10, double.PositiveInfinity, double.PositiveInfinity);
    }

    [Fact]
    public void Cascade_SuppliersOfAGroupFailingTogether_TheShortestDelayCounts()
    {
        // Z needs both X (5 h) and Y (1 h); both fail at 0, in either order of the input.
        foreach (var flip in new[] { false, true })
        {
            Dependency[] edges = [new(0, 2, Hours: 5, Group: "g", K: 2), new(1, 2, Hours: 1, Group: "g", K: 2)];
            var graph = DependencyGraph.Build([new("X"), new("Y"), new("Z")], flip ? [edges[1], edges[0]] : edges);
            Cascade.Run(graph, flip ? [1, 0] : [0, 1]).FailureTime[2].Should().Be(1);
        }
    }

    [Fact]
    public void Cascade_Loop_TerminatesAndTakesTheEarliestTime()
    {
        // 0 ↔ 1 and 1 → 2: a loop, and two routes to 2 (direct 9 h, or via 1: 1 + 1 h).
        var graph = DependencyGraph.Build(
            [new("0"), new("1"), new("2")],
            [new(0, 1, Hours: 1), new(1, 0, Hours: 1), new(1, 2, Hours: 1), new(0, 2, Hours: 9)]);
        Cascade.Run(graph, [0]).FailureTime.ToArray().Should().Equal(0, 1, 2);
    }

    [Fact]
    public void Cascade_AllPropagating_FailsExactlyTheReachableSites()
    {
        var graph = Hierarchy(3, 2000, 3, 0.05);
        var reach = ReachSets(graph);
        foreach (var start in new[] { 0, 5, 700, 1999 })
        {
            var result = Cascade.Run(graph, [start]);
            Enumerable.Range(0, graph.SiteCount).Select(result.Failed).Should().Equal(reach[start]);
        }
    }

    private static DependencyGraph Weighted(double probability) => DependencyGraph.Build(
        [new("A", Services: 2, People: 100), new("B", Services: 3, People: 1000), new("C", Services: 1, People: 10), new("D", Services: 5, People: 7)],
        [new(0, 1, Probability: probability), new(1, 2, Probability: probability), new(0, 2, Probability: probability)]);

    [Fact]
    public void MonteCarlo_SameSeed_SameNumbersWhateverTheThreads()
    {
        var graph = Hierarchy(11, 3000, 3, 0.05);
        var withProbabilities = DependencyGraph.Build(
            [.. Enumerable.Range(0, graph.SiteCount).Select(i => new Site($"S{i}", People: i % 7))],
            [.. Enumerable.Range(0, graph.SiteCount).SelectMany(s => Enumerable.Range(graph.Offsets[s], graph.Offsets[s + 1] - graph.Offsets[s]).Select(e => new Dependency(s, graph.Targets[e], Probability: 0.3 + (0.6 * (e % 3) / 2), Hours: e % 5)))]);
        int[] start = [0, 1, 2];
        var one = MonteCarlo.Simulate(withProbabilities, start, 400, 2024, maxThreads: 1);
        var two = MonteCarlo.Simulate(withProbabilities, start, 400, 2024, maxThreads: 2);
        var many = MonteCarlo.Simulate(withProbabilities, start, 400, 2024, maxThreads: 7);
        two.FailureProbability.Should().Equal(one.FailureProbability);
        many.FailureProbability.Should().Equal(one.FailureProbability);
        two.ExpectedPeopleAffected.Should().Be(one.ExpectedPeopleAffected);
        many.ExpectedServicesLost.Should().Be(one.ExpectedServicesLost);
        one.ExpectedFailedSites.Should().BeGreaterThan(3).And.BeLessThan(graph.SiteCount);

        var other = MonteCarlo.Simulate(withProbabilities, start, 400, 2025);
        other.FailureProbability.Should().NotEqual(one.FailureProbability);
    }

    [Fact]
    public void MonteCarlo_ProbabilityOne_IsTheDeterministicCascade()
    {
        var graph = Weighted(1);
        var result = MonteCarlo.Simulate(graph, [0], 50, 9);
        result.FailureProbability.Should().Equal(1, 1, 1, 0);
        result.ExpectedFailedSites.Should().Be(3);
        result.ExpectedServicesLost.Should().Be(6);
        result.ExpectedPeopleAffected.Should().Be(1110);
    }

    [Fact]
    public void MonteCarlo_ProbabilityZero_NothingPropagates()
    {
        var result = MonteCarlo.Simulate(Weighted(0), [0], 50, 9);
        result.FailureProbability.Should().Equal(1, 0, 0, 0);
        result.ExpectedServicesLost.Should().Be(2);
        result.ExpectedPeopleAffected.Should().Be(100);
    }

    [Fact]
    public void MonteCarlo_HalfProbability_ConvergesToTheHandWorkedValue()
    {
        // B fails with 0.5; C fails unless both A → C and (A → B → C) fail to carry: 1 - 0.5 · (1 - 0.25) = 0.625.
        var result = MonteCarlo.Simulate(Weighted(0.5), [0], 20_000, 1);
        result.FailureProbability[1].Should().BeApproximately(0.5, 0.015);
        result.FailureProbability[2].Should().BeApproximately(0.625, 0.015);
        result.ExpectedPeopleAffected.Should().BeApproximately(100 + 500 + 6.25, 20);
    }
}
