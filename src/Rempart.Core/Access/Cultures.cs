using System.Collections.Concurrent;
using System.Globalization;

namespace Rempart.Core.Access;

/// <summary>
/// The culture Rempart writes a language in, pages and documents alike: French as in France; English with its dates
/// day first (1 June 2024, 01/06/2024), as United Nations documents write them, not in the United States' order.
/// Other configured languages keep their own culture.
/// </summary>
public static class Cultures
{
    private static readonly ConcurrentDictionary<string, CultureInfo> Made = new(StringComparer.OrdinalIgnoreCase);

    public static CultureInfo For(string language)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        return Made.GetOrAdd(language, static name =>
        {
            var culture = (CultureInfo)CultureInfo.GetCultureInfo(name).Clone();
            if (culture.TwoLetterISOLanguageName == "en")
            {
                var dates = (DateTimeFormatInfo)CultureInfo.GetCultureInfo("en-GB").DateTimeFormat.Clone();
                dates.LongDatePattern = "d MMMM yyyy";
                dates.FullDateTimePattern = "d MMMM yyyy HH:mm:ss";
                culture.DateTimeFormat = dates;
            }

            return CultureInfo.ReadOnly(culture);
        });
    }
}
