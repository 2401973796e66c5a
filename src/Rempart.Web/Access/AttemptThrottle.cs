using System.Collections.Concurrent;

namespace Rempart.Web.Access;

/// <summary>
/// Failed sign-ins and failed token uses, counted per client address over a sliding window: past the limit, that
/// address is refused (429 with Retry-After) until its oldest failure leaves the window, before any password or
/// token is checked. Account lockout (Identity) stops guessing one account's password; this stops one address
/// trying many accounts or many tokens. Counts live in the instance's memory.
/// </summary>
internal sealed class AttemptThrottle(TimeProvider time)
{
    // Generous: forty officials in one workshop room share one address, and mistype.
    public static readonly Limit SignIn = new("signin", 50, TimeSpan.FromMinutes(15));

    public static readonly Limit Token = new("token", 30, TimeSpan.FromMinutes(5));

    internal sealed record Limit(string Name, int Failures, TimeSpan Window);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    private static string Key(Limit limit, HttpContext context) => $"{limit.Name}:{context.Connection.RemoteIpAddress?.ToString() ?? "local"}";

    /// <summary>How long this address must wait (null: it may try).</summary>
    public TimeSpan? RetryAfter(Limit limit, HttpContext context)
    {
        if (!_failures.TryGetValue(Key(limit, context), out var queue))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (queue)
        {
            while (queue.Count > 0 && queue.Peek() <= now - limit.Window)
            {
                queue.Dequeue();
            }

            return queue.Count < limit.Failures ? null : queue.Peek() + limit.Window - now;
        }
    }

    public void Failed(Limit limit, HttpContext context)
    {
        var queue = _failures.GetOrAdd(Key(limit, context), _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            queue.Enqueue(time.GetUtcNow());
            while (queue.Count > limit.Failures)
            {
                queue.Dequeue();
            }
        }
    }

    /// <summary>Answers 429 with Retry-After in whole seconds.</summary>
    public static void Refuse(HttpContext context, TimeSpan wait)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
