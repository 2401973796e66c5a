using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Rempart.Tests.Support;

/// <summary>
/// A logger provider that keeps what the app logs, for a test to read: either everything with its scopes (to prove
/// what must never reach a log) or, from a minimum level, the last lines only (for a failing test to quote).
/// </summary>
public sealed class CapturedLog(LogLevel minimum = LogLevel.Trace, int keep = int.MaxValue) : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    private LogLevel Minimum => minimum;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The last lines, under a heading, or nothing when none was logged.</summary>
    public string Recent(int count = 10)
    {
        var last = Lines.TakeLast(count).ToList();
        return last.Count == 0 ? "" : Environment.NewLine + "The app's last log lines:" + Environment.NewLine + string.Join(Environment.NewLine, last);
    }

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        Lines.Enqueue(line);
        while (Lines.Count > keep)
        {
            Lines.TryDequeue(out _);
        }
    }

    private sealed class Logger(CapturedLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            // Scopes only when everything is kept: they carry what a request is about, not what went wrong.
            if (owner.Minimum == LogLevel.Trace)
            {
                owner.Add($"{category} scope: {state}");
            }

            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {category} {logLevel}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
