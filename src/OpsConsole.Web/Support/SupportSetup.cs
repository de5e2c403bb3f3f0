using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Support;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Support;

public static class SupportSetup
{
    public static WebApplicationBuilder AddSupportDesk(this WebApplicationBuilder builder)
    {
        builder.Services.AddSupportDesk();
        builder.Services.AddSingleton<TicketPresence>();
        builder.Services.AddSingleton<ISupportNotifier, HubSupportNotifier>();
        builder.Services.TryAddSingleton<IIntentClassifier, NoIntentModel>();
        builder.Services.TryAddSingleton<IAutoResponder, NoAutomatedAnswers>();
        builder.Services.AddTransient<SupportJobs>();
        builder.Services.AddScoped<IStartupStep, SupportJobsStartup>();
        return builder;
    }

    public static WebApplication MapSupportDesk(this WebApplication app)
    {
        app.MapTicketsApi();
        return app;
    }
}
