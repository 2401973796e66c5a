using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Rempart.Core.Interdependencies;

/// <summary>How downstream counts are computed for every site.</summary>
/// <param name="ExactComponentLimit">Up to this many strong components the counts are exact; above, they are estimated (see <see cref="Reach.RelativeStandardError"/>).</param>
/// <param name="SketchPrecision">p of the estimate: 2^p one-byte registers per component (8: 256 registers, 6.5 % relative standard error).</param>
/// <param name="MaxThreads">At most this many threads (0: one per core).</param>
public sealed record ReachOptions(int ExactComponentLimit = 100_000, int SketchPrecision = 8, int MaxThreads = 0);

/// <summary>Downstream counts of every site, and whether they are exact.</summary>
/// <param name="PerSite">Downstream count of each site.</param>
/// <param name="Exact">True when computed exactly, false when estimated.</param>
/// <param name="RelativeStandardError">0 when exact; otherwise the estimate's relative standard error.</param>
public sealed record DownstreamCounts(long[] PerSite, bool Exact, double RelativeStandardError);

/// <summary>
/// Systemic criticality as reach: how many other sites fail when one fails and every dependency propagates
/// (redundancy ignored), that is the number of sites reachable in the supplier → dependent direction, the site
/// itself excluded. Computed on the condensation, where all sites of a strong component share one answer.
/// </summary>
public static class Reach
{
    /// <summary>Exact downstream counts for the given sources (one BFS's answer per source, without one BFS per source).</summary>
    public static long[] FromSources(DependencyGraph graph, IReadOnlyList<int> sources, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(sources);
        var components = StrongComponents.Compute(graph);
        return FromSources(graph, components, Condensation.Build(graph, components), sources, maxThreads);
    }

    internal static long[] FromSources(DependencyGraph graph, StrongComponents components, Condensation dag, IReadOnlyList<int> sources, int maxThreads)
    {
        var componentOf = components.ComponentArray;
        var distinct = new SortedSet<int>();
        foreach (var s in sources)
        {
            if ((uint)s >= (uint)graph.SiteCount)
            {
                throw new ArgumentOutOfRangeException(nameof(sources), $"Site {s} is not in the graph.");
            }

            distinct.Add(componentOf[s]);
        }

        var ordered = distinct.ToArray();
        var reach = ComponentReach(dag, ordered, maxThreads);
        var byComponent = new Dictionary<int, long>(ordered.Length);
        for (var i = 0; i < ordered.Length; i++)
        {
            byComponent[ordered[i]] = reach[i];
        }

        var result = new long[sources.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = byComponent[componentOf[sources[i]]] - 1;
        }

        return result;
    }

    /// <summary>Downstream counts of every site: exact up to <see cref="ReachOptions.ExactComponentLimit"/> components, estimated above.</summary>
    public static DownstreamCounts All(DependencyGraph graph, StrongComponents components, ReachOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(components);
        options ??= new ReachOptions();
        var dag = Condensation.Build(graph, components);
        var exact = dag.Count <= options.ExactComponentLimit;
        double[] perComponent;
        if (exact)
        {
            // Components that feed nothing reach only themselves: no sweep for them.
            var feeding = new List<int>();
            for (var c = 0; c < dag.Count; c++)
            {
                if (dag.Offsets[c + 1] > dag.Offsets[c])
                {
                    feeding.Add(c);
                }
            }

            var reach = ComponentReach(dag, [.. feeding], options.MaxThreads);
            perComponent = new double[dag.Count];
            for (var c = 0; c < dag.Count; c++)
            {
                perComponent[c] = dag.Sizes[c];
            }

            for (var i = 0; i < feeding.Count; i++)
            {
                perComponent[feeding[i]] = reach[i];
            }
        }
        else
        {
            perComponent = Sketch(graph, components, dag, options.SketchPrecision);
        }

        var perSite = new long[graph.SiteCount];
        var componentOf = components.ComponentArray;
        for (var v = 0; v < perSite.Length; v++)
        {
            var c = componentOf[v];
            // An estimate never goes below what is certain (the site's own component) nor above every other site.
            var estimate = Math.Round(perComponent[c], MidpointRounding.AwayFromZero) - 1;
            perSite[v] = (long)Math.Clamp(estimate, dag.Sizes[c] - 1, graph.SiteCount - 1);
        }

        return new DownstreamCounts(perSite, exact, exact ? 0 : RelativeStandardError(options.SketchPrecision));
    }

    /// <summary>The HyperLogLog estimate's relative standard error for 2^p registers: 1.04 / sqrt(2^p).</summary>
    public static double RelativeStandardError(int precision) => 1.04 / Math.Sqrt(1 << precision);

    /// <summary>
    /// Exact reach sizes (own component included) of the given components, sorted ascending: 64 sources per
    /// 64-bit word, swept once down the condensation in topological order from the first source of the batch,
    /// each word clearing as it is read. Sizes are added with bit-sliced counters (one plane per bit of the count),
    /// so a sweep costs one carry chain per reached component, not one addition per source. Batches run in
    /// parallel, each thread with its own mask array; each result goes to its own slot, so the thread count does
    /// not change any number.
    /// </summary>
    internal static long[] ComponentReach(Condensation dag, int[] sortedComponents, int maxThreads)
    {
        var result = new long[sortedComponents.Length];
        var batches = (sortedComponents.Length + 63) / 64;
        var count = dag.Count;
        var workers = Math.Min(Threads(maxThreads), Math.Max(1, batches));
        var nextBatch = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            var mask = new ulong[count];
            Span<ulong> planes = stackalloc ulong[40];
            int batch;
            while ((batch = Interlocked.Increment(ref nextBatch)) < batches)
            {
                planes.Clear();
                Sweep(dag, sortedComponents, result, batch, mask, planes);
            }
        });
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sweep(Condensation dag, int[] sortedComponents, long[] result, int batch, ulong[] mask, Span<ulong> planes)
    {
        var offsets = dag.Offsets;
        var targets = dag.Targets;
        var sizes = dag.Sizes;
        {
            var first = batch * 64;
            var width = Math.Min(64, sortedComponents.Length - first);
            var last = 0;
            for (var j = 0; j < width; j++)
            {
                var c = sortedComponents[first + j];
                mask[c] |= 1UL << j;
                last = Math.Max(last, c);
            }

            for (var pos = sortedComponents[first]; pos <= last; pos++)
            {
                var m = mask[pos];
                if (m == 0)
                {
                    continue;
                }

                mask[pos] = 0;
                AddWeighted(planes, m, sizes[pos]);
                var end = offsets[pos + 1];
                for (var e = offsets[pos]; e < end; e++)
                {
                    var t = targets[e];
                    mask[t] |= m;
                    if (t > last)
                    {
                        last = t;
                    }
                }
            }

            for (var j = 0; j < width; j++)
            {
                long total = 0;
                for (var k = 0; k < planes.Length; k++)
                {
                    total |= (long)((planes[k] >> j) & 1UL) << k;
                }

                result[first + j] = total;
            }
        }
    }

    private static void AddWeighted(Span<ulong> planes, ulong mask, int weight)
    {
        var w = (uint)weight;
        while (w != 0)
        {
            var k = BitOperations.TrailingZeroCount(w);
            w &= w - 1;
            var carry = mask;
            while (carry != 0)
            {
                var t = planes[k] & carry;
                planes[k] ^= carry;
                carry = t;
                k++;
            }
        }
    }

    internal static int Threads(int maxThreads) => maxThreads > 0 ? maxThreads : Environment.ProcessorCount;

    /// <summary>
    /// HyperLogLog sketches propagated up the condensation: each site hashed into one of 2^p one-byte registers
    /// (the rank of its hash), each component's registers the maximum of its own sites' and its dependents'
    /// components', taken from the last component in topological order to the first. Union is exact in
    /// registers, so the only error is the estimator's (relative standard error 1.04 / sqrt(2^p), 6.5 % for 256
    /// registers: a spread, not a ceiling). Memory: 2^p bytes per component. On the benchmark graph (1M sites,
    /// 5M dependencies) against exact counts: for counts of 100 or more, mean error 4.5 %, 95 % of sites within
    /// 11 %, worst 36 %; below 100, 85 % exact and a mean error of 0.3 sites.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Sketch(DependencyGraph graph, StrongComponents components, Condensation dag, int precision)
    {
        if (precision is < 4 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), "The sketch precision must be between 4 and 16.");
        }

        var m = 1 << precision;
        var count = dag.Count;
        if ((long)count * m > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), $"{count} components with 2^{precision} registers each do not fit in one array: lower the precision.");
        }

        var registers = new byte[count * m];
        var componentOf = components.ComponentArray;
        for (var v = 0; v < graph.SiteCount; v++)
        {
            var h = Mix((ulong)v + 0x9E3779B97F4A7C15UL);
            var bucket = (int)(h >> (64 - precision));
            var rank = (byte)(BitOperations.LeadingZeroCount((h << precision) | (1UL << (precision - 1))) + 1);
            ref var r = ref registers[(componentOf[v] * m) + bucket];
            if (rank > r)
            {
                r = rank;
            }
        }

        var offsets = dag.Offsets;
        var targets = dag.Targets;
        for (var c = count - 1; c >= 0; c--)
        {
            var into = registers.AsSpan(c * m, m);
            for (var e = offsets[c]; e < offsets[c + 1]; e++)
            {
                MaxInto(into, registers.AsSpan(targets[e] * m, m));
            }
        }

        var result = new double[count];
        var q = 64 - precision;
        var histogram = new int[q + 2];
        for (var c = 0; c < count; c++)
        {
            Array.Clear(histogram);
            foreach (var r in registers.AsSpan(c * m, m))
            {
                histogram[r]++;
            }

            result[c] = Estimate(histogram, m, q);
        }

        return result;
    }

    /// <summary>
    /// Ertl's improved raw estimator for HyperLogLog ("New cardinality estimation algorithms for HyperLogLog
    /// sketches", 2017): from the histogram of register values, without the bias tables or the switch to linear
    /// counting that the original estimator needs at small and middle counts.
    /// </summary>
    internal static double Estimate(int[] histogram, int m, int q)
    {
        var z = m * Tau(1 - ((double)histogram[q + 1] / m));
        for (var k = q; k >= 1; k--)
        {
            z = 0.5 * (z + histogram[k]);
        }

        z += m * Sigma((double)histogram[0] / m);
        return m / (2 * Math.Log(2)) * m / z;
    }

    private static double Sigma(double x)
    {
        if (x == 1)
        {
            return double.PositiveInfinity;
        }

        var y = 1.0;
        var z = x;
        double previous;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        }
        while (z != previous);
        return z;
    }

    private static double Tau(double x)
    {
        if (x == 0 || x == 1)
        {
            return 0;
        }

        var y = 1.0;
        var z = 1 - x;
        double previous;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= Math.Pow(1 - x, 2) * y;
        }
        while (z != previous);
        return z / 3;
    }

    private static void MaxInto(Span<byte> into, ReadOnlySpan<byte> from)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= into.Length; i += 32)
            {
                var target = into.Slice(i, 32);
                Vector256.Max(Vector256.Create<byte>(target), Vector256.Create(from.Slice(i, 32))).CopyTo(target);
            }
        }

        for (; i < into.Length; i++)
        {
            if (from[i] > into[i])
            {
                into[i] = from[i];
            }
        }
    }

    /// <summary>SplitMix64's finaliser: a fixed, well-spread 64-bit hash.</summary>
    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
