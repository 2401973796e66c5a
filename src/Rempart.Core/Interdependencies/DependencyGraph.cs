using System.Runtime.CompilerServices;

namespace Rempart.Core.Interdependencies;

/// <summary>What a dependency carries, after Rinaldi, Peerenboom and Kelly (2001).</summary>
public enum DependencyKind : byte
{
    /// <summary>The dependent needs the supplier's material output (power, water, fuel).</summary>
    Physical,

    /// <summary>The dependent needs information carried by the supplier (control systems, telecommunications).</summary>
    Cyber,

    /// <summary>A local event can hit both at once (same site, corridor or flood plain).</summary>
    Geographic,

    /// <summary>Any other link: regulation, finance, staff, markets.</summary>
    Logical,
}

/// <summary>A site as the engine needs it: its code and optional attributes (sector, weights, location).</summary>
/// <param name="Code">Unique code of the site.</param>
/// <param name="Sector">Sector, for the sector x sector matrix (optional).</param>
/// <param name="Services">Weight counted as "services lost" when the site fails (1 by default: one site, one service).</param>
/// <param name="People">Weight counted as "people affected" when the site fails (for example its capacity).</param>
/// <param name="Latitude">Latitude in degrees, for common-cause groups (optional).</param>
/// <param name="Longitude">Longitude in degrees (optional).</param>
public sealed record Site(string Code, string? Sector = null, double Services = 1, double People = 0, double? Latitude = null, double? Longitude = null);

/// <summary>
/// One dependency: <paramref name="Dependent"/> relies on <paramref name="Supplier"/> (indices into the site list),
/// so a failure of the supplier propagates to the dependent with <paramref name="Probability"/>, after
/// <paramref name="Hours"/>. Dependencies of one dependent that share a <paramref name="Group"/> are redundant
/// suppliers: the group fails when <paramref name="K"/> of them have failed. Without a group, a dependency is its
/// own group with k = 1.
/// </summary>
public sealed record Dependency(int Supplier, int Dependent, DependencyKind Kind = DependencyKind.Physical, double Probability = 1, double Hours = 0, string? Group = null, int K = 1);

/// <summary>
/// The dependency graph on compact arrays (CSR, supplier → dependents), whatever the sites and dependencies came
/// from (CSV files, the database). Every algorithm in this folder reads it and nothing else. Edges keep their input
/// order within each supplier, so every result is the same for the same input.
/// </summary>
public sealed class DependencyGraph
{
    private readonly string[]? _codes;
    private readonly Site[]? _sites;

    private DependencyGraph(int siteCount, int[] offsets, int[] targets, string[]? codes, Site[]? sites)
    {
        SiteCount = siteCount;
        OffsetArray = offsets;
        TargetArray = targets;
        _codes = codes;
        _sites = sites;
    }

    public int SiteCount { get; }

    public int DependencyCount => TargetArray.Length;

    /// <summary>Slot i of <see cref="TargetArray"/> holds dependents; the dependents of supplier s are slots [Offsets[s], Offsets[s+1]).</summary>
    internal int[] OffsetArray { get; }

    internal int[] TargetArray { get; }

    /// <summary>Per slot: propagation probability (null: 1 everywhere).</summary>
    internal double[]? ProbabilityArray { get; private init; }

    /// <summary>Per slot: hours to impact (null: 0 everywhere).</summary>
    internal double[]? HoursArray { get; private init; }

    /// <summary>Per slot: kind (null: physical everywhere).</summary>
    internal DependencyKind[]? KindArray { get; private init; }

    /// <summary>Per slot: redundancy group index, or -1 for a dependency that is its own group with k = 1 (null: -1 everywhere).</summary>
    internal int[]? GroupArray { get; private init; }

    /// <summary>Per redundancy group: how many of its suppliers must fail.</summary>
    internal int[] GroupK { get; private init; } = [];

    public int RedundancyGroupCount => GroupK.Length;

    public ReadOnlySpan<int> Offsets => OffsetArray;

    public ReadOnlySpan<int> Targets => TargetArray;

    public string Code(int site) => _codes is not null ? _codes[site] : site.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The site's attributes, or null when the graph was built from bare arrays.</summary>
    public Site? SiteAt(int site) => _sites?[site];

    public bool HasSectors => _sites is not null && Array.Exists(_sites, s => !string.IsNullOrWhiteSpace(s.Sector));

    public double Services(int site) => _sites?[site].Services ?? 1;

    public double People(int site) => _sites?[site].People ?? 0;

    public double Probability(int slot) => ProbabilityArray?[slot] ?? 1;

    public double Hours(int slot) => HoursArray?[slot] ?? 0;

    public DependencyKind Kind(int slot) => KindArray?[slot] ?? DependencyKind.Physical;

    /// <summary>The supplier of a slot (a binary search over the offsets).</summary>
    public int SupplierOf(int slot)
    {
        var lo = 0;
        var hi = SiteCount - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (OffsetArray[mid] <= slot)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    /// <summary>A bare graph (no codes, no attributes): every dependency propagates at once with probability 1. For benchmarks and tests.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DependencyGraph FromArrays(int siteCount, ReadOnlySpan<int> suppliers, ReadOnlySpan<int> dependents)
    {
        if (suppliers.Length != dependents.Length)
        {
            throw new ArgumentException("suppliers and dependents must have the same length.", nameof(dependents));
        }

        var offsets = CountOffsets(siteCount, suppliers, dependents);
        var next = new int[siteCount];
        Array.Copy(offsets, next, siteCount);
        var targets = new int[suppliers.Length];
        for (var i = 0; i < suppliers.Length; i++)
        {
            targets[next[suppliers[i]]++] = dependents[i];
        }

        return new DependencyGraph(siteCount, offsets, targets, null, null);
    }

    /// <summary>Builds the graph from sites and dependencies given by site index. Codes must be unique, k between 1 and the group's size, the same for the whole group.</summary>
    public static DependencyGraph Build(IReadOnlyList<Site> sites, IReadOnlyList<Dependency> dependencies)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(dependencies);
        var codes = new string[sites.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sites.Count; i++)
        {
            codes[i] = sites[i].Code;
            if (!seen.Add(codes[i]))
            {
                throw new ArgumentException($"The site code {codes[i]} appears twice.", nameof(sites));
            }
        }

        var m = dependencies.Count;
        var suppliers = new int[m];
        var dependents = new int[m];
        var groupOfInput = new int[m];
        var groups = new Dictionary<(int Dependent, string Group), int>();
        var groupK = new List<int>();
        var groupSize = new List<int>();
        var anyGroup = false;
        for (var i = 0; i < m; i++)
        {
            var d = dependencies[i];
            if ((uint)d.Supplier >= (uint)sites.Count || (uint)d.Dependent >= (uint)sites.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(dependencies), $"Dependency {i} names a site index outside 0..{sites.Count - 1}.");
            }

            if (d.Probability is < 0 or > 1 || double.IsNaN(d.Probability) || d.Hours < 0 || double.IsNaN(d.Hours))
            {
                throw new ArgumentOutOfRangeException(nameof(dependencies), $"Dependency {i}: probability must be within 0..1 and hours 0 or more.");
            }

            suppliers[i] = d.Supplier;
            dependents[i] = d.Dependent;
            if (string.IsNullOrEmpty(d.Group))
            {
                groupOfInput[i] = -1;
                continue;
            }

            anyGroup = true;
            if (!groups.TryGetValue((d.Dependent, d.Group), out var g))
            {
                g = groupK.Count;
                groups.Add((d.Dependent, d.Group), g);
                groupK.Add(d.K);
                groupSize.Add(0);
            }
            else if (groupK[g] != d.K)
            {
                throw new ArgumentException($"Redundancy group {d.Group} of site {codes[d.Dependent]} has two different k.", nameof(dependencies));
            }

            groupSize[g]++;
            groupOfInput[i] = g;
        }

        for (var g = 0; g < groupK.Count; g++)
        {
            if (groupK[g] < 1 || groupK[g] > groupSize[g])
            {
                throw new ArgumentException($"A redundancy group has k = {groupK[g]} for {groupSize[g]} supplier(s).", nameof(dependencies));
            }
        }

        var (offsets, order) = CountingSort(sites.Count, suppliers, dependents);
        var targets = new int[m];
        var probability = new double[m];
        var hours = new double[m];
        var kinds = new DependencyKind[m];
        var groupArray = anyGroup ? new int[m] : null;
        for (var slot = 0; slot < m; slot++)
        {
            var d = dependencies[order[slot]];
            targets[slot] = d.Dependent;
            probability[slot] = d.Probability;
            hours[slot] = d.Hours;
            kinds[slot] = d.Kind;
            if (groupArray is not null)
            {
                groupArray[slot] = groupOfInput[order[slot]];
            }
        }

        return new DependencyGraph(sites.Count, offsets, targets, codes, [.. sites])
        {
            ProbabilityArray = probability,
            HoursArray = hours,
            KindArray = kinds,
            GroupArray = groupArray,
            GroupK = [.. groupK],
        };
    }

    /// <summary>Stable counting sort of the dependencies by supplier: the offsets, and for each slot the input index.</summary>
    private static (int[] Offsets, int[] Order) CountingSort(int siteCount, ReadOnlySpan<int> suppliers, ReadOnlySpan<int> dependents)
    {
        var offsets = CountOffsets(siteCount, suppliers, dependents);
        var next = new int[siteCount];
        Array.Copy(offsets, next, siteCount);
        var order = new int[suppliers.Length];
        for (var i = 0; i < suppliers.Length; i++)
        {
            order[next[suppliers[i]]++] = i;
        }

        return (offsets, order);
    }

    private static int[] CountOffsets(int siteCount, ReadOnlySpan<int> suppliers, ReadOnlySpan<int> dependents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(siteCount);
        var offsets = new int[siteCount + 1];
        for (var i = 0; i < suppliers.Length; i++)
        {
            if ((uint)suppliers[i] >= (uint)siteCount || (uint)dependents[i] >= (uint)siteCount)
            {
                throw new ArgumentOutOfRangeException(nameof(suppliers), $"Dependency {i} names a site index outside 0..{siteCount - 1}.");
            }

            offsets[suppliers[i] + 1]++;
        }

        for (var s = 0; s < siteCount; s++)
        {
            offsets[s + 1] += offsets[s];
        }

        return offsets;
    }
}
