using System.Globalization;
using System.Resources;

namespace Rempart.Core.Data;

/// <summary>
/// A request broke a rule of the domain. It carries a stable code, which is also the key of its message in
/// Core's <c>Resources/Messages*.resx</c>, so that the API, the pages and the CLI answer in the caller's language
/// (adding a language is adding a resource file).
/// </summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(string code, params object[] arguments)
        : base(CoreMessages.Format(code, CultureInfo.InvariantCulture, arguments))
    {
        Code = code;
        Arguments = arguments;
    }

    public string Code { get; }

    public IReadOnlyList<object> Arguments { get; }

    /// <summary>The message in the given culture, falling back to English.</summary>
    public string MessageIn(CultureInfo culture) => CoreMessages.Format(Code, culture, [.. Arguments]);
}

/// <summary>Core's localised messages (errors and outcomes that the web app and the CLI both show).</summary>
public static class CoreMessages
{
    private static readonly ResourceManager Resources = new("Rempart.Core.Resources.Messages", typeof(CoreMessages).Assembly);

    /// <summary>The message for <paramref name="key"/> in <paramref name="culture"/> (English when it has no translation), or null when there is none.</summary>
    public static string? Find(string key, CultureInfo culture) => Resources.GetString(key, culture);

    public static string Format(string key, CultureInfo culture, params object[] arguments)
    {
        var template = Resources.GetString(key, culture) ?? key;
        return arguments.Length == 0 ? template : string.Format(culture, template, arguments);
    }
}
