using Rempart.Core.Interdependencies;

namespace Rempart.Core.Tests.Interdependencies;

/// <summary>Small graphs worked by hand, random graphs, and naive reference algorithms to check the engine against.</summary>
internal static class GraphFixtures
{
    /// <summary>Bare graph from (supplier, dependent) pairs.</summary>
    public static DependencyGraph Bare(int n, params (int Supplier, int Dependent)[] edges) =>
        DependencyGraph.FromArrays(n, edges.Select(e => e.Supplier).ToArray(), edges.Select(e => e.Dependent).ToArray());

    /// <summary>
    /// Six sites: 0 → 1 → 2 → 0 is a loop, then 2 → 3 → 4, 1 → 4 and 5 → 3 (supplier → dependent).
    /// Worked by hand: components {0,1,2} {3} {4} {5}; downstream 4,4,4,1,0,2; betweenness over all sources
    /// 1,3,3,2,0,0 (from 0: 1 lies on the paths to 2, 4, 3 and 2 on the path to 3; from 1: 2 on the paths to 0
    /// and 3; from 2: 0 on the path to 1 and 3 on the path to 4; from 5: 3 on the path to 4).
    /// </summary>
    public static DependencyGraph SixSites() => Bare(6, (0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (1, 4), (5, 3));

    /// <summary>A random graph: <paramref name="n"/> sites, about <paramref name="m"/> distinct dependencies, no self-loops.</summary>
    public static DependencyGraph Random(int seed, int n, int m)
    {
        var random = new Random(seed);
        var pairs = new HashSet<(int, int)>();
        for (var i = 0; i < m; i++)
        {
            var s = random.Next(n);
            var d = random.Next(n);
            if (s != d)
            {
                pairs.Add((s, d));
            }
        }

        return Bare(n, [.. pairs]);
    }

    /// <summary>A layered hierarchy with a few mutual dependencies (so some loops), like national supply chains.</summary>
    public static DependencyGraph Hierarchy(int seed, int n, double edgesPerSite, double loopShare)
    {
        var random = new Random(seed);
        var layers = new List<(int Start, int Size)>();
        var start = 0;
        var size = Math.Max(2, n / 64);
        while (start < n)
        {
            var take = Math.Min(size, n - start);
            layers.Add((start, take));
            start += take;
            size *= 2;
        }

        var pairs = new HashSet<(int, int)>();
        var target = (int)(n * edgesPerSite);
        while (pairs.Count < target)
        {
            var layer = 1 + random.Next(layers.Count - 1);
            var dependent = layers[layer].Start + random.Next(layers[layer].Size);
            var above = layers[layer - 1];
            var supplier = above.Start + (int)(above.Size * Math.Pow(random.NextDouble(), 2));
            pairs.Add((supplier, dependent));
            if (random.NextDouble() < loopShare)
            {
                pairs.Add((dependent, supplier));
            }
        }

        return Bare(n, [.. pairs]);
    }

    public static List<int>[] Adjacency(DependencyGraph graph)
    {
        var adjacency = new List<int>[graph.SiteCount];
        for (var v = 0; v < graph.SiteCount; v++)
        {
            adjacency[v] = [];
            for (var e = graph.Offsets[v]; e < graph.Offsets[v + 1]; e++)
            {
                adjacency[v].Add(graph.Targets[e]);
            }
        }

        return adjacency;
    }

    /// <summary>Naive reach: one depth-first search per site (the site included).</summary>
    public static bool[][] ReachSets(DependencyGraph graph)
    {
        var adjacency = Adjacency(graph);
        var result = new bool[graph.SiteCount][];
        for (var s = 0; s < graph.SiteCount; s++)
        {
            var seen = new bool[graph.SiteCount];
            var stack = new Stack<int>([s]);
            seen[s] = true;
            while (stack.Count > 0)
            {
                foreach (var w in adjacency[stack.Pop()].Where(w => !seen[w]))
                {
                    seen[w] = true;
                    stack.Push(w);
                }
            }

            result[s] = seen;
        }

        return result;
    }

    /// <summary>Naive betweenness straight from its definition: shortest distances and path counts by BFS from every site, then for each s, t, v: σ(s,v)·σ(v,t)/σ(s,t) when v lies on a shortest s → t path.</summary>
    public static double[] NaiveBetweenness(DependencyGraph graph, IReadOnlyList<int> sources)
    {
        var n = graph.SiteCount;
        var adjacency = Adjacency(graph);
        var dist = new int[n][];
        var sigma = new double[n][];
        for (var s = 0; s < n; s++)
        {
            dist[s] = Enumerable.Repeat(-1, n).ToArray();
            sigma[s] = new double[n];
            dist[s][s] = 0;
            sigma[s][s] = 1;
            var queue = new Queue<int>([s]);
            while (queue.Count > 0)
            {
                var v = queue.Dequeue();
                foreach (var w in adjacency[v])
                {
                    if (dist[s][w] < 0)
                    {
                        dist[s][w] = dist[s][v] + 1;
                        queue.Enqueue(w);
                    }

                    if (dist[s][w] == dist[s][v] + 1)
                    {
                        sigma[s][w] += sigma[s][v];
                    }
                }
            }
        }

        var result = new double[n];
        foreach (var s in sources)
        {
            for (var t = 0; t < n; t++)
            {
                if (t == s || dist[s][t] < 0)
                {
                    continue;
                }

                for (var v = 0; v < n; v++)
                {
                    if (v != s && v != t && dist[s][v] >= 0 && dist[v][t] >= 0 && dist[s][v] + dist[v][t] == dist[s][t])
                    {
                        result[v] += sigma[s][v] * sigma[v][t] / sigma[s][t];
                    }
                }
            }
        }

        return result;
    }
}
