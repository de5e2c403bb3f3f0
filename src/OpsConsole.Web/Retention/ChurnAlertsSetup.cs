using OpsConsole.Retention;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Retention;

public static class ChurnAlertsSetup
{
    /// <summary>Churn scores, alerts and their workflow, pushed live through the hub, with the outcome-tracking job.</summary>
    public static WebApplicationBuilder AddChurnAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IChurnAlertNotifier, HubChurnAlertNotifier>();
        builder.Services.AddChurnAlerts();
        builder.Services.AddTransient<ChurnAlertJobs>();
        builder.Services.AddScoped<IStartupStep, ChurnAlertJobsStartup>();
        return builder;
    }

    public static WebApplication MapChurnAlerts(this WebApplication app)
    {
        app.MapChurnAlertExport();
        return app;
    }
}
