using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rempart.Core.Catalog;

/// <summary>A problem in a catalog file, at a line and column (1-based), with what to fix.</summary>
public sealed record CatalogError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>Where something was read, for error messages.</summary>
internal readonly record struct SourceRef(string File, int Line, int Column)
{
    public static SourceRef At(string file, YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);
}

/// <summary>Collects errors while reading; every reader shares one.</summary>
internal sealed class ErrorSink
{
    public List<CatalogError> Errors { get; } = [];

    public void Add(SourceRef at, string message) => Errors.Add(new CatalogError(at.File, at.Line, at.Column, message));
}

/// <summary>
/// Reads one YAML mapping strictly: each key must be known, each required key present, each value of the expected
/// shape. Problems go to the <see cref="ErrorSink"/> with their position; reading goes on so that one run reports
/// every problem of a file.
/// </summary>
internal sealed class MapReader
{
    /// <summary>The languages a text may carry: the six UN languages.</summary>
    public static readonly string[] Languages = ["en", "fr", "es", "ar", "ru", "zh"];

    private readonly YamlMappingNode _node;
    private readonly ErrorSink _errors;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public MapReader(string file, YamlMappingNode node, ErrorSink errors, string what)
    {
        File = file;
        _node = node;
        _errors = errors;
        What = what;
    }

    public string File { get; }

    /// <summary>How messages name this entry: its position at first, its id once read ("question leg-crim-01").</summary>
    public string What { get; private set; }

    public SourceRef Here => SourceRef.At(File, _node);

    /// <summary>Parses a file; null (with the error recorded) when it is not valid YAML or not a mapping.</summary>
    public static MapReader? Open(string path, string displayName, ErrorSink errors)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            errors.Add(new SourceRef(displayName, (int)e.Start.Line, (int)e.Start.Column), $"not valid YAML: {(e.InnerException ?? e).Message}");
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // The YAML reader stops these ways on some damaged text instead of with its own error: the same refusal.
            errors.Add(new SourceRef(displayName, 1, 1), $"not valid YAML: {e.Message}");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(new SourceRef(displayName, 1, 1), "the file must hold one YAML mapping (key: value lines)");
            return null;
        }

        return new MapReader(displayName, root, errors, displayName);
    }

    private YamlNode? Get(string key, bool required)
    {
        _read.Add(key);
        if (_node.Children.TryGetValue(new YamlScalarNode(key), out var value))
        {
            return value;
        }

        if (required)
        {
            _errors.Add(Here, $"{What}: required key '{key}' is missing; add '{key}:'");
        }

        return null;
    }

    public SourceRef At(string key) =>
        _node.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key) is { } k ? SourceRef.At(File, k) : Here;

    public string? String(string key, bool required = true)
    {
        var node = Get(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlScalarNode { Value: { } value } || (required && string.IsNullOrWhiteSpace(value)))
        {
            _errors.Add(SourceRef.At(File, node), $"{What}: '{key}' must be a non-empty text value");
            return null;
        }

        return value.Trim();
    }

    public int? Int(string key, int min, int max, bool required = true)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            _errors.Add(At(key), $"{What}: '{key}' is '{text}'; it must be a whole number from {min} to {max}");
            return null;
        }

        return value;
    }

    public DateOnly? Date(string key, bool required = true)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            _errors.Add(At(key), $"{What}: '{key}' is '{text}'; write a date as YYYY-MM-DD");
            return null;
        }

        return value;
    }

    public bool? Bool(string key, bool required = true)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!bool.TryParse(text, out var value))
        {
            _errors.Add(At(key), $"{What}: '{key}' is '{text}'; write true or false");
            return null;
        }

        return value;
    }

    /// <summary>One of the allowed words.</summary>
    public string? Choice(string key, IReadOnlyCollection<string> allowed, bool required = true)
    {
        var text = String(key, required);
        if (text is not null && !allowed.Contains(text))
        {
            _errors.Add(At(key), $"{What}: '{key}' is '{text}'; use one of: {string.Join(", ", allowed)}");
            return null;
        }

        return text;
    }

    /// <summary>A bilingual text: a mapping with at least en and fr, both non-empty.</summary>
    public LocalizedText? Text(string key, bool required = true)
    {
        var node = Get(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            _errors.Add(SourceRef.At(File, node), $"{What}: '{key}' must be a text in each language, e.g. {{en: \"...\", fr: \"...\"}}");
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var lang = (k as YamlScalarNode)?.Value ?? "";
            if (!Languages.Contains(lang))
            {
                _errors.Add(SourceRef.At(File, k), $"{What}: '{key}' has unknown language '{lang}'; use {string.Join(", ", Languages)}");
                continue;
            }

            if (v is not YamlScalarNode { Value: { } text } || string.IsNullOrWhiteSpace(text))
            {
                _errors.Add(SourceRef.At(File, v), $"{What}: '{key}.{lang}' is empty; write the text or remove the language");
                continue;
            }

            values[lang] = text.Trim();
        }

        foreach (var (lang, name) in new[] { ("en", "English"), ("fr", "French") })
        {
            if (!values.ContainsKey(lang) && !map.Children.ContainsKey(new YamlScalarNode(lang)))
            {
                _errors.Add(SourceRef.At(File, node), $"{What}: '{key}' has no {name} text; add '{lang}: \"...\"'");
            }
        }

        return values.ContainsKey("en") && values.ContainsKey("fr") ? new LocalizedText(values) : null;
    }

    /// <summary>
    /// A text that may read the same in every language (a document symbol: <c>ref: "OP 5"</c> is refused only when
    /// empty) or differ (<c>ref: {en: "OP 5", fr: "par. 5 du dispositif"}</c>). Gives the English text and, when
    /// the catalog gives one, the French.
    /// </summary>
    public (string En, string? Fr)? Phrase(string key, bool required = true)
    {
        var node = Get(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is YamlMappingNode)
        {
            return Text(key, required) is { } text ? (text.En, text.Fr) : null;
        }

        return String(key, required) is { } value ? (value, null) : null;
    }

    /// <summary>A list of ids, as <c>[a, b]</c> or one per line.</summary>
    public IReadOnlyList<(string Id, SourceRef At)> Ids(string key, bool required = true)
    {
        var node = Get(key, required);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            _errors.Add(SourceRef.At(File, node), $"{What}: '{key}' must be a list, e.g. [first-id, second-id]");
            return [];
        }

        var ids = new List<(string, SourceRef)>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } value })
            {
                ids.Add((value.Trim(), SourceRef.At(File, item)));
            }
            else
            {
                _errors.Add(SourceRef.At(File, item), $"{What}: every item of '{key}' must be an id");
            }
        }

        return ids;
    }

    /// <summary>A list of mappings, each read by a reader of its own.</summary>
    public IReadOnlyList<MapReader> Items(string key, string itemWhat, bool required = true)
    {
        var node = Get(key, required);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            _errors.Add(SourceRef.At(File, node), $"{What}: '{key}' must be a list of entries, each starting with '- '");
            return [];
        }

        var items = new List<MapReader>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is YamlMappingNode map)
            {
                items.Add(new MapReader(File, map, _errors, $"{itemWhat} #{i + 1}"));
            }
            else
            {
                _errors.Add(SourceRef.At(File, sequence.Children[i]), $"{What}: entry {i + 1} of '{key}' must be a mapping (key: value lines)");
            }
        }

        return items;
    }

    /// <summary>A nested mapping, read by a reader of its own.</summary>
    public MapReader? Map(string key, string what, bool required = true)
    {
        var node = Get(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            _errors.Add(SourceRef.At(File, node), $"{What}: '{key}' must be a mapping (key: value lines)");
            return null;
        }

        return new MapReader(File, map, _errors, what);
    }

    /// <summary>Names this entry in messages by its id once known ("question leg-crim-01").</summary>
    public void Named(string what) => What = what;

    /// <summary>Reports every key that was not read: a typo or a field the schema does not have.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var key in _node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!_read.Contains(name))
            {
                var allowed = string.Join(", ", _read.Order(StringComparer.Ordinal));
                _errors.Add(SourceRef.At(File, key), $"{What}: unknown key '{name}'; allowed keys here: {allowed}");
            }
        }
    }
}
