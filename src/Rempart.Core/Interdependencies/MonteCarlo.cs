namespace Rempart.Core.Interdependencies;

/// <summary>What many random cascades give on average.</summary>
/// <param name="Runs">Number of runs.</param>
/// <param name="Seed">Seed the runs were drawn with.</param>
/// <param name="FailureProbability">Per site, the share of runs in which it failed (the initially failed sites: 1).</param>
/// <param name="ExpectedFailedSites">Mean number of failed sites per run, the initial ones included.</param>
/// <param name="ExpectedServicesLost">Mean sum of the failed sites' services weights per run.</param>
/// <param name="ExpectedPeopleAffected">Mean sum of the failed sites' people weights per run.</param>
public sealed record MonteCarloResult(int Runs, ulong Seed, double[] FailureProbability, double ExpectedFailedSites, double ExpectedServicesLost, double ExpectedPeopleAffected);

/// <summary>
/// Probabilistic cascade: in each run every dependency carries a failure with its own probability, drawn once per
/// run, and the cascade follows the same rule as <see cref="Cascade"/> over the dependencies that carry it.
/// <para>Reproducible: the draw for run r and dependency slot e is a hash of (seed, r, e), not a shared random
/// stream, and runs are added up as whole counts; so the same seed gives the same numbers whatever the number of
/// threads and whatever order the runs finish in. A probability of 1 always carries, 0 never does.</para>
/// </summary>
public static class MonteCarlo
{
    public static MonteCarloResult Simulate(DependencyGraph graph, IReadOnlyCollection<int> initiallyFailed, int runs, ulong seed, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(initiallyFailed);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var n = graph.SiteCount;
        var counts = new long[n];
        var gate = new object();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Reach.Threads(maxThreads) };
        Parallel.For(
            0,
            runs,
            parallel,
            () => (Work: new Cascade.Workspace(graph), Counts: new long[n], Failed: new List<int>()),
            (run, _, local) =>
            {
                var runKey = Reach.Mix(seed ^ Reach.Mix((ulong)run + 1));
                local.Work.Run(initiallyFailed, slot => Draw(runKey, slot) < graph.Probability(slot), local.Failed);
                foreach (var v in local.Failed)
                {
                    local.Counts[v]++;
                }

                local.Work.Reset(local.Failed);
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (var v = 0; v < n; v++)
                    {
                        counts[v] += local.Counts[v];
                    }
                }
            });

        var probability = new double[n];
        double sites = 0, services = 0, people = 0;
        for (var v = 0; v < n; v++)
        {
            if (counts[v] == 0)
            {
                continue;
            }

            probability[v] = (double)counts[v] / runs;
            sites += counts[v];
            services += counts[v] * graph.Services(v);
            people += counts[v] * graph.People(v);
        }

        return new MonteCarloResult(runs, seed, probability, sites / runs, services / runs, people / runs);
    }

    /// <summary>A uniform number in [0, 1) for one dependency slot in one run.</summary>
    private static double Draw(ulong runKey, int slot) => (Reach.Mix(runKey + (ulong)slot * 0x9E3779B97F4A7C15UL) >> 11) * (1.0 / (1UL << 53));
}
