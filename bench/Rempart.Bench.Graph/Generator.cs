using System.Runtime.InteropServices;
using Rempart.Core.Interdependencies;

namespace Rempart.Bench.Graph;

/// <summary>
/// The benchmark's graph, from a seed: a supply hierarchy of ten layers, each twice the size of the one above
/// (about 1,000 big suppliers at the top, half the sites at the bottom). Each dependency goes from a supplier to a
/// dependent of a lower layer: mostly the layer just above, sometimes any layer above; half of the suppliers are
/// chosen near the dependent's own position in its layer (regional supply), half among the layer's first
/// sites with a strong skew (national suppliers), so downstream counts go from none to hundreds of thousands.
/// Loops: some regional dependencies between adjacent layers are mutual (the reverse of an existing one) and a few
/// go one layer up near the dependent's position, so there are strong components beyond single sites; loops stay
/// between adjacent layers, otherwise every path across the layers would join one giant component. Self-loops and duplicates are removed;
/// site numbers are shuffled so that nothing in the file follows the layers.
/// </summary>
internal static class Generator
{
    public static void Write(string folder, int sites, int dependencies, ulong seed, int betweennessSources, int reachSources)
    {
        Directory.CreateDirectory(folder);
        var random = new Random((int)(seed & 0x7FFFFFFF));
        const int Layers = 10;
        var starts = new int[Layers + 1];
        var total = Math.Pow(2, Layers) - 1;
        for (var i = 0; i < Layers; i++)
        {
            starts[i + 1] = i == Layers - 1 ? sites : starts[i] + (int)Math.Round(sites * Math.Pow(2, i) / total);
        }

        var permutation = Enumerable.Range(0, sites).ToArray();
        random.Shuffle(permutation);

        var keys = new List<long>(dependencies + (dependencies / 10));
        while (true)
        {
            while (keys.Count < dependencies + (dependencies / 20))
            {
                var dependent = starts[1] + random.Next(sites - starts[1]);
                var layer = Array.BinarySearch(starts, dependent);
                layer = layer >= 0 ? layer : ~layer - 1;
                var supplierLayer = random.NextDouble() < 0.85 ? layer - 1 : random.Next(layer);
                var position = (dependent - starts[layer]) / (double)(starts[layer + 1] - starts[layer]);
                var local = random.NextDouble() < 0.5;
                var supplier = Pick(random, starts, supplierLayer, position, local);
                var roll = random.NextDouble();
                keys.Add(Key(permutation[supplier], permutation[dependent]));
                if (local && supplierLayer == layer - 1 && roll < MutualShare)
                {
                    // A mutual dependency between neighbours: the supplier also relies on this dependent.
                    keys.Add(Key(permutation[dependent], permutation[supplier]));
                }
                else if (supplierLayer == layer - 1 && roll < LoopShare)
                {
                    // A regional loop: a site of the layer above, near this one, relies on it.
                    var above = Pick(random, starts, layer - 1, Math.Clamp(position + (0.002 * Normal(random)), 0, 0.999999), local: true);
                    keys.Add(Key(permutation[dependent], permutation[above]));
                }
            }

            var span = CollectionsMarshal.AsSpan(keys);
            span.Sort();
            var unique = 0;
            for (var i = 0; i < span.Length; i++)
            {
                var s = (int)(span[i] >> 32);
                var d = (int)(span[i] & 0xFFFFFFFF);
                if (s != d && (unique == 0 || span[i] != span[unique - 1]))
                {
                    span[unique++] = span[i];
                }
            }

            keys.RemoveRange(unique, keys.Count - unique);
            if (keys.Count >= dependencies)
            {
                break;
            }
        }

        // Keep exactly the number asked for, drawn at random, in a random order.
        var all = keys.ToArray();
        random.Shuffle(all);
        using (var file = new BinaryWriter(File.Create(Path.Combine(folder, "graph.bin"))))
        {
            file.Write(sites);
            file.Write(dependencies);
            for (var i = 0; i < dependencies; i++)
            {
                file.Write((int)(all[i] >> 32));
                file.Write((int)(all[i] & 0xFFFFFFFF));
            }
        }

        // Sources are drawn among the sites that supply at least one other: a site nothing depends on has no
        // downstream and no shortest path starts from it, so it would measure nothing but the loop around it.
        var supplies = new bool[sites];
        for (var i = 0; i < dependencies; i++)
        {
            supplies[(int)(all[i] >> 32)] = true;
        }

        var suppliers = Enumerable.Range(0, sites).Where(v => supplies[v]).ToArray();
        File.WriteAllText(Path.Combine(folder, "info.txt"), string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Graph: {sites:N0} sites, {dependencies:N0} dependencies, seed {seed}, generated once by bench/Rempart.Bench.Graph; both tools read the same graph.bin and the same sources ({betweennessSources} for betweenness, {reachSources} for reach), drawn with the seed among the {suppliers.Length:N0} sites that supply at least one other.\n"));
        File.WriteAllLines(Path.Combine(folder, "betweenness-sources.txt"), GraphAnalysis.Sample(suppliers.Length, betweennessSources, seed + 1).Select(i => suppliers[i].ToString(System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllLines(Path.Combine(folder, "reach-sources.txt"), GraphAnalysis.Sample(suppliers.Length, reachSources, seed + 2).Select(i => suppliers[i].ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Share of regional dependencies that are mutual.</summary>
    private const double MutualShare = 0.015;

    /// <summary>Share of dependencies that come with a regional loop one layer up.</summary>
    private const double LoopShare = 0.0005;

    private static long Key(int supplier, int dependent) => ((long)supplier << 32) | (uint)dependent;

    private static int Pick(Random random, int[] starts, int layer, double position, bool local)
    {
        var size = starts[layer + 1] - starts[layer];
        double x;
        if (local)
        {
            x = position + (0.01 * Normal(random));
            x -= Math.Floor(x);
        }
        else
        {
            x = Math.Pow(random.NextDouble(), 3);
        }

        return starts[layer] + Math.Min(size - 1, (int)(x * size));
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
