using Microsoft.Extensions.Localization;

namespace Rempart.Web;

/// <summary>
/// A one-time message carried across a redirect (post, redirect, get) in a short-lived, HTTP-only cookie, so that a
/// refused upload says why on the page it came from. The text is already in the reader's language.
/// </summary>
internal static class Flash
{
    private const string Cookie = "rempart.flash";

    public static void Write(HttpContext http, string message, bool isProblem = true) =>
        http.Response.Cookies.Append(Cookie, (isProblem ? "p|" : "n|") + Uri.EscapeDataString(message.Length > 1500 ? message[..1500] : message), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromMinutes(2), Path = "/",
        });

    /// <summary>The message left for this page, if any, and whether it reports a problem; it is read once.</summary>
    public static (string? Text, bool IsProblem) Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(Cookie, out var value) || value is not { Length: > 2 })
        {
            return (null, false);
        }

        if (!http.Response.HasStarted)
        {
            http.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/" });
        }

        return (Uri.UnescapeDataString(value[2..]), value.StartsWith("p|", StringComparison.Ordinal));
    }

    /// <summary>A known outcome named in the query string (<c>?saved=evidence</c>), in the reader's language.</summary>
    public static string? Text(string? outcome, IStringLocalizer<SharedResource> text) => outcome switch
    {
        "evidence" => text["Flash.EvidenceSaved"].Value,
        _ => null,
    };
}
