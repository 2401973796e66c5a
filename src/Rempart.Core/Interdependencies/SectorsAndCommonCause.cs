namespace Rempart.Core.Interdependencies;

/// <summary>Dependencies from one supplier sector to one dependent sector: how many, and their mean propagation probability.</summary>
public sealed record SectorLink(string SupplierSector, string DependentSector, int Dependencies, double MeanStrength);

/// <summary>The sector x sector interdependency matrix, as one row per pair of sectors that has dependencies.</summary>
public static class SectorMatrix
{
    /// <summary>Label used for sites without a sector.</summary>
    public const string NoSector = "(none)";

    /// <summary>Rows sorted by supplier sector, then dependent sector (ordinal).</summary>
    public static IReadOnlyList<SectorLink> Compute(DependencyGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var cells = new Dictionary<(string, string), (int Count, double Sum)>();
        var offsets = graph.OffsetArray;
        var targets = graph.TargetArray;
        for (var s = 0; s < graph.SiteCount; s++)
        {
            var from = SectorOf(graph, s);
            for (var e = offsets[s]; e < offsets[s + 1]; e++)
            {
                var key = (from, SectorOf(graph, targets[e]));
                cells.TryGetValue(key, out var cell);
                cells[key] = (cell.Count + 1, cell.Sum + graph.Probability(e));
            }
        }

        return [.. cells
            .OrderBy(c => c.Key.Item1, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Item2, StringComparer.Ordinal)
            .Select(c => new SectorLink(c.Key.Item1, c.Key.Item2, c.Value.Count, c.Value.Sum / c.Value.Count))];
    }

    private static string SectorOf(DependencyGraph graph, int site) =>
        graph.SiteAt(site)?.Sector is { Length: > 0 } sector ? sector.Trim() : NoSector;
}

/// <summary>Common-cause groups: each group's sites, and for each site its group (-1: in no group).</summary>
public sealed record CommonCauseGroups(int[] GroupOf, IReadOnlyList<int[]> Groups);

/// <summary>
/// Sites that one local event takes down together. Definition: two sites belong to the same group when a
/// <see cref="DependencyKind.Geographic"/> dependency links them (either way) or when both have coordinates in the
/// same location cell (latitude and longitude each cut into steps of <c>cellDegrees</c>, 0.01° by default, about
/// 1.1 km north-south); groups are the connected sets of that relation with at least two sites. Groups are numbered
/// from 0 in order of their first site.
/// </summary>
public static class CommonCause
{
    public const double DefaultCellDegrees = 0.01;

    public static CommonCauseGroups Compute(DependencyGraph graph, double cellDegrees = DefaultCellDegrees)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cellDegrees);
        var n = graph.SiteCount;
        var parent = new int[n];
        for (var v = 0; v < n; v++)
        {
            parent[v] = v;
        }

        var offsets = graph.OffsetArray;
        var targets = graph.TargetArray;
        for (var s = 0; s < n; s++)
        {
            for (var e = offsets[s]; e < offsets[s + 1]; e++)
            {
                if (graph.Kind(e) == DependencyKind.Geographic)
                {
                    Union(parent, s, targets[e]);
                }
            }
        }

        var firstInCell = new Dictionary<(long, long), int>();
        for (var v = 0; v < n; v++)
        {
            if (graph.SiteAt(v) is { Latitude: { } lat, Longitude: { } lon })
            {
                var cell = (Cell(lat, cellDegrees), Cell(lon, cellDegrees));
                if (firstInCell.TryGetValue(cell, out var first))
                {
                    Union(parent, first, v);
                }
                else
                {
                    firstInCell[cell] = v;
                }
            }
        }

        var size = new int[n];
        for (var v = 0; v < n; v++)
        {
            size[Find(parent, v)]++;
        }

        var groupOf = new int[n];
        Array.Fill(groupOf, -1);
        var idOfRoot = new Dictionary<int, int>();
        var members = new List<List<int>>();
        for (var v = 0; v < n; v++)
        {
            var root = Find(parent, v);
            if (size[root] < 2)
            {
                continue;
            }

            if (!idOfRoot.TryGetValue(root, out var id))
            {
                id = members.Count;
                idOfRoot[root] = id;
                members.Add([]);
            }

            groupOf[v] = id;
            members[id].Add(v);
        }

        return new CommonCauseGroups(groupOf, [.. members.Select(m => m.ToArray())]);
    }

    /// <summary>The cell index of a coordinate; rounded first so that 5.30 / 0.01 is cell 530, not 529.</summary>
    private static long Cell(double degrees, double cellDegrees) => (long)Math.Floor(Math.Round(degrees / cellDegrees, 9));

    private static int Find(int[] parent, int v)
    {
        while (parent[v] != v)
        {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }

        return v;
    }

    private static void Union(int[] parent, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a != b)
        {
            // The smaller index becomes the root, so the result does not depend on the order of unions.
            if (a < b)
            {
                parent[b] = a;
            }
            else
            {
                parent[a] = b;
            }
        }
    }
}
