using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Rempart.Bench.Graph;
using Rempart.Core.Interdependencies;

// rempart-bench-graph generate DIR [--sites N] [--dependencies M] [--seed S]
// rempart-bench-graph run GRAPH_DIR OUT_DIR
// rempart-bench-graph report --out FILE [--record docs/BENCHMARKS.md] --graph GRAPH_DIR RUN_DIR...
var inv = CultureInfo.InvariantCulture;
switch (args.FirstOrDefault())
{
    case "generate":
    {
        var sites = int.Parse(Option("--sites", "1000000"), inv);
        var dependencies = int.Parse(Option("--dependencies", "5000000"), inv);
        var seed = ulong.Parse(Option("--seed", "10"), inv);
        var clock = Stopwatch.StartNew();
        Generator.Write(args[1], sites, dependencies, seed, 100, 1000);
        Console.WriteLine($"generated {sites} sites, {dependencies} dependencies (seed {seed}) in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    case "run":
        return Run(args[1], args[2]);
    case "report":
        return Report.Write(args[1..]);
    default:
        Console.Error.WriteLine("usage: generate DIR [--sites N] [--dependencies M] [--seed S] | run GRAPH_DIR OUT_DIR | report --out FILE [--record FILE] --graph DIR RUN_DIR...");
        return 2;
}

string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

// Rempart's side: the same file, the same sources, the same three measures, each timed on its own.
static int Run(string graphDir, string outDir)
{
    Directory.CreateDirectory(outDir);
    var clock = Stopwatch.StartNew();
    DependencyGraph graph;
    using (var file = File.OpenRead(Path.Combine(graphDir, "graph.bin")))
    {
        Span<int> header = stackalloc int[2];
        file.ReadExactly(MemoryMarshal.AsBytes(header));
        var (n, m) = (header[0], header[1]);
        var suppliers = new int[m];
        var dependents = new int[m];
        var chunk = new int[2 * 65536];
        for (var done = 0; done < m;)
        {
            var take = Math.Min(65536, m - done);
            file.ReadExactly(MemoryMarshal.AsBytes(chunk.AsSpan(0, 2 * take)));
            for (var i = 0; i < take; i++)
            {
                suppliers[done + i] = chunk[2 * i];
                dependents[done + i] = chunk[(2 * i) + 1];
            }

            done += take;
        }

        graph = DependencyGraph.FromArrays(n, suppliers, dependents);
    }

    var betweennessSources = ReadSources(Path.Combine(graphDir, "betweenness-sources.txt"));
    var reachSources = ReadSources(Path.Combine(graphDir, "reach-sources.txt"));
    GC.Collect();
    var load = clock.Elapsed.TotalSeconds;

    clock.Restart();
    var components = StrongComponents.Compute(graph);
    var scc = clock.Elapsed.TotalSeconds;

    clock.Restart();
    var betweenness = Betweenness.FromSources(graph, betweennessSources);
    var between = clock.Elapsed.TotalSeconds;

    // Reach pays for its own components and condensation: nothing is carried over from (a).
    clock.Restart();
    var reach = Reach.FromSources(graph, reachSources);
    var reachTime = clock.Elapsed.TotalSeconds;

    File.WriteAllBytes(Path.Combine(outDir, "membership.bin"), MemoryMarshal.AsBytes(components.ComponentOf).ToArray());
    File.WriteAllBytes(Path.Combine(outDir, "reach.bin"), MemoryMarshal.AsBytes(reach.AsSpan()).ToArray());
    File.WriteAllBytes(Path.Combine(outDir, "betweenness.bin"), MemoryMarshal.AsBytes(betweenness.AsSpan()).ToArray());
    var inv = CultureInfo.InvariantCulture;
    File.WriteAllText(Path.Combine(outDir, "timings.txt"), string.Create(inv,
        $"tool=Rempart (.NET {Environment.Version}, {Environment.ProcessorCount} threads)\nload={load:F6}\nscc={scc:F6}\nbetweenness={between:F6}\nreach={reachTime:F6}\ncomponents={components.Count}\nlargest={components.Largest}\n"));
    Console.WriteLine(string.Create(inv, $"Rempart: load {load:F2} s, components {scc:F2} s ({components.Count}, largest {components.Largest}), betweenness {between:F2} s, reach {reachTime:F2} s"));
    return 0;
}

static int[] ReadSources(string path) => [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
