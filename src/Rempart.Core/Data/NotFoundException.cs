using System.Globalization;

namespace Rempart.Core.Data;

/// <summary>
/// The thing asked for does not exist, or the caller may not know that it does: both answer 404 with the same
/// message, so that nothing leaks across engagements.
/// </summary>
public sealed class NotFoundException(string code, params object[] arguments)
    : Exception(CoreMessages.Format(code, CultureInfo.InvariantCulture, arguments))
{
    public string Code { get; } = code;

    public IReadOnlyList<object> Arguments { get; } = arguments;

    public string MessageIn(CultureInfo culture) => CoreMessages.Format(Code, culture, [.. Arguments]);
}
