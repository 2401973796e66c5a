using System.Globalization;
using Rempart.Core.Data;

namespace Rempart.Core.Auditing;

/// <summary>
/// What an audit record's action code means, in the reader's language. An action a service records by name
/// ("sites.import") has its own label; a change the trail records on its own ("Answer.modified") is named by the kind
/// of record and what happened to it ("Réponse : modification"). The code itself stays what the chain, the filters and
/// the CSV export hold; a code without a label (a record written by an older version) is shown as it is.
/// </summary>
public static class AuditActions
{
    public static string Label(string action, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (CoreMessages.Find($"Audit.Action.{action}", culture) is { } label)
        {
            return label;
        }

        var dot = action.LastIndexOf('.');
        if (dot > 0 && char.IsUpper(action[0])
            && CoreMessages.Find($"Audit.Entity.{action[..dot]}", culture) is { } record
            && CoreMessages.Find($"Audit.Change.{action[(dot + 1)..]}", culture) is { } change)
        {
            return CoreMessages.Format("Audit.Recorded", culture, record, change);
        }

        return action;
    }
}
