using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Rempart.Browser.Tests.Infrastructure;

/// <summary>
/// The real web app listening on a local port (Kestrel, a fresh database with the demo workspace) and Debian's
/// Chromium driven by Playwright. One per test class.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string DemoPassword = "Demo-Rempart-2024";

    private IPlaywright _playwright = default!;

    public TestDatabase Database { get; } = TestDatabase.Create();

    public Factory App { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public Uri BaseUrl { get; private set; } = default!;

    /// <summary>Chromium from Debian's package; REMPART_CHROMIUM overrides.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("REMPART_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}: scripts/test installs Debian's 'chromium' package, or set REMPART_CHROMIUM.");
        }

        App = new Factory(Database.Settings());
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.ClientOptions.BaseAddress;

        // Warm the app up before timing anything in a browser (the suites run side by side on two cores).
        using (var warm = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromMinutes(2) })
        {
            (await warm.GetAsync(new Uri("/account/signin", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>A new browser context (its own cookies), at a desktop size unless told, in a language.</summary>
    public async Task<IPage> NewPageAsync(string language = "en", int width = 1280, int height = 800, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            Locale = language,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language },
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,

            // Only the accessibility checker needs this: it injects its script into the page.
            BypassCSP = bypassCsp,
        });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in page, as a person would, and lands where the app sends them.</summary>
    public async Task<IPage> SignInAsync(string who, string language = "en", int width = 1280, int height = 800, bool bypassCsp = false)
    {
        var page = await NewPageAsync(language, width, height, bypassCsp);
        await page.GotoAsync("/account/signin");
        await page.FillAsync("input[name='Input.Email']", $"{who}@demo.rempart.example");
        await page.FillAsync("input[name='Input.Password']", DemoPassword);
        await SubmitAsync(page, who, "input[name='Input.Password']", "/account/signin");
        await page.ArriveAsync(url => !url.EndsWith("/account/signin", StringComparison.Ordinal) && !url.Contains("/account/signin?", StringComparison.Ordinal), "a page past the sign-in form");
        if (page.Url.Contains("/account/signin/code", StringComparison.Ordinal))
        {
            // Administrators and officers: the code from their authenticator app.
            await page.FillAsync("input[name='Input.Code']", Authenticator.Code($"{who}@demo.rempart.example"));
            await SubmitAsync(page, who, "input[name='Input.Code']", "/account/signin/code");
            await page.ArriveAsync(url => !url.Contains("/account/signin", StringComparison.Ordinal), "a page past the second sign-in step");
        }

        return page;
    }

    /// <summary>
    /// Presses Enter in a sign-in form and waits for the app's answer to the post: a sign-in that succeeds is
    /// redirected; one the page refuses fails here at once with the status and what the page says, rather than
    /// waiting out the timeout for an address that will never change.
    /// </summary>
    private async Task SubmitAsync(IPage page, string who, string field, string path)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        IResponse answer;
        try
        {
            answer = await page.RunAndWaitForResponseAsync(
                () => page.PressAsync(field, "Enter"),
                r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == path);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Signing in as {who}: the app did not answer the post to {path} within {started.Elapsed.TotalSeconds:0} s.{App.Log.Recent()}", e);
        }

        if (answer.Status is < 300 or >= 400)
        {
            var said = await page.Locator("body").InnerTextAsync(new() { Timeout = 10_000 });
            throw new InvalidOperationException($"Signing in as {who}: the post to {path} answered {answer.Status} after {started.Elapsed.TotalSeconds:0.0} s, not a redirect; the page says: {said}{App.Log.Recent()}");
        }
    }

    /// <summary>The real app on a test database, with the demo workspace loaded.</summary>
    public sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        /// <summary>The app's warnings and errors, kept for the message of a test that fails.</summary>
        public CapturedLog Log { get; } = new(LogLevel.Warning, keep: 200);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.ConfigureLogging(logging => logging.AddProvider(Log));
            // The suite signs the same demo people in many times a minute: codes may be used again here (not in a deployment).
            var effective = new Dictionary<string, string?>(settings) { ["Database:MigrateOnStart"] = "true", ["Demo:Load"] = "true", ["Security:RefuseReusedCodes"] = "false" };
            foreach (var (key, value) in effective)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(effective));
        }
    }
}

/// <summary>Saves screenshots of the main pages: in the test results, and in REMPART_SCREENSHOTS when set (the README's pictures).</summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folders = new List<string> { Path.Combine(AppContext.BaseDirectory, "screenshots") };
        if (Environment.GetEnvironmentVariable("REMPART_SCREENSHOTS") is { Length: > 0 } extra)
        {
            folders.Add(extra);
        }

        var png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = false });
        foreach (var folder in folders)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, name + ".png"), png);
        }
    }
}

/// <summary>Runs axe-core (the npm package, installed by scripts/test) in a page and returns the serious and critical violations.</summary>
public static class Accessibility
{
    public static string AxePath
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "package.json")))
            {
                dir = dir.Parent;
            }

            var path = dir is null ? "" : Path.Combine(dir.FullName, "node_modules", "axe-core", "axe.min.js");
            return File.Exists(path) ? path : throw new InvalidOperationException("axe-core is missing: run 'npm ci' in tests/Rempart.Browser.Tests (scripts/test does).");
        }
    }

    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = AxePath });
        var json = await page.EvaluateAsync<string>(
            """
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')));
            }
            """);
        return System.Text.Json.JsonSerializer.Deserialize<List<string>>(json) ?? [];
    }
}
