using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Support;

public static class IntentsSetup
{
    /// <summary>
    /// The desk's intent model: the host that reads tickets (<see cref="OpsConsole.Support.IIntentClassifier"/>), its
    /// registry and trainer, the nightly and on-demand training jobs, and the first model at start. Needs AddJobs.
    /// </summary>
    public static WebApplicationBuilder AddIntentModel(this WebApplicationBuilder builder)
    {
        builder.Services.AddIntentModelServices();
        builder.Services.AddTransient<IntentModelJobs>();
        builder.Services.AddScoped<IntentModelJobTracker>();
        builder.Services.AddScoped<IStartupStep, IntentModelStartup>();
        return builder;
    }
}
