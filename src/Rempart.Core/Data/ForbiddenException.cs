using System.Globalization;

namespace Rempart.Core.Data;

/// <summary>The caller may see this but not do that (403), e.g. a donor viewer trying to edit an entity.</summary>
public sealed class ForbiddenException(string code, params object[] arguments)
    : Exception(CoreMessages.Format(code, CultureInfo.InvariantCulture, arguments))
{
    public string Code { get; } = code;

    public IReadOnlyList<object> Arguments { get; } = arguments;

    public string MessageIn(CultureInfo culture) => CoreMessages.Format(Code, culture, [.. Arguments]);
}
