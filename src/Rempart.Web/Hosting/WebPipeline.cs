using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Web.Access;

namespace Rempart.Web.Hosting;

/// <summary>Where a form whose antiforgery token no longer holds sends the person: the same page, saying so.</summary>
internal static class StaleForm
{
    public const string Query = "form";
    public const string Value = "expired";

    public static string Back(HttpRequest request)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value);
        var kept = query.Where(q => q.Key != Query).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString((request.PathBase + request.Path).Value ?? "/", [.. kept, new(Query, Value)]);
    }

    public static bool IsShown(HttpContext? context) => context is not null && context.Request.Query[Query].ToString() == Value;
}

internal static class WebPipeline
{
    /// <summary>The middleware, in order. Errors first, then headers, then who is asking, then what they may do.</summary>
    public static WebApplication UseRempartPipeline(this WebApplication app, RempartStartup startup)
    {
        // Behind named reverse proxies only: the client's address and scheme as they forward them (one hop), so that
        // HSTS, secure cookies and the per-address limits on guessing see the real client. Nobody else is believed.
        if (startup.TrustedProxies.Count > 0)
        {
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
                ForwardLimit = 1,
            };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in startup.TrustedProxies)
            {
                forwarded.KnownProxies.Add(proxy);
            }

            app.UseForwardedHeaders(forwarded);
        }

        // Culture first, so that errors too are written in the caller's language.
        app.UseRequestLocalization();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            CreateScopeForErrors = true,
            StatusCodeSelector = e => RempartExceptionHandler.Classify(e, System.Globalization.CultureInfo.InvariantCulture).Status,
            // "Not found" is an answer like any other, not a failure of the handler.
            AllowStatusCode404Response = true,
            // Expected outcomes (not found, a broken rule, a conflict) are not errors: no stack trace in the log.
            SuppressDiagnosticsCallback = c => RempartExceptionHandler.Classify(c.Exception, System.Globalization.CultureInfo.InvariantCulture).Status < 500,
        });
        if (!app.Environment.IsDevelopment())
        {
            // Only sent over HTTPS (behind a TLS-terminating proxy with forwarded headers).
            app.UseHsts();
        }

        app.UseRempartSecurityHeaders();
        // API errors without a body become ProblemDetails; pages show the friendly status page.
        app.UseWhen(c => c.Request.IsApi(), api => api.UseStatusCodePages());
        // Only page reads are re-executed: a status page cannot answer a form post.
        app.UseWhen(c => !c.Request.IsApi() && (HttpMethods.IsGet(c.Request.Method) || HttpMethods.IsHead(c.Request.Method)), pages => pages.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true));
        app.UseAuthentication();
        // The audit trail records who made each change saved during the request. A signed-in request keeps one
        // database connection from here to its end (the request's context closes it) instead of taking one from the
        // pool and giving it back around each of its queries.
        app.Use(async (context, next) =>
        {
            if (Viewer.From(context.User) is { } viewer)
            {
                var db = context.RequestServices.GetRequiredService<AppDbContext>();
                db.ActingUserId = viewer.UserId;
                if (context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null)
                {
                    // Not for static files and other open endpoints, which read nothing.
                    await db.Database.OpenConnectionAsync(context.RequestAborted);
                }
            }

            await next(context);
        });
        app.UseTwoFactorGate();
        app.UseAuthorization();
        app.UseAntiforgery();
        // A page's form whose token no longer holds (the page stayed open past the key's life, or the person signed in
        // or out in another tab) would get an empty 400. Pages, not the API, send the person back to the page with a
        // message saying what happened; the text typed is kept by the page's draft, when it has one.
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && !context.Request.IsApi()
                && context.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false }
                && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Antiforgery.IAntiforgeryMetadata>() is { RequiresValidation: true })
            {
                context.Response.StatusCode = StatusCodes.Status303SeeOther;
                context.Response.Headers.Location = StaleForm.Back(context.Request);
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>
    /// Migrates (embedded default, or when told to), creates the roles and loads the demo workspace once. A database
    /// that cannot be reached is logged, not fatal: /health/ready stays red and pages say so.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, RempartStartup startup)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Rempart.Startup");
        await using var scope = app.Services.CreateAsyncScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        try
        {
            if (startup.Database.MigrateOnStart)
            {
                await initializer.MigrateAsync(app.Lifetime.ApplicationStopping);
            }
            else
            {
                var pending = await initializer.PendingMigrationsAsync(app.Lifetime.ApplicationStopping);
                if (pending.Count > 0)
                {
                    logger.LogWarning("{Database} lacks {Count} migration(s); run 'rempart migrate' (or set Database__MigrateOnStart=true). Until then /health/ready is red.", startup.Database.Describe(), pending.Count);
                    return;
                }

                await initializer.EnsureRolesAsync(app.Lifetime.ApplicationStopping);
            }

            if (startup.ImportCatalog)
            {
                // Idempotent: a version already stored with the same content is left alone; the same files as last
                // time are not even parsed (their fingerprint is kept in the database).
                try
                {
                    var imported = await scope.ServiceProvider.GetRequiredService<Rempart.Core.Catalog.CatalogService>().ImportFolderOnceAsync(startup.CatalogPath, app.Lifetime.ApplicationStopping) ?? [];
                    foreach (var result in imported.Where(r => r.Outcome == Rempart.Core.Catalog.ImportOutcome.Imported))
                    {
                        logger.LogInformation("Catalog {Key} imported from {Path}", result.Key, startup.CatalogPath);
                    }
                }
                catch (Rempart.Core.Catalog.CatalogInvalidException e)
                {
                    logger.LogError("The catalog in {Path} has {Count} error(s) and was not imported; first: {First}. Run 'rempart catalog validate' to see them all.", startup.CatalogPath, e.Errors.Count, e.Errors[0]);
                }
            }

            if (startup.LoadDemo)
            {
                await scope.ServiceProvider.GetRequiredService<DemoWorkspace>().LoadOnceAsync(startup.DemoPath, app.Lifetime.ApplicationStopping);
            }
        }
        catch (Exception e) when (RempartExceptionHandler.IsDatabaseUnavailable(e) || e is InvalidOperationException)
        {
            logger.LogError("{Database} cannot be prepared: {Reason}. Rempart keeps running; /health/ready is red until the database answers.", startup.Database.Describe(), e.GetBaseException().Message);
        }
    }

    /// <summary>Says on the console where Rempart listens and, with the demo workspace, how to sign in.</summary>
    public static void AnnounceOnStart(this WebApplication app, RempartStartup startup)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var lines = new List<string>
            {
                "",
                "  Rempart is running.",
                $"  Database: {startup.Database.Describe()}",
            };
            lines.AddRange(addresses.Select(a => $"  Open:     {a}"));
            if (startup.LoadDemo)
            {
                var demo = DemoWorkspace.Read(startup.DemoPath);
                lines.Add($"  Demo accounts (password: {demo.Password}), engagements {string.Join(", ", demo.Engagements)}:");
                lines.AddRange(demo.Accounts.Select(a => $"    {a.Email,-36} {a.Role}" + (a.AuthenticatorKey is { } key ? $" (second factor: the sign-in page shows the demo code; secret {key})" : "")));
            }

            lines.Add("  Press Ctrl+C to stop.");
            lines.Add("");
            Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
        });
    }
}
