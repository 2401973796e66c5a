using Rempart.Core.Interdependencies;
using static Rempart.Core.Tests.Interdependencies.GraphFixtures;

namespace Rempart.Core.Tests.Interdependencies;

/// <summary>Above the exact limit, downstream counts are HyperLogLog estimates; their stated error holds against exact counts.</summary>
public sealed class ApproximateReachTests
{
    [Fact]
    public void AboveTheLimit_EstimatesStayWithinTheStatedError()
    {
        var graph = Hierarchy(5, 30_000, 3, 0.02);
        var components = StrongComponents.Compute(graph);
        var exact = Reach.All(graph, components, new ReachOptions(ExactComponentLimit: int.MaxValue));
        var estimate = Reach.All(graph, components, new ReachOptions(ExactComponentLimit: 1_000));

        exact.Exact.Should().BeTrue();
        estimate.Exact.Should().BeFalse();
        var sigma = Reach.RelativeStandardError(8);
        estimate.RelativeStandardError.Should().Be(sigma);
        sigma.Should().BeApproximately(0.065, 0.0001);

        var errors = new List<double>();
        var smallErrors = new List<long>();
        for (var v = 0; v < graph.SiteCount; v++)
        {
            if (exact.PerSite[v] >= 10)
            {
                errors.Add(Math.Abs(estimate.PerSite[v] - exact.PerSite[v]) / (double)exact.PerSite[v]);
            }
            else
            {
                smallErrors.Add(Math.Abs(estimate.PerSite[v] - exact.PerSite[v]));
            }
        }

        // Small counts: off by a few sites at most, usually exact.
        smallErrors.Max().Should().BeLessThanOrEqualTo(3);
        smallErrors.Average().Should().BeLessThan(0.25);
        errors.Count.Should().BeGreaterThan(1_000, "the graph must have many large downstream counts for the test to mean something");
        exact.PerSite.Max().Should().BeGreaterThan(10_000);
        errors.Average().Should().BeLessThanOrEqualTo(sigma, "the mean error is within one standard error");
        errors.Count(e => e <= 2 * sigma).Should().BeGreaterThanOrEqualTo((int)(0.9 * errors.Count), "about 95 % lie within two standard errors");
        // The standard error is a spread, not a ceiling: a few sites of ten or so downstream can be off by three
        // or four sites (hash collisions among few registers). From 100 sites on, none is beyond four standard errors.
        var large = Enumerable.Range(0, graph.SiteCount).Where(v => exact.PerSite[v] >= 100).ToList();
        large.Count.Should().BeGreaterThan(500);
        var worst = large.MaxBy(v => Math.Abs(estimate.PerSite[v] - exact.PerSite[v]) / (double)exact.PerSite[v]);
        (Math.Abs(estimate.PerSite[worst] - exact.PerSite[worst]) / (double)exact.PerSite[worst]).Should().BeLessThanOrEqualTo(4 * sigma, $"site {worst}: exact {exact.PerSite[worst]}, estimate {estimate.PerSite[worst]}");
    }

    [Fact]
    public void DefaultLimit_SmallGraphsAreExact()
    {
        var graph = Hierarchy(6, 5_000, 3, 0.02);
        Reach.All(graph, StrongComponents.Compute(graph)).Exact.Should().BeTrue();
    }
}
