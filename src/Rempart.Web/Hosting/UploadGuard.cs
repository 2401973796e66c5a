using Microsoft.AspNetCore.Antiforgery;

namespace Rempart.Web.Hosting;

/// <summary>
/// File uploads to the API come from scripts with an access token or from Rempart's own pages: a browser session
/// must prove the form came from Rempart (antiforgery); a token holder has no cookie another site could abuse.
/// </summary>
internal static class UploadGuard
{
    public static async Task<bool> IsAllowedAsync(HttpContext http, IAntiforgery antiforgery) =>
        http.Request.Headers.Authorization.Count > 0 || await antiforgery.IsRequestValidAsync(http);
}
