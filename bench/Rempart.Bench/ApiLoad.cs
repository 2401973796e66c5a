using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Rempart.Bench;

/// <summary>What every save writes, the same in both phases: a level that alternates and a comment of a real answer's length that always changes.</summary>
internal static class SaveText
{
    private const string Filler = " Les échanges avec les exploitants restent ponctuels ; une cellule dédiée a été proposée lors des consultations mais n'est pas encore en place.";

    public static int Level(long n) => n % 2 == 0 ? 2 : 3;

    public static string Comment(int worker, long n) => string.Create(CultureInfo.InvariantCulture, $"Bench save {n} by worker {worker}.") + Filler;
}

/// <summary>
/// The API phase: <c>clients</c> loops, each with its own answers, each saving through
/// <c>PUT /api/v1/engagements/{e}/assignments/{entity}/answers/{question}</c> with the stamp from its previous save.
/// </summary>
internal static class ApiLoad
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Outcome(PhaseResult Phase, IReadOnlyList<AnswerPair> Pairs)
    {
        public string Summary() => Phase.Summary();
    }

    private sealed record AnswerBody(int? Level, bool NotApplicable, string? NotApplicableReason, string? Comment, string? EvidenceReference, Guid? ExpectedStamp);

    public static async Task<Outcome> RunAsync(Options options, string name = "API")
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));

        var stamps = await ReadStampsAsync(http, options);
        var pairs = stamps.Keys.ToList();
        if (pairs.Count < options.Clients)
        {
            throw new BenchException($"{pairs.Count} open answers in {string.Join(", ", options.Entities)}: fewer than the {options.Clients} clients, which must each own one.");
        }

        // Round robin: client i owns pairs i, i + clients, i + 2 * clients...
        var owned = Enumerable.Range(0, options.Clients).Select(c => pairs.Where((_, i) => i % options.Clients == c).ToArray()).ToArray();
        var window = new Window(options.Warmup, options.Duration);
        var stats = Enumerable.Range(0, options.Clients).Select(_ => new WorkerStats()).ToArray();
        var clients = Enumerable.Range(0, options.Clients).Select(c => Task.Run(() => ClientAsync(http, options, window, c, owned[c], stamps, stats[c]))).ToArray();
        var opened = await window.OpenedAsync(options.AppPid);
        var closed = await window.ClosedAsync(options.AppPid);
        await Task.WhenAll(clients);
        return new Outcome(PhaseResult.From(name, stats, window, opened, closed, writerIsBench: false), pairs);
    }

    private static async Task<Dictionary<AnswerPair, Guid?>> ReadStampsAsync(HttpClient http, Options options)
    {
        var stamps = new Dictionary<AnswerPair, Guid?>();
        foreach (var entity in options.Entities)
        {
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(Path(options.Engagement, entity));
            }
            catch (HttpRequestException e)
            {
                throw new BenchException($"the web app at {options.Url} does not answer ({e.Message}).", e);
            }

            using var disposable = response;
            if (!response.IsSuccessStatusCode)
            {
                throw new BenchException($"GET {Path(options.Engagement, entity)} answered {(int)response.StatusCode}: is the demo loaded and the token the coordinator's?");
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (!document.RootElement.GetProperty("assignment").GetProperty("isOpen").GetBoolean())
            {
                throw new BenchException($"{entity}'s questionnaire is not open for answers: choose entities whose questionnaire is open.");
            }

            foreach (var item in document.RootElement.GetProperty("items").EnumerateArray())
            {
                var answer = item.GetProperty("answer");
                var stamp = answer.GetProperty("concurrencyStamp");
                stamps[new AnswerPair(entity, answer.GetProperty("questionId").GetString()!)] = stamp.ValueKind == JsonValueKind.Null ? null : stamp.GetGuid();
            }
        }

        return stamps;
    }

    private static string Path(string engagement, string entity, string? question = null) =>
        $"/api/v1/engagements/{Uri.EscapeDataString(engagement)}/assignments/{Uri.EscapeDataString(entity)}" + (question is null ? "" : $"/answers/{Uri.EscapeDataString(question)}");

    private static async Task ClientAsync(HttpClient http, Options options, Window window, int client, AnswerPair[] owned, Dictionary<AnswerPair, Guid?> initial, WorkerStats stats)
    {
        var stamps = owned.ToDictionary(p => p, p => initial[p]);
        long n = 0;
        while (!window.IsOver)
        {
            var pair = owned[n % owned.Length];
            var body = new AnswerBody(SaveText.Level(n / owned.Length), false, null, SaveText.Comment(client, n), null, stamps[pair]);
            n++;
            var started = window.Now;
            try
            {
                using var response = await http.PutAsJsonAsync(Path(options.Engagement, pair.Entity, pair.Question), body, Json);
                var text = await response.Content.ReadAsStringAsync();
                var completed = window.Now;
                if (!response.IsSuccessStatusCode)
                {
                    if (window.Counts(completed))
                    {
                        stats.Fail($"HTTP {(int)response.StatusCode}", text.Length > 300 ? text[..300] : text);
                    }

                    stamps[pair] = await CurrentStampAsync(http, options, pair);
                    continue;
                }

                using var saved = JsonDocument.Parse(text);
                stamps[pair] = saved.RootElement.GetProperty("answer").GetProperty("concurrencyStamp").GetGuid();
                if (!saved.RootElement.GetProperty("changed").GetBoolean())
                {
                    if (window.Counts(completed))
                    {
                        stats.Fail("unchanged", $"{pair.Entity}/{pair.Question} was not changed by a save that changes it");
                    }

                    continue;
                }

                window.Completed(completed);
                if (window.Counts(completed))
                {
                    stats.LatenciesMs.Add((completed - started).TotalMilliseconds);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                if (window.Counts(window.Now))
                {
                    stats.Fail(e.GetType().Name, e.Message);
                }

                stamps[pair] = await CurrentStampAsync(http, options, pair);
            }
        }
    }

    /// <summary>After a failed save, the answer's stamp as stored, so that the client goes on (the failure is counted).</summary>
    private static async Task<Guid?> CurrentStampAsync(HttpClient http, Options options, AnswerPair pair)
    {
        try
        {
            using var response = await http.GetAsync(Path(options.Engagement, pair.Entity));
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var item in document.RootElement.GetProperty("items").EnumerateArray())
            {
                var answer = item.GetProperty("answer");
                if (answer.GetProperty("questionId").GetString() == pair.Question)
                {
                    var stamp = answer.GetProperty("concurrencyStamp");
                    return stamp.ValueKind == JsonValueKind.Null ? null : stamp.GetGuid();
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            await Task.Delay(100);
        }

        return null;
    }
}
