using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Documents;

namespace Rempart.Web.Access;

/// <summary>
/// Every file the API hands out carries its Traffic Light Protocol label: in a <c>TLP</c> response header, in the
/// file's name (<c>CIV-2024-scores-en.TLP-AMBER.xlsx</c>) and, for workbooks, printed in every sheet's header and
/// footer (documents print it on every page themselves). The label is the one the handler names (a roadmap's, the
/// strictest a site export may hold, the audit trail's), otherwise the engagement's, otherwise TLP:CLEAR (the
/// catalog and templates are public).
/// </summary>
internal static class ClassifiedDownloads
{
    public const string Header = "TLP";

    private const string ItemKey = "rempart.tlp";

    /// <summary>Names the label of the file this request returns.</summary>
    public static void Label(HttpContext http, string label) => http.Items[ItemKey] = label;

    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var result = await next(invocation);
        var file = result switch
        {
            FileContentHttpResult f => f,
            INestedHttpResult { Result: FileContentHttpResult f } => f,
            _ => null,
        };
        if (file is null)
        {
            return result;
        }

        var http = invocation.HttpContext;
        var label = await LabelOfAsync(http);
        var bytes = file.ContentType == WorkbookLabel.ContentType ? WorkbookLabel.Stamp(file.FileContents.ToArray(), label) : file.FileContents.ToArray();
        http.Response.Headers[Header] = label;
        return TypedResults.File(bytes, file.ContentType, Named(file.FileDownloadName, label), file.EnableRangeProcessing, file.LastModified, file.EntityTag);
    }

    /// <summary>The label named by the handler, or the engagement's in the route, or TLP:CLEAR.</summary>
    public static async Task<string> LabelOfAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(ItemKey, out var named) && named is string given)
        {
            return given;
        }

        var route = (http.GetRouteValue("engagement") ?? http.GetRouteValue("codeOrId") ?? http.GetRouteValue("code"))?.ToString();
        if (string.IsNullOrEmpty(route))
        {
            return Tlp.Clear;
        }

        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        var code = route.Trim().ToUpperInvariant();
        var query = Guid.TryParse(route, out var id) ? db.Engagements.Where(e => e.Id == id) : db.Engagements.Where(e => e.Code == code);
        return await query.Select(e => e.Classification).FirstOrDefaultAsync(http.RequestAborted) ?? Tlp.Red;
    }

    /// <summary>The file name with its label before the extension: <c>name.TLP-AMBER.ext</c>.</summary>
    public static string? Named(string? name, string label)
    {
        if (string.IsNullOrEmpty(name))
        {
            return name;
        }

        var tag = "." + label.Replace(':', '-').Replace('+', '-');
        var dot = name.LastIndexOf('.');
        return dot <= 0 ? name + tag : name[..dot] + tag + name[dot..];
    }
}
