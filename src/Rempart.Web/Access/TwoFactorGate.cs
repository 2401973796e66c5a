using Microsoft.AspNetCore.Authorization;
using Rempart.Web.Hosting;

namespace Rempart.Web.Access;

/// <summary>
/// Administrators and programme officers who have not set up their second factor reach only the set-up page (and
/// sign-out, language, public pages) until they do: pages send them there, the API answers 403.
/// </summary>
internal static class TwoFactorGate
{
    public const string SetupPath = "/account/two-factor";

    public static IApplicationBuilder UseTwoFactorGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.HasClaim(c => c.Type == RempartClaims.TwoFactorSetupRequired) && !Allowed(context))
            {
                if (context.Request.IsApi())
                {
                    var localizer = context.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
                    await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: localizer["TwoFactor.RequiredTitle"], detail: localizer["TwoFactor.RequiredDetail"]).ExecuteAsync(context);
                    return;
                }

                context.Response.Redirect(SetupPath + "?ReturnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
                return;
            }

            await next(context);
        });

    private static bool Allowed(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(SetupPath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/account/signout", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Public doors (sign-in, language, status and error pages, static files) stay open.
        return context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null;
    }
}
