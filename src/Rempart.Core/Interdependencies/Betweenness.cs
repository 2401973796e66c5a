using System.Runtime.CompilerServices;

namespace Rempart.Core.Interdependencies;

/// <summary>
/// Betweenness centrality from a list of sources to every target (Brandes 2001, directed, unweighted): for each
/// site v, the sum over sources s and targets t (s ≠ v ≠ t) of the share of shortest s → t paths that pass through
/// v. With a sample of sources it estimates the full betweenness (multiply by sites / sources); the numbers are the
/// ones igraph_betweenness_subset gives with the same sources, every target, directed.
/// </summary>
public static class Betweenness
{
    /// <summary>
    /// Sources are cut into a fixed number of consecutive blocks (independent of the machine); each block is summed
    /// in source order into its own array, blocks in parallel (one workspace per thread: distances, path counts,
    /// dependencies, BFS order; int and double arrays, nothing allocated per source), then the blocks are added
    /// in block order. The result is therefore the same, bit for bit, whatever the number of threads.
    /// </summary>
    public static double[] FromSources(DependencyGraph graph, IReadOnlyList<int> sources, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(sources);
        var n = graph.SiteCount;
        foreach (var s in sources)
        {
            if ((uint)s >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(sources), $"Site {s} is not in the graph.");
            }
        }

        const int Blocks = 8;
        var blockCount = Math.Min(Blocks, sources.Count);
        var result = new double[n];
        var partial = new double[]?[blockCount];
        var spare = new Stack<double[]>();
        var gate = new object();
        var nextBlock = -1;
        var nextToAdd = 0;
        var workers = Math.Min(Reach.Threads(maxThreads), Math.Max(1, blockCount));
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            var work = new Workspace(n);
            int block;
            while ((block = Interlocked.Increment(ref nextBlock)) < blockCount)
            {
                double[]? sum;
                lock (gate)
                {
                    spare.TryPop(out sum);
                }

                sum ??= new double[n];
                var from = (int)((long)sources.Count * block / blockCount);
                var to = (int)((long)sources.Count * (block + 1) / blockCount);
                for (var i = from; i < to; i++)
                {
                    Accumulate(graph.OffsetArray, graph.TargetArray, sources[i], work, sum);
                }

                // Blocks are added in block order as soon as the earlier ones are in; the arrays are then reused,
                // so only a few are alive at once whatever the number of blocks.
                lock (gate)
                {
                    partial[block] = sum;
                    while (nextToAdd < blockCount && partial[nextToAdd] is { } ready)
                    {
                        for (var v = 0; v < n; v++)
                        {
                            result[v] += ready[v];
                        }

                        Array.Clear(ready);
                        spare.Push(ready);
                        partial[nextToAdd++] = null;
                    }
                }
            }
        });

        return result;
    }

    /// <summary>
    /// One breadth-first search from <paramref name="source"/> counting shortest paths, then the dependencies
    /// accumulated back in reverse order of distance, each site pulling from its dependents one step farther
    /// (Brandes: δ(v) = Σ σ(v)/σ(w) · (1 + δ(w))). Each site's distance and path count share one 16-byte entry,
    /// and once a site's dependency is known its path count is replaced by (1 + δ)/σ, the only thing its
    /// suppliers read: one cache line per dependency in both passes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(int[] offsets, int[] targets, int source, Workspace work, double[] sum)
    {
        var state = work.State;
        var order = work.Order;
        state[source] = new Entry { Distance = 0, Value = 1 };
        order[0] = source;
        var head = 0;
        var tail = 1;
        while (head < tail)
        {
            var v = order[head++];
            var next = state[v].Distance + 1;
            var paths = state[v].Value;
            var end = offsets[v + 1];
            for (var e = offsets[v]; e < end; e++)
            {
                ref var w = ref state[targets[e]];
                if (w.Distance < 0)
                {
                    w.Distance = next;
                    w.Value = paths;
                    order[tail++] = targets[e];
                }
                else if (w.Distance == next)
                {
                    w.Value += paths;
                }
            }
        }

        // Farthest first: each site's dependency pulled from the dependents one step farther.
        for (var i = tail - 1; i >= 0; i--)
        {
            var v = order[i];
            ref var sv = ref state[v];
            var next = sv.Distance + 1;
            var share = 0.0;
            var end = offsets[v + 1];
            for (var e = offsets[v]; e < end; e++)
            {
                ref readonly var w = ref state[targets[e]];
                if (w.Distance == next)
                {
                    share += w.Value;
                }
            }

            var delta = sv.Value * share;
            if (v != source)
            {
                sum[v] += delta;
            }

            sv.Value = (1 + delta) / sv.Value;
        }

        for (var i = 0; i < tail; i++)
        {
            state[order[i]].Distance = -1;
        }
    }

    private struct Entry
    {
        /// <summary>Steps from the source; -1 when not reached.</summary>
        public int Distance;

        /// <summary>σ, the number of shortest paths from the source, then (1 + δ)/σ once the dependency δ is known.</summary>
        public double Value;
    }

    private sealed class Workspace
    {
        public Workspace(int n)
        {
            State = new Entry[n];
            for (var v = 0; v < n; v++)
            {
                State[v].Distance = -1;
            }

            Order = new int[n];
        }

        public Entry[] State { get; }

        public int[] Order { get; }
    }
}
