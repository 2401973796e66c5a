using System.Globalization;
using Microsoft.Extensions.Configuration;
using Rempart.Core.Data;

namespace Rempart.Core.Access;

/// <summary>
/// The languages Rempart speaks (<c>Localization:Cultures</c>, first one is the default). French and English ship;
/// another UN language is added with its resource files and this setting, without code changes.
/// </summary>
public sealed record LanguageSettings(IReadOnlyList<string> Cultures)
{
    public const string CulturesKey = "Localization:Cultures";

    public string Default => Cultures[0];

    public bool Supports(string? language) =>
        language is not null && Cultures.Contains(language, StringComparer.OrdinalIgnoreCase);

    public static LanguageSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(CulturesKey);
        // "en,fr" (one setting, easy in an environment variable) or a JSON array.
        List<string?> values = !string.IsNullOrWhiteSpace(section.Value)
            ? [.. section.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
            : [.. section.GetChildren().Select(c => c.Value)];

        if (values.Count == 0)
        {
            return new LanguageSettings(["en", "fr"]);
        }

        foreach (var value in values)
        {
            if (!IsKnownCulture(value))
            {
                throw new ConfigurationException(CulturesKey, $"'{value}' is not a known culture name.", "Localization__Cultures=en,fr");
            }
        }

        return new LanguageSettings([.. values.Select(v => v!.ToLowerInvariant())]);
    }

    private static bool IsKnownCulture(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        try
        {
            return CultureInfo.GetCultureInfo(name, predefinedOnly: true).Name.Length > 0;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
