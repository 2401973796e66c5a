using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using OtpNet;

namespace Rempart.Tests.Support;

/// <summary>
/// The authenticator app of the tests: knows the demo workspace's published secrets and the ones accounts set up
/// during a test, and makes the current code as a phone would.
/// </summary>
public static partial class Authenticator
{
    private static readonly ConcurrentDictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<bool> DemoLoaded = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "demo", "workspace.yaml");
        string? email = null;
        foreach (var line in File.ReadLines(path))
        {
            if (EmailLine().Match(line) is { Success: true } e)
            {
                email = e.Groups[1].Value.Trim();
            }
            else if (KeyLine().Match(line) is { Success: true } k && email is not null)
            {
                Keys.TryAdd(email, k.Groups[1].Value.Trim());
            }
        }

        return true;
    });

    /// <summary>Remembers the secret an account was given (read from the set-up page, as a person would scan it).</summary>
    public static void Remember(string email, string key) => Keys[email] = key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    public static bool Knows(string email) => DemoLoaded.Value && Keys.ContainsKey(email);

    public static string Key(string email) => DemoLoaded.Value && Keys.TryGetValue(email, out var key) ? key : throw new InvalidOperationException($"No authenticator secret known for {email}.");

    /// <summary>The code the app shows at this moment (or at <paramref name="at"/>).</summary>
    public static string Code(string email, DateTimeOffset? at = null) =>
        new Totp(Base32Encoding.ToBytes(Key(email))).ComputeTotp((at ?? DateTimeOffset.UtcNow).UtcDateTime);

    [GeneratedRegex(@"^\s*-\s*email:\s*(\S+)\s*$")]
    private static partial Regex EmailLine();

    [GeneratedRegex(@"^\s+authenticator-key:\s*(\S+)\s*$")]
    private static partial Regex KeyLine();
}
