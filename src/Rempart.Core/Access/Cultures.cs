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

    /// <summary>
    /// A date written out ("1 June 2024", "1er juin 2024"; with <paramref name="weekday"/>, "Saturday 1 June 2024",
    /// "samedi 1er juin 2024"): French writes the first of the month as an ordinal, which no .NET pattern does.
    /// </summary>
    public static string WrittenDate(DateOnly date, CultureInfo culture, bool weekday = false, bool year = true)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var day = date.Day == 1 && culture.TwoLetterISOLanguageName == "fr" ? "'1er'" : "d";
        return date.ToString((weekday ? "dddd " : "") + day + " MMMM" + (year ? " yyyy" : ""), culture);
    }

    /// <inheritdoc cref="WrittenDate(DateOnly, CultureInfo, bool, bool)"/>
    public static string WrittenDate(DateTimeOffset moment, CultureInfo culture, bool weekday = false) => WrittenDate(DateOnly.FromDateTime(moment.DateTime), culture, weekday);

    /// <summary>Between the items of a list whose items hold commas: "; " in English, " ; " in French.</summary>
    public static string Semicolon(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == "fr" ? " ; " : "; ";
    }
}
