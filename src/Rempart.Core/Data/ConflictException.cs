using System.Globalization;

namespace Rempart.Core.Data;

/// <summary>
/// A change was based on an older read of a record that someone else has changed since: nothing was overwritten
/// (409). The code is the key of the message in Core's resources.
/// </summary>
public sealed class ConflictException(string code, params object[] arguments)
    : Exception(CoreMessages.Format(code, CultureInfo.InvariantCulture, arguments))
{
    public string Code { get; } = code;

    public IReadOnlyList<object> Arguments { get; } = arguments;

    public string MessageIn(CultureInfo culture) => CoreMessages.Format(Code, culture, [.. Arguments]);
}
