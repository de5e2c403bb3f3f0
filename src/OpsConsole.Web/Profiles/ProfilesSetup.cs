using OpsConsole.Web.Hosting;
using OpsConsole.Web.Jobs;

namespace OpsConsole.Web.Profiles;

public static class ProfilesSetup
{
    public static WebApplicationBuilder AddLearnerProfiles(this WebApplicationBuilder builder)
    {
        builder.Services.AddProfiles(builder.Configuration);
        builder.Services.AddTransient<ProfileJobs>();
        builder.Services.AddScoped<ProfileJobTracker>();
        builder.Services.AddScoped<IStartupStep, ProfileJobsStartup>();
        if (builder.Configuration.GetValue(LiveRefreshKey, true))
        {
            builder.Services.AddHostedService<ProfileUpdater>();
        }
        return builder;
    }

    /// <summary>Off only where profiles must not change behind a test's back.</summary>
    public const string LiveRefreshKey = "Profiles:LiveRefresh";

    public static WebApplication MapLearnerProfiles(this WebApplication app)
    {
        app.MapProfileApi();
        app.MapLearnerExport();
        return app;
    }
}
