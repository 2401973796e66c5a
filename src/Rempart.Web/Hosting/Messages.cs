using System.Globalization;
using Rempart.Core.Data;
using Rempart.Core.Questionnaires;

namespace Rempart.Web;

/// <summary>The message of an expected refusal (a rule, a missing or forbidden record, a conflict) in the reader's language.</summary>
internal static class Messages
{
    public static string? Of(Exception exception) => exception switch
    {
        DomainRuleException e => e.MessageIn(CultureInfo.CurrentUICulture),
        NotFoundException e => e.MessageIn(CultureInfo.CurrentUICulture),
        ForbiddenException e => e.MessageIn(CultureInfo.CurrentUICulture),
        ConflictException e => e.MessageIn(CultureInfo.CurrentUICulture),
        AnswerConflictException e => e.MessageIn(CultureInfo.CurrentUICulture),
        Core.Interdependencies.GraphInputException e => e.Problems[0].MessageIn(CultureInfo.CurrentUICulture),
        Core.Targets.SiteImportException e => CoreMessages.Format("Sites.Import.Refused", CultureInfo.CurrentUICulture, e.File, e.Problems.Count),
        _ => null,
    };

    /// <summary>True for the refusals a page shows in place (anything else goes to the error page).</summary>
    public static bool IsExpected(Exception exception) => Of(exception) is not null;
}
