using Rempart.Core.Data;
using Rempart.Web.Access;
using Rempart.Web.Catalog;
using Rempart.Web.Components;
using Rempart.Web.Engagements;
using Rempart.Web.Monitoring;
using Rempart.Web.Exports;
using Rempart.Web.Questionnaires;
using Rempart.Web.Scoring;
using Rempart.Web.Roadmaps;
using Rempart.Web.Targets;
using Rempart.Web.Interdependencies;
using Rempart.Web.Auditing;
using Rempart.Web.Hosting;
using Scalar.AspNetCore;

// Pages, styles and settings ship beside the binaries: a server started from another directory (a service manager's
// default, a script's) still serves them, where the framework would look in the current directory only.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = RempartConfiguration.ShippedWebRoot(Directory.GetCurrentDirectory(), args) });
builder.Configuration.AddShippedSettings();
builder.WebHost.UseStaticWebAssets();

RempartStartup startup;
try
{
    startup = RempartStartup.Read(builder.Configuration, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
}
catch (ConfigurationException e)
{
    await Console.Error.WriteLineAsync($"Rempart cannot start. {e.Message}");
    return 2;
}

builder.AddRempartWeb(startup);

var app = builder.Build();
app.UseRempartPipeline(startup);

app.MapStaticAssets().AllowAnonymous();
app.MapRempartHealth();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference("/api/reference", o => o.WithTitle("Rempart API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
// Every file handed out carries its TLP label (header, name, and every page of a workbook).
var api = app.MapGroup("");
api.AddEndpointFilter(ClassifiedDownloads.Filter);
api.MapAccessEndpoints();
api.MapEngagementEndpoints();
api.MapEngagementSetupEndpoints();
api.MapConsultationEndpoints();
api.MapConsultationDocumentEndpoints();
api.MapQuestionnaireEndpoints();
api.MapQuestionnaireUploads();
api.MapScoringEndpoints();
api.MapRoadmapEndpoints();
api.MapMonitoringEndpoints();
api.MapCatalogEndpoints();
api.MapExportEndpoints();
api.MapSiteEndpoints();
api.MapInterdependencyEndpoints();
api.MapAuditEndpoints();
// Unknown API addresses answer 404 ProblemDetails, not the HTML not-found page.
app.Map("/api/{**rest}", () => TypedResults.NotFound()).WithName("Api_Unknown").ExcludeFromDescription();
app.MapRazorComponents<App>();

await app.PrepareDatabaseAsync(startup);
app.AnnounceOnStart(startup);
await app.RunAsync();
return 0;
