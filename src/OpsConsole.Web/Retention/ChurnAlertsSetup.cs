using OpsConsole.Retention;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Retention;

public static class ChurnAlertsSetup
{
    /// <summary>
    /// The churn model (weekly retraining, hourly scoring), the scores, alerts and their workflow, pushed live through
    /// the hub, with the outcome-tracking job.
    /// </summary>
    public static WebApplicationBuilder AddChurnAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IChurnAlertNotifier, HubChurnAlertNotifier>();
        builder.Services.AddChurnScoring();
        builder.Services.AddTransient<ChurnAlertJobs>();
        builder.Services.AddTransient<ChurnModelJobs>();
        builder.Services.AddScoped<ChurnModelJobTracker>();
        builder.Services.AddScoped<IStartupStep, ChurnAlertJobsStartup>();
        builder.Services.AddScoped<IStartupStep, ChurnModelJobsStartup>();
        return builder;
    }

    public static WebApplication MapChurnAlerts(this WebApplication app)
    {
        app.MapChurnAlertExport();
        return app;
    }
}
