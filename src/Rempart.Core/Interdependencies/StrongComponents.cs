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
    /// Tarjan's algorithm without recursion (an explicit call stack of site and next edge), O(sites + dependencies),
    /// six int arrays of one entry per site, so a million sites need no deep stack.
    /// </summary>
    public static StrongComponents Compute(DependencyGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.SiteCount;
        var offsets = graph.OffsetArray;
        var targets = graph.TargetArray;
        var index = new int[n];
        var low = new int[n];
        var component = new int[n];
        var stack = new int[n];
        var callSite = new int[n];
        var callEdge = new int[n];
        Array.Fill(index, -1);
        Array.Fill(component, -1);
        var counter = 0;
        var top = 0;
        var found = 0;
        for (var root = 0; root < n; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            index[root] = low[root] = counter++;
            stack[top++] = root;
            callSite[0] = root;
            callEdge[0] = offsets[root];
            var depth = 1;
            while (depth > 0)
            {
                var v = callSite[depth - 1];
                var e = callEdge[depth - 1];
                var end = offsets[v + 1];
                var descended = false;
                var lowV = low[v];
                while (e < end)
                {
                    var w = targets[e++];
                    var iw = index[w];
                    if (iw < 0)
                    {
                        callEdge[depth - 1] = e;
                        low[v] = lowV;
                        index[w] = low[w] = counter++;
                        stack[top++] = w;
                        callSite[depth] = w;
                        callEdge[depth] = offsets[w];
                        depth++;
                        descended = true;
                        break;
                    }

                    if (component[w] < 0 && iw < lowV)
                    {
                        lowV = iw;
                    }
                }

                if (descended)
                {
                    continue;
                }

                low[v] = lowV;
                depth--;
                if (lowV == index[v])
                {
                    int w;
                    do
                    {
                        w = stack[--top];
                        component[w] = found;
                    }
                    while (w != v);
                    found++;
                }

                if (depth > 0)
                {
                    var u = callSite[depth - 1];
                    if (lowV < low[u])
                    {
                        low[u] = lowV;
                    }
                }
            }
        }

        // Tarjan closes components in reverse topological order: number them the other way round.
        var sizes = new int[found];
        for (var v = 0; v < n; v++)
        {
            var c = found - 1 - component[v];
            component[v] = c;
            sizes[c]++;
        }

        return new StrongComponents(component, sizes);
    }
}

/// <summary>The condensation: one node per strong component, an edge where some dependency crosses two components (once), ids in topological order.</summary>
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

    public static Condensation Build(DependencyGraph graph, StrongComponents components)
    {
        var n = graph.SiteCount;
        var c = components.Count;
        var componentOf = components.ComponentArray;
        var offsets = graph.OffsetArray;
        var targets = graph.TargetArray;

        // Sites grouped by component (counting sort), so each component's edges are gathered in one pass.
        var start = new int[c + 1];
        for (var v = 0; v < n; v++)
        {
            start[componentOf[v] + 1]++;
        }

        for (var i = 0; i < c; i++)
        {
            start[i + 1] += start[i];
        }

        var members = new int[n];
        var next = new int[c];
        Array.Copy(start, next, c);
        for (var v = 0; v < n; v++)
        {
            members[next[componentOf[v]]++] = v;
        }

        next = null;
        var seen = new int[c];
        Array.Fill(seen, -1);
        var dagOffsets = new int[c + 1];
        // At most one edge per dependency: the array is sized for that and only [0, Offsets[Count]) is used.
        var dagTargets = new int[graph.DependencyCount];
        var count = 0;
        for (var a = 0; a < c; a++)
        {
            seen[a] = a;
            for (var i = start[a]; i < start[a + 1]; i++)
            {
                var v = members[i];
                for (var e = offsets[v]; e < offsets[v + 1]; e++)
                {
                    var b = componentOf[targets[e]];
                    if (seen[b] != a)
                    {
                        seen[b] = a;
                        dagTargets[count++] = b;
                    }
                }
            }

            dagOffsets[a + 1] = count;
        }

        return new Condensation(dagOffsets, dagTargets, components.SizeArray);
    }
}
