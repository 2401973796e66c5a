using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rempart.Core.Access;
using Rempart.Core.Questionnaires;

namespace Rempart.Web.Questionnaires;

/// <summary>
/// The file uploads of the questionnaire pages (plain HTML forms, no script): evidence for one answer, and a filled
/// workbook staged for its preview. Each answers with a redirect back to a page; a refusal travels as a flash message.
/// </summary>
internal static class QuestionnaireUploads
{
    public static IEndpointRouteBuilder MapQuestionnaireUploads(this IEndpointRouteBuilder app)
    {
        app.MapPost("/engagements/{engagement}/questionnaires/{entity}/evidence", Evidence).WithName("Questionnaires_Page_Evidence").ExcludeFromDescription();
        app.MapPost("/engagements/{engagement}/questionnaires/{entity}/workbook", Workbook).WithName("Questionnaires_Page_Workbook").ExcludeFromDescription();
        return app;
    }

    private static string PagePath(string engagement, string entity) =>
        $"/engagements/{Uri.EscapeDataString(engagement)}/questionnaires/{Uri.EscapeDataString(entity)}";

    internal static async Task<RedirectHttpResult> Evidence(
        string engagement, string entity, [FromForm] string? question, IFormFile? file, HttpContext http, QuestionnaireService questionnaires)
    {
        var back = PagePath(engagement, entity);
        var anchor = question is null ? "" : $"#q-{Uri.EscapeDataString(question)}";
        if (file is null || question is null)
        {
            Flash.Write(http, http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>()["Questionnaires.ChooseFile"]);
            return TypedResults.Redirect(back + anchor);
        }

        try
        {
            await using var stream = file.OpenReadStream();
            await questionnaires.AddEvidenceAsync(Viewer.From(http.User)!, engagement, entity, question, stream, file.FileName, http.RequestAborted);
            return TypedResults.Redirect($"{back}?saved=evidence{anchor}");
        }
        catch (Exception e) when (e is Core.Data.DomainRuleException or Core.Data.ForbiddenException)
        {
            Flash.Write(http, Messages.Of(e)!);
            return TypedResults.Redirect(back + anchor);
        }
    }

    internal static async Task<RedirectHttpResult> Workbook(string engagement, string entity, IFormFile? file, HttpContext http, WorkbookService workbooks)
    {
        var back = PagePath(engagement, entity);
        if (file is null || file.Length == 0)
        {
            Flash.Write(http, http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>()["Questionnaires.ChooseFile"]);
            return TypedResults.Redirect(back);
        }

        try
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, http.RequestAborted);
            var id = await workbooks.StageAsync(Viewer.From(http.User)!, engagement, buffer.ToArray(), file.FileName, http.RequestAborted);
            return TypedResults.Redirect($"{back}/import/{id}");
        }
        catch (Core.Data.DomainRuleException e)
        {
            Flash.Write(http, Messages.Of(e)!);
            return TypedResults.Redirect(back);
        }
    }
}
