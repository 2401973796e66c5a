using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Rempart.Bench.Graph;

/// <summary>Checks each run's answers against igraph's and writes the Markdown table (and, with --record, puts it in docs/BENCHMARKS.md).</summary>
internal static class Report
{
    private const string Start = "<!-- graph:start -->";
    private const string End = "<!-- graph:end -->";

    public static int Write(string[] args)
    {
        string? output = null, record = null, graphDir = null, note = null;
        var runs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out": output = args[++i]; break;
                case "--record": record = args[++i]; break;
                case "--graph": graphDir = args[++i]; break;
                case "--note": note = args[++i]; break;
                default: runs.Add(args[i]); break;
            }
        }

        if (output is null || graphDir is null || runs.Count == 0)
        {
            Console.Error.WriteLine("report --out FILE [--record FILE] [--note TEXT] --graph GRAPH_DIR RUN_DIR...");
            return 2;
        }

        var inv = CultureInfo.InvariantCulture;
        var graph = File.ReadAllLines(Path.Combine(graphDir, "info.txt"));
        var text = new StringBuilder();
        text.AppendLine(string.Create(inv, $"Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. {string.Join(" ", graph)}"));
        if (note is not null)
        {
            text.AppendLine();
            text.AppendLine(note);
        }

        var allCorrect = true;
        for (var r = 0; r < runs.Count; r++)
        {
            var ig = Read(Path.Combine(runs[r], "igraph", "timings.txt"));
            var re = Read(Path.Combine(runs[r], "rempart", "timings.txt"));
            var (correct, checks) = Check(Path.Combine(runs[r], "igraph"), Path.Combine(runs[r], "rempart"), graphDir);
            allCorrect &= correct;
            text.AppendLine();
            text.AppendLine(string.Create(inv, $"**Run {r + 1} of {runs.Count}** ({ig["tool"]} vs {re["tool"]}; load average before igraph {ig["load_before"]}, before Rempart {re["load_before"]}):"));
            text.AppendLine();
            text.AppendLine("| step | igraph s | Rempart s | ratio | goal | met? |");
            text.AppendLine("|---|---:|---:|---:|---|---|");
            Row(text, "(a) strongly connected components", ig, re, "scc", 0.5);
            Row(text, "(b) betweenness, 100 sampled sources to all targets", ig, re, "betweenness", 0.5);
            Row(text, "(c) reach (downstream count) of 1,000 sampled sources", ig, re, "reach", 0.1);
            var igMem = double.Parse(ig["rss_kb"], inv) / 1024;
            var reMem = double.Parse(re["rss_kb"], inv) / 1024;
            text.AppendLine(string.Create(inv, $"| peak memory of the process (MiB, /usr/bin/time) | {igMem:F0} | {reMem:F0} | {reMem / igMem:F2} | ≤ 1 | {(reMem <= igMem ? "yes" : "**no**")} |"));
            text.AppendLine(string.Create(inv, $"| graph load, not counted (read file, build the graph) | {Seconds(ig["load"])} | {Seconds(re["load"])} | | | |"));
            text.AppendLine();
            text.AppendLine(checks);
        }

        var markdown = text.ToString();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, "# Graph benchmark (issue #10)\n\n" + markdown);
        Console.WriteLine(markdown);
        if (record is not null)
        {
            var doc = File.ReadAllText(record);
            var a = doc.IndexOf(Start, StringComparison.Ordinal);
            var b = doc.IndexOf(End, StringComparison.Ordinal);
            if (a < 0 || b < a)
            {
                Console.Error.WriteLine($"{record} has no {Start} ... {End} markers.");
                return 2;
            }

            File.WriteAllText(record, doc[..(a + Start.Length)] + "\n" + markdown + doc[b..]);
            Console.Error.WriteLine($"Recorded in {record}.");
        }

        return allCorrect ? 0 : 1;
    }

    private static void Row(StringBuilder text, string step, Dictionary<string, string> ig, Dictionary<string, string> re, string key, double goal)
    {
        var inv = CultureInfo.InvariantCulture;
        var i = double.Parse(ig[key], inv);
        var r = double.Parse(re[key], inv);
        var ratio = r / i;
        text.AppendLine(string.Create(inv, $"| {step} | {Seconds(ig[key])} | {Seconds(re[key])} | {ratio:F3} | ≤ {goal} | {(ratio <= goal ? "yes" : "**no**")} |"));
    }

    private static string Seconds(string value)
    {
        var s = double.Parse(value, CultureInfo.InvariantCulture);
        return s.ToString(s < 10 ? "F3" : "F1", CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string> Read(string path) =>
        File.ReadAllLines(path).Where(l => l.Contains('=', StringComparison.Ordinal)).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    /// <summary>Components the same as partitions, reach counts equal, betweenness within 1e-9 relative.</summary>
    private static (bool Correct, string Text) Check(string igDir, string reDir, string graphDir)
    {
        var inv = CultureInfo.InvariantCulture;
        var ok = true;
        var lines = new List<string>();

        var a = Ints(Path.Combine(igDir, "membership.bin"));
        var b = Ints(Path.Combine(reDir, "membership.bin"));
        var forward = new Dictionary<int, int>();
        var backward = new Dictionary<int, int>();
        var partitionsEqual = a.Length == b.Length;
        for (var v = 0; partitionsEqual && v < a.Length; v++)
        {
            partitionsEqual = (!forward.TryGetValue(a[v], out var x) || x == b[v]) && (!backward.TryGetValue(b[v], out var y) || y == a[v]);
            forward[a[v]] = b[v];
            backward[b[v]] = a[v];
        }

        ok &= partitionsEqual;
        lines.Add(string.Create(inv, $"components identical as partitions: **{(partitionsEqual ? "yes" : "NO")}** ({forward.Count} components)"));

        var ra = Longs(Path.Combine(igDir, "reach.bin"));
        var rb = Longs(Path.Combine(reDir, "reach.bin"));
        var reachEqual = ra.AsSpan().SequenceEqual(rb);
        ok &= reachEqual;
        var sorted = ra.OrderBy(x => x).ToArray();
        lines.Add(string.Create(inv, $"reach counts identical for the {ra.Length} sources: **{(reachEqual ? "yes" : "NO")}** (min {sorted[0]}, median {sorted[sorted.Length / 2]}, max {sorted[^1]}, {ra.Count(x => x == 0)} with none downstream)"));

        var ba = Doubles(Path.Combine(igDir, "betweenness.bin"));
        var bb = Doubles(Path.Combine(reDir, "betweenness.bin"));
        var worst = 0.0;
        for (var v = 0; v < ba.Length; v++)
        {
            var scale = Math.Max(Math.Abs(ba[v]), Math.Abs(bb[v]));
            if (scale > 0)
            {
                worst = Math.Max(worst, Math.Abs(ba[v] - bb[v]) / Math.Max(scale, 1e-300));
            }
        }

        var betweennessClose = ba.Length == bb.Length && worst <= 1e-9;
        ok &= betweennessClose;
        lines.Add(string.Create(inv, $"betweenness within 1e-9 relative: **{(betweennessClose ? "yes" : "NO")}** (largest relative difference {worst:E1}; {ba.Count(x => x > 0)} sites above 0)"));
        return (ok, "Checks: " + string.Join("; ", lines) + ".");
    }

    private static int[] Ints(string path) => MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(path)).ToArray();

    private static long[] Longs(string path) => MemoryMarshal.Cast<byte, long>(File.ReadAllBytes(path)).ToArray();

    private static double[] Doubles(string path) => MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(path)).ToArray();
}
