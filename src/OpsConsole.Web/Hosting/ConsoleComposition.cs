using OpsConsole.Web.Access;
using OpsConsole.Web.Analytics;
using OpsConsole.Web.Components;
using OpsConsole.Web.Ingestion;
using OpsConsole.Web.Jobs;
using OpsConsole.Web.Live;
using OpsConsole.Web.Observability;
using OpsConsole.Web.Privacy;
using OpsConsole.Web.Profiles;
using OpsConsole.Web.Recommendations;
using OpsConsole.Web.Retention;
using OpsConsole.Web.Segments;
using OpsConsole.Web.Support;

namespace OpsConsole.Web.Hosting;

/// <summary>The console put together: the platform every capability stands on, then the capabilities in the order of the loop.</summary>
public static class ConsoleComposition
{
    public static WebApplicationBuilder AddConsolePlatform(this WebApplicationBuilder builder)
    {
        builder.AddObservability();
        builder.AddDatabase();
        builder.AddScaleOut();
        builder.AddConsoleAccess();
        builder.Services.AddIngestion();
        builder.AddIngestionApi();
        builder.AddLiveHub();
        builder.AddConsoleUi();
        builder.AddApiDocs();
        builder.AddJobs();
        builder.AddDemo();
        return builder;
    }

    public static WebApplicationBuilder AddConsoleCapabilities(this WebApplicationBuilder builder)
    {
        builder.AddLearnerProfiles();
        builder.AddLearnerSegments();
        builder.AddRecommender();
        builder.AddIntentModel();
        builder.AddSupportDesk();
        builder.Services.AddKnowledgeBase();
        builder.AddSupportReports();
        builder.AddRetentionExperiments();
        builder.AddChurnAlerts();
        builder.AddRenewals();
        builder.AddPrivacy();
        return builder;
    }

    /// <summary>The request pipeline and every endpoint; the UI's catch-all routes come last.</summary>
    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseConsolePipeline();
        app.UseExportAudit();
        app.MapObservability();
        app.MapAccountEndpoints();
        app.MapIngestionApi();
        app.MapLearnerProfiles();
        app.MapLearnerSegments();
        app.MapRecommender();
        app.MapSupportDesk();
        app.MapSupportReports();
        app.MapRetentionExperiments();
        app.MapChurnAlerts();
        app.MapRenewals();
        app.MapPrivacy();
        app.MapAnalyticsApi();
        app.MapAnalysisExports();
        app.MapLiveHub();
        app.MapApiDocs();
        app.MapJobs();
        app.MapConsoleUi();
        return app;
    }
}
