using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rempart.Bench;

/// <summary>
/// The clock of one phase: a warm-up (JIT, pools, caches; nothing counted), then the measured window. A save
/// counts when it completes inside the window; its latency is kept. Workers stop starting saves at the window's end.
/// </summary>
internal sealed class Window(TimeSpan warmup, TimeSpan duration)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Now => _clock.Elapsed;

    public TimeSpan Start { get; } = warmup;

    public TimeSpan End { get; } = warmup + duration;

    public TimeSpan Duration { get; } = duration;

    public bool IsOver => _clock.Elapsed >= End;

    public bool Counts(TimeSpan completedAt) => completedAt >= Start && completedAt <= End;

    /// <summary>Saves completed in each second of the phase, warm-up included: shows whether the rate had settled.</summary>
    public long[] PerSecond { get; } = new long[(int)Math.Ceiling((warmup + duration).TotalSeconds) + 1];

    /// <summary>Counts one completed save in its second of the timeline.</summary>
    public void Completed(TimeSpan at)
    {
        var second = (int)at.TotalSeconds;
        if (second < PerSecond.Length)
        {
            Interlocked.Increment(ref PerSecond[second]);
        }
    }

    /// <summary>Waits for the window to open and returns the machine's CPU counters at that moment.</summary>
    public async Task<CpuSample> OpenedAsync(int? appPid)
    {
        var wait = Start - Now;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        return CpuSample.Take(appPid);
    }

    public async Task<CpuSample> ClosedAsync(int? appPid)
    {
        var wait = End - Now;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        return CpuSample.Take(appPid);
    }
}

/// <summary>One worker's counts; merged after the phase (no sharing while it runs).</summary>
internal sealed class WorkerStats
{
    public List<double> LatenciesMs { get; } = new(4096);

    public Dictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

    public string? FirstError { get; set; }

    public void Fail(string kind, string detail)
    {
        Errors[kind] = Errors.GetValueOrDefault(kind) + 1;
        FirstError ??= $"{kind}: {detail}";
    }
}

/// <summary>What one phase measured.</summary>
internal sealed record PhaseResult(
    string Name, long Saves, double SavesPerSecond, double P50Ms, double P90Ms, double P99Ms, double MaxMs, IReadOnlyDictionary<string, int> Errors, string? FirstError,
    CpuUse Cpu, IReadOnlyList<long> PerSecond, int WindowStartSecond, double CpuMsPerSave)
{
    /// <summary>Saves in each whole second of the measured window: how steady the rate was.</summary>
    public IEnumerable<long> WindowSeconds => PerSecond.Skip(WindowStartSecond).Take(Math.Max(0, PerSecond.Count - WindowStartSecond - 1));

    /// <summary>
    /// A phase's result. <paramref name="writerIsBench"/>: in the raw phase this process is the database client (its CPU
    /// is the cost of the saves); in the API phase it only sends requests, and the web app is the client.
    /// </summary>
    public static PhaseResult From(string name, IEnumerable<WorkerStats> workers, Window window, CpuSample opened, CpuSample closed, bool writerIsBench)
    {
        var all = workers.ToList();
        var latencies = all.SelectMany(w => w.LatenciesMs).Order().ToArray();
        var errors = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (kind, count) in all.SelectMany(w => w.Errors))
        {
            errors[kind] = errors.GetValueOrDefault(kind) + count;
        }

        double Percentile(double p) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        var cpu = CpuSample.Between(opened, closed);
        var rate = latencies.Length / window.Duration.TotalSeconds;
        // CPU spent on saving (the writer, the app or this process, plus PostgreSQL's back ends), per save.
        var perSave = rate == 0 ? 0 : ((writerIsBench ? cpu.Bench : cpu.App ?? 0) + cpu.Postgres) * 1000 / rate;
        return new PhaseResult(name, latencies.Length, rate, Percentile(0.50), Percentile(0.90), Percentile(0.99),
            latencies.Length == 0 ? 0 : latencies[^1], errors, all.Select(w => w.FirstError).FirstOrDefault(e => e is not null), cpu,
            window.PerSecond, (int)window.Start.TotalSeconds, perSave);
    }

    public string Summary()
    {
        var c = CultureInfo.InvariantCulture;
        var errors = Errors.Count == 0 ? ", no errors" : string.Create(c, $", errors: {string.Join(", ", Errors.Select(e => $"{e.Key} x{e.Value}"))} (first: {FirstError})");
        return string.Create(c, $"{Saves} saves in the window, {SavesPerSecond:0.0} saves/s, p50 {P50Ms:0.0} ms, p99 {P99Ms:0.0} ms, max {MaxMs:0} ms; CPU in cores: {Cpu.Describe()}; {CpuMsPerSave:0.00} ms of CPU per save{errors}\n    saves in each second (warm-up first): {string.Join(' ', PerSecond)}");
    }
}

/// <summary>The database settings that decide what a commit costs, read from the database itself.</summary>
internal sealed record DatabaseFacts(string Engine, string Version, string Durability);

/// <summary>One provider's run, as written to its JSON file.</summary>
internal sealed record BenchResult(
    string Provider, int Clients, double WarmupSeconds, double RawWarmupSeconds, double DurationSeconds, double CoresBusyBefore, DatabaseFacts Database, PhaseResult Api, PhaseResult Raw, int Answers,
    PhaseResult? Thin = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public double Ratio => Raw.SavesPerSecond == 0 ? 0 : Api.SavesPerSecond / Raw.SavesPerSecond;

    /// <summary>The thinnest HTTP save against the raw ceiling: the bound on <see cref="Ratio"/> for any HTTP API on this machine.</summary>
    public double ThinRatio => Raw.SavesPerSecond == 0 || Thin is null ? 0 : Thin.SavesPerSecond / Raw.SavesPerSecond;
}

/// <summary>Where the machine's CPU went during a window, in cores (this machine has <see cref="Environment.ProcessorCount"/>).</summary>
internal sealed record CpuUse(double Machine, double? App, double Bench, double Postgres)
{
    /// <summary>Everything else: other people's builds and tests share this machine; the figures are only as clean as this is small.</summary>
    public double Others => Math.Max(0, Machine - (App ?? 0) - Bench - Postgres);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"machine {Machine:0.00}, web app {(App is { } a ? a.ToString("0.00", CultureInfo.InvariantCulture) : "n/a")}, bench {Bench:0.00}, PostgreSQL {Postgres:0.00}, others {Others:0.00}");
}

/// <summary>CPU counters from /proc: the whole machine, the web app, this process and every PostgreSQL process.</summary>
internal sealed record CpuSample(long Busy, long Total, long? AppTicks, long BenchTicks, long PostgresTicks, TimeSpan At)
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static CpuSample Take(int? appPid)
    {
        long busy = 0, total = 0, postgres = 0;
        long? app = null;
        try
        {
            // cpu  user nice system idle iowait irq softirq steal ...
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            total = fields.Sum();
            busy = total - fields[3] - fields[4];
            app = appPid is { } pid ? Ticks($"/proc/{pid}/stat", out _) : null;
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (char.IsAsciiDigit(Path.GetFileName(folder)[0]) && Ticks(folder + "/stat", out var name) is { } ticks && name == "postgres")
                {
                    postgres += ticks;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            // Not Linux: the figures simply lack the CPU columns.
        }

        return new CpuSample(busy, total, app, Ticks("/proc/self/stat", out _) ?? 0, postgres, Clock.Elapsed);
    }

    /// <summary>utime + stime of one process (fields 14 and 15, after the command name in parentheses); null when it is gone.</summary>
    private static long? Ticks(string statPath, out string name)
    {
        name = "";
        try
        {
            var stat = File.ReadAllText(statPath);
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            name = stat[(open + 1)..close];
            var after = stat[(close + 2)..].Split(' ');
            return long.Parse(after[11], CultureInfo.InvariantCulture) + long.Parse(after[12], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Cores used between two samples (process clock ticks are 1/100 s; /proc/stat sums every core).</summary>
    public static CpuUse Between(CpuSample a, CpuSample b)
    {
        var seconds = (b.At - a.At).TotalSeconds;
        if (seconds <= 0 || b.Total == a.Total)
        {
            return new CpuUse(0, null, 0, 0);
        }

        var machine = (double)(b.Busy - a.Busy) / (b.Total - a.Total) * Environment.ProcessorCount;
        double? app = a.AppTicks is { } x && b.AppTicks is { } y ? (y - x) / 100.0 / seconds : null;
        return new CpuUse(machine, app, (b.BenchTicks - a.BenchTicks) / 100.0 / seconds, (b.PostgresTicks - a.PostgresTicks) / 100.0 / seconds);
    }

    /// <summary>Cores busy on the whole machine over the next <paramref name="span"/>.</summary>
    public static async Task<double> MachineBusyAsync(TimeSpan span)
    {
        var a = Take(null);
        await Task.Delay(span);
        return Between(a, Take(null)).Machine;
    }
}
