using System.Globalization;

namespace Rempart.Bench;

/// <summary>A refusal with a message for the person running the benchmark (bad option, app not answering...).</summary>
internal sealed class BenchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The options of one <c>answers</c> run.</summary>
internal sealed record Options(
    string Provider, Uri Url, string Token, string Database, int Clients, TimeSpan Warmup, TimeSpan RawWarmup, TimeSpan Duration, string Engagement,
    IReadOnlyList<string> Entities, string? Out, int? AppPid, TimeSpan IdleWait)
{
    /// <summary>Warm-up of the thinnest HTTP save: its JIT and its answer ids, nothing else to warm.</summary>
    public TimeSpan ThinWarmup { get; init; } = TimeSpan.FromSeconds(10);

    public bool IsSqlite => Provider == "Sqlite";

    public static Options Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new BenchException($"unexpected argument '{args[i]}' (options are --name value).");
            }

            values[args[i][2..]] = args[++i];
        }

        string Required(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new BenchException($"--{name} is required.");
        int Number(string name, int fallback) => values.TryGetValue(name, out var v)
            ? int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new BenchException($"--{name} must be a positive whole number.")
            : fallback;

        var provider = Required("provider") switch
        {
            "Sqlite" or "sqlite" => "Sqlite",
            "Postgres" or "postgres" => "Postgres",
            var other => throw new BenchException($"--provider '{other}': use Sqlite or Postgres."),
        };
        if (!Uri.TryCreate(Required("url"), UriKind.Absolute, out var url) || !url.IsLoopback)
        {
            throw new BenchException("--url must be an absolute loopback address such as http://127.0.0.1:5080 (this benchmark never targets another machine).");
        }

        return new Options(
            provider, url, Required("token"), Required("db"), Number("clients", 40), TimeSpan.FromSeconds(Number("warmup", 30)), TimeSpan.FromSeconds(Number("raw-warmup", 5)),
            TimeSpan.FromSeconds(Number("duration", 20)),
            values.GetValueOrDefault("engagement", "CIV-2024"),
            [.. values.GetValueOrDefault("entities", "MMPE,ARTCI,MD,MTL").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            values.GetValueOrDefault("out"), values.ContainsKey("app-pid") ? Number("app-pid", 0) : null,
            TimeSpan.FromSeconds(values.ContainsKey("idle-wait") ? Number("idle-wait", 0) : 120));
    }
}

/// <summary>One answer a client owns: no other client writes it, so a conflict means a fault, not contention.</summary>
internal sealed record AnswerPair(string Entity, string Question);
