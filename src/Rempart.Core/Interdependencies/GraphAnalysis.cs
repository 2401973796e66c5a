namespace Rempart.Core.Interdependencies;

/// <summary>Settings of a whole-graph analysis.</summary>
/// <param name="Samples">
/// Number of sources for betweenness, drawn among the sites that supply another (the only ones from which a path
/// starts): all of them, exactly, when there are no more than that; otherwise an estimate, the sampled sum scaled
/// by how many suppliers there are per sampled one.
/// </param>
/// <param name="Seed">Seed of the source sample.</param>
/// <param name="Reach">How downstream counts are computed (exact up to a limit, then estimated).</param>
/// <param name="CellDegrees">Size of a location cell for common-cause groups, in degrees.</param>
/// <param name="MaxThreads">At most this many threads (0: one per core).</param>
public sealed record GraphAnalysisOptions(int Samples = 100, ulong Seed = 1, ReachOptions? Reach = null, double CellDegrees = CommonCause.DefaultCellDegrees, int MaxThreads = 0);

/// <summary>The steps of an analysis, reported as they start.</summary>
public enum GraphAnalysisStep
{
    Components,
    Downstream,
    Betweenness,
    Sectors,
    CommonCause,
    Done,
}

/// <summary>Everything <c>rempart graph analyze</c> writes: components, downstream counts, betweenness, the sector matrix and common-cause groups.</summary>
public sealed record GraphAnalysis(
    StrongComponents Components,
    DownstreamCounts Downstream,
    double[] Betweenness,
    IReadOnlyList<int> BetweennessSources,
    IReadOnlyList<SectorLink> SectorMatrix,
    CommonCauseGroups CommonCause)
{
    public static GraphAnalysis Run(DependencyGraph graph, GraphAnalysisOptions? options = null, IProgress<GraphAnalysisStep>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new GraphAnalysisOptions();
        progress?.Report(GraphAnalysisStep.Components);
        var components = StrongComponents.Compute(graph);
        progress?.Report(GraphAnalysisStep.Downstream);
        var downstream = Reach.All(graph, components, (options.Reach ?? new ReachOptions()) with { MaxThreads = options.MaxThreads });
        progress?.Report(GraphAnalysisStep.Betweenness);
        // A site that supplies nothing starts no path: drawing it as a source would add nothing (an inventory of
        // thousands of unconnected sites would otherwise leave every sampled sum at zero).
        var offsets = graph.OffsetArray;
        var suppliers = Enumerable.Range(0, graph.SiteCount).Where(s => offsets[s + 1] > offsets[s]).ToArray();
        var sources = Sample(suppliers.Length, options.Samples, options.Seed).Select(i => suppliers[i]).ToArray();
        var betweenness = Interdependencies.Betweenness.FromSources(graph, sources, options.MaxThreads);
        if (sources.Length > 0 && sources.Length < suppliers.Length)
        {
            var scale = (double)suppliers.Length / sources.Length;
            for (var v = 0; v < betweenness.Length; v++)
            {
                betweenness[v] *= scale;
            }
        }
        progress?.Report(GraphAnalysisStep.Sectors);
        var sectors = Interdependencies.SectorMatrix.Compute(graph);
        progress?.Report(GraphAnalysisStep.CommonCause);
        var commonCause = Interdependencies.CommonCause.Compute(graph, options.CellDegrees);
        progress?.Report(GraphAnalysisStep.Done);
        return new GraphAnalysis(components, downstream, betweenness, sources, sectors, commonCause);
    }

    /// <summary><paramref name="count"/> distinct sites drawn with the seed (a partial Fisher-Yates shuffle on SplitMix64), ascending; every site when count ≥ sites.</summary>
    public static int[] Sample(int sites, int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count >= sites)
        {
            return [.. Enumerable.Range(0, sites)];
        }

        var pool = new Dictionary<int, int>();
        var result = new int[count];
        var state = seed;
        for (var i = 0; i < count; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var j = i + (int)(Reach.Mix(state) % (ulong)(sites - i));
            var atJ = pool.TryGetValue(j, out var vj) ? vj : j;
            var atI = pool.TryGetValue(i, out var vi) ? vi : i;
            pool[j] = atI;
            result[i] = atJ;
        }

        Array.Sort(result);
        return result;
    }
}
