using System.Diagnostics;
using Microsoft.Playwright;

namespace Rempart.Browser.Tests.Infrastructure;

/// <summary>
/// Waits for the browser to reach an address and for that document to finish loading by asking the page itself,
/// never by awaiting Playwright's load events. Playwright's .NET client looks for an already fired "load" and then
/// subscribes to the next one without holding a lock, while events arrive on another thread: a "load" that lands
/// between the two is missed and the wait runs out although the page is there (seen in CI: the page had loaded and
/// the wait saw only "networkidle" for 60 s). `WaitForURLAsync` goes through the same path whenever the address
/// already matches when it is called, which is the case whenever the test's thread is slower than the app.
/// </summary>
public static class Arrival
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    /// <summary>Waits until the address ends with <paramref name="ending"/> (path, query or fragment) and its page has loaded.</summary>
    public static Task ArriveAsync(this IPage page, string ending) =>
        page.ArriveAsync(url => url.EndsWith(ending, StringComparison.Ordinal), $"an address ending in '{ending}'");

    /// <summary>Waits until the address satisfies <paramref name="where"/> and its page has loaded.</summary>
    public static async Task ArriveAsync(this IPage page, Func<string, bool> where, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(where);
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        while (!where(page.Url))
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"The browser did not reach {what} within {limit.TotalSeconds:0} s; it is at {page.Url}.");
            }

            await Task.Delay(Poll);
        }

        await page.LoadedAsync(limit - clock.Elapsed);
    }

    /// <summary>Waits until the current document says it has loaded (document.readyState is "complete").</summary>
    public static async Task LoadedAsync(this IPage page, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        var state = "";
        while (true)
        {
            try
            {
                state = await page.EvaluateAsync<string>("document.readyState");
                if (state == "complete")
                {
                    return;
                }
            }
            catch (PlaywrightException)
            {
                // The document was replaced while it was asked (a navigation or a redirect); ask the new one.
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"The page at {page.Url} had not finished loading after {limit.TotalSeconds:0} s (document.readyState: '{state}').");
            }

            await Task.Delay(Poll);
        }
    }
}
