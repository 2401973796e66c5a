using System.Runtime.CompilerServices;

namespace Rempart.Core.Interdependencies;

/// <summary>
/// Strongly connected components: sites that depend on each other through a loop. Component ids follow a
/// topological order of the condensation (a component's suppliers have smaller ids than the component), so
/// id 0 is a component nothing upstream feeds.
/// </summary>
public sealed class StrongComponents
{
    private StrongComponents(int[] componentOf, int[] sizes)
    {
        ComponentArray = componentOf;
        SizeArray = sizes;
        foreach (var size in sizes)
        {
            Largest = Math.Max(Largest, size);
        }
    }

    internal int[] ComponentArray { get; }

    internal int[] SizeArray { get; }

    public int Count => SizeArray.Length;

    public int Largest { get; }

    public ReadOnlySpan<int> ComponentOf => ComponentArray;

    public ReadOnlySpan<int> Sizes => SizeArray;

    /// <summary>
    /// Pearce's variant of Tarjan's algorithm (2016), without recursion: one rank per site that is first its visit
    /// order, then the lowest rank it reaches, then its component's number; a root flag; the stack of open sites;
    /// and an explicit call stack of site and next edge. O(sites + dependencies), one array read per dependency,
    /// about 17 bytes per site, so a million sites need neither a deep stack nor much memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static StrongComponents Compute(DependencyGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.SiteCount;
        var offsets = graph.OffsetArray;
        var targets = graph.TargetArray;
        var rank = new int[n];          // 0: not visited yet
        var root = new bool[n];
        var open = new int[n];
        var callSite = new int[n];
        var callEdge = new int[n];
        var next = 1;                   // rank of the next visit; stays below every component number
        var component = n - 1;          // components take numbers n-1, n-2, ... as they close (reverse topological)
        var top = 0;
        for (var start = 0; start < n; start++)
        {
            if (rank[start] != 0)
            {
                continue;
            }

            rank[start] = next++;
            root[start] = true;
            callSite[0] = start;
            callEdge[0] = offsets[start];
            var depth = 1;
            while (depth > 0)
            {
                var v = callSite[depth - 1];
                var e = callEdge[depth - 1];
                var end = offsets[v + 1];
                var rv = rank[v];
                var isRoot = root[v];
                var descended = false;
                while (e < end)
                {
                    var w = targets[e++];
                    var rw = rank[w];
                    if (rw == 0)
                    {
                        callEdge[depth - 1] = e;
                        rank[v] = rv;
                        root[v] = isRoot;
                        rank[w] = next++;
                        root[w] = true;
                        callSite[depth] = w;
                        callEdge[depth] = offsets[w];
                        depth++;
                        descended = true;
                        break;
                    }

                    if (rw < rv)
                    {
                        rv = rw;
                        isRoot = false;
                    }
                }

                if (descended)
                {
                    continue;
                }

                depth--;
                if (isRoot)
                {
                    // v closes its component: v and every open site ranked at or after it.
                    next--;
                    while (top > 0 && rv <= rank[open[top - 1]])
                    {
                        rank[open[--top]] = component;
                        next--;
                    }

                    rank[v] = component--;
                }
                else
                {
                    rank[v] = rv;
                    root[v] = false;
                    open[top++] = v;
                }

                if (depth > 0)
                {
                    var u = callSite[depth - 1];
                    if (rank[v] < rank[u])
                    {
                        rank[u] = rank[v];
                        root[u] = false;
                    }
                }
            }
        }

        // Renumber so that ids follow a topological order: the last component closed is 0.
        var count = n - 1 - component;
        var sizes = new int[count];
        for (var v = 0; v < n; v++)
        {
            var c = rank[v] - (component + 1);
            rank[v] = c;
            sizes[c]++;
        }

        return new StrongComponents(rank, sizes);
    }
}

/// <summary>
/// The condensation: one node per strong component, ids in topological order, and one edge per dependency that
/// crosses two components (two dependencies between the same two components give two edges: no count changes, and
/// skipping the check keeps both passes sequential over the sites).
/// </summary>
internal sealed class Condensation
{
    private Condensation(int[] offsets, int[] targets, int[] sizes)
    {
        Offsets = offsets;
        Targets = targets;
        Sizes = sizes;
    }

    public int[] Offsets { get; }

    public int[] Targets { get; }

    public int[] Sizes { get; }

    public int Count => Sizes.Length;

    /// <summary>Two passes over the dependencies in site order: count the crossing ones per component, then place them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Condensation Build(DependencyGraph graph, StrongComponents components)
    {
        var n = graph.SiteCount;
        var c = components.Count;
        var componentOf = components.ComponentArray;
        var offsets = graph.OffsetArray;
        var targets = graph.TargetArray;
        var dagOffsets = new int[c + 1];
        for (var v = 0; v < n; v++)
        {
            var a = componentOf[v];
            var crossing = 0;
            for (var e = offsets[v]; e < offsets[v + 1]; e++)
            {
                if (componentOf[targets[e]] != a)
                {
                    crossing++;
                }
            }

            dagOffsets[a + 1] += crossing;
        }

        for (var a = 0; a < c; a++)
        {
            dagOffsets[a + 1] += dagOffsets[a];
        }

        var next = new int[c];
        Array.Copy(dagOffsets, next, c);
        var dagTargets = new int[dagOffsets[c]];
        for (var v = 0; v < n; v++)
        {
            var a = componentOf[v];
            for (var e = offsets[v]; e < offsets[v + 1]; e++)
            {
                var b = componentOf[targets[e]];
                if (b != a)
                {
                    dagTargets[next[a]++] = b;
                }
            }
        }

        return new Condensation(dagOffsets, dagTargets, components.SizeArray);
    }
}
