using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Rempart.Bench;

/// <summary>The machine as a report names it, read from /proc and the runtime.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = Read("/proc/cpuinfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = Read("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
            && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb)
            ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0} GiB")
            : "unknown memory";
        var os = Read("/etc/os-release")?.Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription;
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores ({cpu}), {memory}, {os}, {RuntimeInformation.FrameworkDescription}");
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>Turns the JSON of each provider's run into the Markdown that docs/BENCHMARKS.md carries.</summary>
internal static class Report
{
    public static int Print(IReadOnlyList<string> files)
    {
        if (files.Count == 0)
        {
            throw new BenchException("report needs the JSON files written by 'answers --out'.");
        }

        var results = files.Select(f => JsonSerializer.Deserialize<BenchResult>(File.ReadAllText(f), BenchResult.Json)
            ?? throw new BenchException($"{f} holds no result.")).ToList();
        Console.Write(Markdown(results));
        return results.All(r => r.Api.Saves > 0 && r.Raw.Saves > 0) ? 0 : 1;
    }

    private static string Markdown(List<BenchResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var first = results[0];
        text.AppendLine(c, $"Run of {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, commit `{Environment.GetEnvironmentVariable("REMPART_BENCH_COMMIT") ?? "unknown"}`, "
            + $"{first.Clients} concurrent clients, then {first.Clients} raw connections; each phase measured for {first.DurationSeconds:0} s "
            + $"after a warm-up of {first.WarmupSeconds:0} s (API) or {first.RawWarmupSeconds:0} s (raw).");
        text.AppendLine();
        text.AppendLine(c, $"Machine: {Machine.Describe()}. The web app, the database and the load generator share it.");
        text.AppendLine();
        text.AppendLine("| database | API saves/s | API p50 / p99 | raw ADO.NET saves/s | raw p50 / p99 | **API / raw** | goal ≥ 40 % | thinnest HTTP save/s | thinnest / raw |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var r in results)
        {
            var thin = r.Thin is { } t ? string.Create(c, $"{t.SavesPerSecond:0} | {r.ThinRatio:P1} |") : "n/a | n/a |";
            text.AppendLine(c, $"| {r.Database.Engine} {r.Database.Version.Split(' ')[0]} | {r.Api.SavesPerSecond:0} | {r.Api.P50Ms:0.0} / {r.Api.P99Ms:0} ms | "
                + $"{r.Raw.SavesPerSecond:0} | {r.Raw.P50Ms:0.0} / {r.Raw.P99Ms:0} ms | **{r.Ratio:P1}** | {(r.Ratio >= 0.40 ? "met" : "**missed**")} | {thin}");
        }

        text.AppendLine();
        text.AppendLine("CPU during each measured window, in cores of the machine's " + Environment.ProcessorCount.ToString(c)
            + " (\"others\" is whatever else ran on the machine meanwhile), and the CPU each save cost its writer and PostgreSQL:");
        text.AppendLine();
        text.AppendLine("| database | phase | saves/s per second (min–max) | machine | web app | rempart-bench | PostgreSQL | others | CPU per save | errors |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            foreach (var phase in new[] { r.Api, r.Raw, r.Thin }.OfType<PhaseResult>())
            {
                var seconds = phase.WindowSeconds.DefaultIfEmpty(0).ToList();
                text.AppendLine(c, $"| {r.Database.Engine} | {phase.Name} | {seconds.Min()}–{seconds.Max()} | {phase.Cpu.Machine:0.00} | "
                    + $"{(phase.Cpu.App is { } app ? app.ToString("0.00", c) : "n/a")} | {phase.Cpu.Bench:0.00} | {phase.Cpu.Postgres:0.00} | {phase.Cpu.Others:0.00} | "
                    + $"{phase.CpuMsPerSave:0.00} ms | {Errors(phase)} |");
            }
        }

        text.AppendLine();
        text.AppendLine("The thinnest HTTP save is the raw phase's own two statements behind Kestrel (`rempart-bench thin-server`: same paths, "
            + "bodies and clients as the API; no authentication, authorization, validation, read or audit record, all of which every Rempart save does): "
            + "the most any HTTP API could reach on this machine, whatever it is written with.");
        text.AppendLine();
        foreach (var r in results)
        {
            var cpuRatio = r.Api.CpuMsPerSave == 0 ? 0 : r.Raw.CpuMsPerSave / r.Api.CpuMsPerSave;
            text.AppendLine(c, $"- {r.Database.Engine}: commits with {r.Database.Durability}. {r.Answers} answers, each owned by one client and then by one raw connection. "
                + $"Cores busy just before the run: {r.CoresBusyBefore:0.00}. CPU per save, raw / API: {cpuRatio:P1} "
                + $"(the ratio a machine running nothing else would approach if both sides stayed CPU-bound).");
        }

        return text.ToString();
    }

    private static string Errors(PhaseResult phase) =>
        phase.Errors.Count == 0 ? "none" : string.Join(", ", phase.Errors.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key} x{e.Value}")));
}
