using System.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rempart.Core;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Web.Access;

namespace Rempart.Web.Hosting;

/// <summary>Named authorization policies, applied to endpoint groups and pages.</summary>
public static class Policies
{
    /// <summary>Programme administrators and officers create engagements and manage their members.</summary>
    public const string ManageEngagements = "ManageEngagements";
}

internal static class WebServices
{
    /// <summary>Idle sessions end after this long without a request.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>However active, a session ends this long after sign-in (a workshop day), and the user signs in again.</summary>
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);

    private const string SignedInAtKey = "rempart.signed-in-at";

    public static WebApplicationBuilder AddRempartWeb(this WebApplicationBuilder builder, RempartStartup startup)
    {
        var services = builder.Services;
        services.AddSingleton(Rempart.Core.Monitoring.MailSettings.FromConfiguration(builder.Configuration));
        if (builder.Configuration["Targets:ReferencePath"] is { Length: > 0 } referencePath)
        {
            // A country's own risk reference (measure checklist, scenarios, scales); the shipped one otherwise.
            services.AddSingleton(Rempart.Core.Targets.TargetsReference.Load(referencePath));
        }

        services.AddRempartCore(startup.Database, startup.Languages);
        services.AddSingleton(startup);
        services.AddSingleton<Targets.SiteImportJobs>();
        services.AddSingleton<Access.AttemptThrottle>();
        services.AddHostedService<ReminderWorker>();
        services.AddHostedService<Auditing.AuditSealingWorker>();

        services.AddIdentityCore<RempartUser>(IdentityPolicy.Configure)
            .AddRoles<RempartRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<RempartClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorCodes>(OneTimeAuthenticatorCodes.Name);
        // An authenticator code opens one session: a code already accepted is refused. Only the test suites, which
        // sign the same demo people in many times a minute, turn this off (Security:RefuseReusedCodes=false).
        services.Configure<IdentityOptions>(o => o.Tokens.AuthenticatorTokenProvider = OneTimeAuthenticatorCodes.Name);

        // A password reset link works once (the new password changes the account's stamp) and for one hour.
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(1));

        const string smart = "Rempart";
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = smart;
                o.DefaultChallengeScheme = smart;
                o.DefaultForbidScheme = smart;
            })
            .AddPolicyScheme(smart, "Cookie or access token", o =>
                o.ForwardDefaultSelector = context => context.Request.Headers.Authorization.Count > 0
                    ? TokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "rempart.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/signin";
            o.LogoutPath = "/account/signout";
            o.AccessDeniedPath = "/status/403";
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            // The moment of sign-in travels with the ticket through every sliding renewal.
            o.Events.OnSigningIn = context =>
            {
                if (!context.Properties.Items.ContainsKey(SignedInAtKey))
                {
                    var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                    context.Properties.Items[SignedInAtKey] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                }

                // The session's own id, kept through renewals too, so that signing out can end this session alone.
                if (!context.Properties.Items.ContainsKey(Access.SessionRevocation.SessionKey))
                {
                    context.Properties.Items[Access.SessionRevocation.SessionKey] = Access.SessionRevocation.NewId();
                }

                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = async context =>
            {
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                if (!context.Properties.Items.TryGetValue(SignedInAtKey, out var at)
                    || !DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var signedIn)
                    || now - signedIn > AbsoluteTimeout)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                // A session signed out (from this copy of the cookie or another) is over, whatever the cookie says.
                // A session from before session ids were kept has none: it ends at its idle or absolute limit.
                if (context.Properties.Items.TryGetValue(Access.SessionRevocation.SessionKey, out var sid) && sid is not null
                    && Core.Access.Viewer.From(context.Principal) is { } viewer
                    && await Access.SessionRevocation.IsRevokedAsync(context.HttpContext.RequestServices.GetRequiredService<Core.Data.AppDbContext>(), viewer.UserId, sid, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                await SecurityStampValidator.ValidatePrincipalAsync(context);
            };
            o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
        });
        // A disabled account or a changed password ends sessions within a minute, on every instance.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.ManageEngagements, p => p.RequireRole(RoleNames.ProgrammeAdministrator, RoleNames.ProgrammeOfficer));

        // Keys in the database: every instance behind the load balancer reads the same cookies and forms.
        services.AddDataProtection().SetApplicationName("Rempart").PersistKeysToDbContext<AppDbContext>();

        // Resources/SharedResource.resx sits beside its marker class, so its name is Rempart.Web.SharedResource.
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var configured = CultureSetup.Options(startup.Languages);
            o.DefaultRequestCulture = configured.DefaultRequestCulture;
            o.SupportedCultures = configured.SupportedCultures;
            o.SupportedUICultures = configured.SupportedUICultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.ApplyCurrentCultureToResponseHeaders = true;
            o.RequestCultureProviders = configured.RequestCultureProviders;
        });

        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // After an exception the request has been pointed at /error; the instance is what the caller asked for.
            var path = context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>()?.Path ?? context.HttpContext.Request.Path;
            context.ProblemDetails.Instance = path;
            // Titles in the caller's language, whatever produced the error.
            if (IsDefaultTitle(context.ProblemDetails))
            {
                var text = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
                context.ProblemDetails.Title = text[StatusTitleKeys.GetValueOrDefault(context.ProblemDetails.Status ?? 500, "Error.Unexpected.Title")];
            }
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<RempartExceptionHandler>();
        services.AddValidation();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Rempart API";
            document.Info.Description = "National needs assessments and plans of action on the protection of vulnerable targets. Authenticate with a personal access token: Authorization: Bearer rpat_...";
            return Task.CompletedTask;
        }));

        services.AddRazorComponents();
        // French text stays readable and small in the HTML: letters with accents are not turned into entities.
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "rempart.antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddHttpContextAccessor();
        return builder;
    }

    private static readonly Dictionary<int, string> StatusTitleKeys = new()
    {
        [StatusCodes.Status400BadRequest] = "Error.BadRequest.Title",
        [StatusCodes.Status401Unauthorized] = "Error.Unauthorized.Title",
        [StatusCodes.Status403Forbidden] = "Error.Forbidden.Title",
        [StatusCodes.Status404NotFound] = "Error.NotFound.Title",
        [StatusCodes.Status405MethodNotAllowed] = "Error.BadRequest.Title",
        [StatusCodes.Status409Conflict] = "Error.Conflict.Title",
        [StatusCodes.Status415UnsupportedMediaType] = "Error.BadRequest.Title",
        [StatusCodes.Status429TooManyRequests] = "Error.TooMany.Title",
        [StatusCodes.Status500InternalServerError] = "Error.Unexpected.Title",
        [StatusCodes.Status503ServiceUnavailable] = "Error.Database.Title",
    };

    /// <summary>True when the title is the framework's English default for the status (not one we set).</summary>
    private static bool IsDefaultTitle(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        problem.Title is null || problem.Title == Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(problem.Status ?? 500)
        || problem.Title.StartsWith("One or more validation errors", StringComparison.Ordinal);

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.IsApi())
        {
            context.Response.StatusCode = apiStatus;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>Health endpoints: live (the process answers) and ready (the database answers and is migrated).</summary>
    public static void MapRempartHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableHttpMetrics();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
    }
}

/// <summary>Ready when the database answers and has every migration; red (503) otherwise, without crashing.</summary>
internal sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("The database answers and is up to date.")
                : HealthCheckResult.Unhealthy($"The database lacks {pending.Count} migration(s): run 'rempart migrate'.");
        }
        catch (Exception e) when (RempartExceptionHandler.IsDatabaseUnavailable(e) || e is InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
    }
}
