using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Rempart.Bench;

// rempart-bench: the answer-save benchmark of issue #5. bench/answers.sh starts the app and the databases and calls
//   rempart-bench free-port
//   rempart-bench answers --provider Sqlite|Postgres --url http://127.0.0.1:PORT --token rpat_... --db "<connection string>" --out result.json
//   rempart-bench report result-*.json
// Each `answers` run measures the API, then the raw ADO.NET ceiling, then the thinnest HTTP save (ThinServer, a child
// process of its own), one after the other, on the same database.
try
{
    return args switch
    {
        ["free-port", ..] => FreePort(),
        ["thin-server", .. var rest] => await ThinServer.ServeAsync(rest),
        ["answers", .. var rest] => await AnswersAsync(Options.Parse(rest)),
        ["report", .. var files] => Report.Print(files),
        _ => Usage(),
    };
}
catch (BenchException e)
{
    await Console.Error.WriteLineAsync("rempart-bench: " + e.Message);
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: rempart-bench free-port | answers --provider Sqlite|Postgres --url URL --token TOKEN --db CONNECTION [--clients 40] [--warmup 30] [--raw-warmup 5] [--duration 20] [--out FILE] [--app-pid PID] [--idle-wait 120] | report FILE...");
    return 2;
}

static int FreePort()
{
    Console.WriteLine(FreePortNumber().ToString(CultureInfo.InvariantCulture));
    return 0;
}

static int FreePortNumber()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task<int> AnswersAsync(Options options)
{
    // Other work on the machine (builds, test suites) would lower both figures unevenly: wait for it to pass.
    var busy = await CpuSample.MachineBusyAsync(TimeSpan.FromSeconds(2));
    var waited = TimeSpan.Zero;
    while (busy > 0.3 && waited < options.IdleWait)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{options.Provider}] the machine is busy ({busy:0.00} cores in use by others); waiting for it to be idle..."));
        await Task.Delay(TimeSpan.FromSeconds(5));
        waited += TimeSpan.FromSeconds(7);
        busy = await CpuSample.MachineBusyAsync(TimeSpan.FromSeconds(2));
    }

    var noise = busy > 0.3 ? " (not idle: the figures share that noise)" : "";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{options.Provider}] cores in use just before the run: {busy:0.00}{noise}"));

    var api = await ApiLoad.RunAsync(options);
    Console.WriteLine($"[{options.Provider}] API: {api.Summary()}");
    var raw = await RawCeiling.RunAsync(options, api.Pairs);
    Console.WriteLine($"[{options.Provider}] raw ADO.NET: {raw.Summary()}");
    var (server, url) = await ThinServer.StartAsync(options, FreePortNumber());
    PhaseResult thin;
    try
    {
        thin = (await ApiLoad.RunAsync(options with { Url = url, AppPid = server.Id, Warmup = options.ThinWarmup }, "thinnest HTTP save")).Phase;
    }
    finally
    {
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
        server.Dispose();
    }

    Console.WriteLine($"[{options.Provider}] thinnest HTTP save: {thin.Summary()}");
    var result = new BenchResult(options.Provider, options.Clients, options.Warmup.TotalSeconds, options.RawWarmup.TotalSeconds, options.Duration.TotalSeconds, busy,
        raw.Settings, api.Phase, raw.Phase, api.Pairs.Count, thin);
    if (options.Out is { } path)
    {
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, BenchResult.Json));
    }

    var ratio = result.Ratio;
    Console.WriteLine($"[{options.Provider}] ratio API/raw = {ratio:P0} (goal >= 40%): {(ratio >= 0.40 ? "met" : "missed")}; thinnest HTTP save/raw = {result.ThinRatio:P0}");
    return api.Phase.Saves == 0 || raw.Phase.Saves == 0 ? 1 : 0;
}
