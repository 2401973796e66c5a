using Microsoft.AspNetCore.Localization;
using Rempart.Core.Access;
using Rempart.Web.Access;

namespace Rempart.Web.Hosting;

/// <summary>
/// Request culture: the language the person chose (the culture cookie, set at sign-in from their preference and
/// when they switch), then their stored preference, then the browser's Accept-Language, then the first configured
/// language.
/// </summary>
internal static class CultureSetup
{
    public static RequestLocalizationOptions Options(LanguageSettings languages)
    {
        var cultures = languages.Cultures.Select(Cultures.For).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Cultures.For(languages.Default)),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
            ApplyCurrentCultureToResponseHeaders = true,
        };
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider(),
            new CustomRequestCultureProvider(context =>
            {
                var lang = context.User.FindFirst(RempartClaims.Language)?.Value;
                return Task.FromResult(lang is null ? null : new ProviderCultureResult(lang));
            }),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        return options;
    }

    /// <summary>Remembers a language choice in the culture cookie (a year, this site only).</summary>
    public static void Remember(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = response.HttpContext.Request.IsHttps });
}
