using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Engagements;

namespace Rempart.Core;

/// <summary>The single entry point that the web app and the CLI use to register Core.</summary>
public static class CoreServices
{
    public static IServiceCollection AddRempartCore(this IServiceCollection services, DatabaseSettings database, LanguageSettings languages)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(languages);
        services.AddRempartDatabase(database);
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoWorkspace>();
        services.AddScoped<BackupService>();
        services.AddScoped<AccessTokenService>();
        services.AddScoped<UserAccountService>();
        services.AddScoped<TwoFactorService>();
        services.AddScoped<PasswordResetService>();
        services.AddScoped<EngagementService>();
        services.AddScoped<Catalog.CatalogService>();
        services.AddScoped<EngagementAccess>();
        services.AddScoped<EntityService>();
        services.AddScoped<ParticipantService>();
        services.AddScoped<StageService>();
        services.AddScoped<ConsultationService>();
        services.AddScoped<FindingService>();
        services.AddScoped<ConsultationDocuments>();
        services.AddScoped<Questionnaires.QuestionnaireService>();
        services.AddScoped<Questionnaires.ConsolidationService>();
        services.AddScoped<Questionnaires.WorkbookService>();
        services.AddScoped<Scoring.ScoringService>();
        services.AddScoped<Roadmaps.RoadmapService>();
        services.AddScoped<Roadmaps.RoadmapDocuments>();
        services.AddScoped<Monitoring.MonitoringService>();
        services.AddScoped<Monitoring.AssistanceService>();
        services.AddScoped<Monitoring.ReviewCycleService>();
        services.TryAddSingleton(Monitoring.MailSettings.None);
        services.TryAddSingleton<Monitoring.IMailSender, Monitoring.SmtpMailSender>();
        services.AddScoped<Monitoring.ReminderService>();
        services.AddScoped<EngagementDashboard>();
        services.AddScoped<Exports.ExportService>();
        services.AddScoped<Auditing.AuditLog>();
        services.AddScoped<Auditing.AuditService>();
        services.TryAddSingleton(Targets.TargetsReference.Default);
        services.AddScoped<Targets.SiteImporter>();
        services.AddScoped<Targets.SiteService>();
        services.AddScoped<Targets.SiteExport>();
        services.AddScoped<Interdependencies.DependencyService>();
        return services;
    }
}
