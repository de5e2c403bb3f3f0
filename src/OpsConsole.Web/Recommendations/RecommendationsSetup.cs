using OpsConsole.Recommendations;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Recommendations;

public static class RecommendationsSetup
{
    public static WebApplicationBuilder AddRecommender(this WebApplicationBuilder builder)
    {
        builder.Services.AddRecommendations();
        builder.Services.AddTransient<RecommenderJobs>();
        builder.Services.AddScoped<RecommenderJobTracker>();
        builder.Services.AddScoped<IStartupStep, RecommenderJobsStartup>();
        builder.Services.AddHostedService<RecommendationUpkeep>();
        return builder;
    }

    public static WebApplication MapRecommender(this WebApplication app)
    {
        app.MapRecommendationsApi();
        app.MapRecommendationExports();
        return app;
    }
}
