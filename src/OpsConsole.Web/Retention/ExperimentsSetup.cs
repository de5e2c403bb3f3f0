namespace OpsConsole.Web.Retention;

public static class ExperimentsSetup
{
    public static WebApplicationBuilder AddRetentionExperiments(this WebApplicationBuilder builder)
    {
        builder.Services.AddExperiments();
        return builder;
    }

    public static WebApplication MapRetentionExperiments(this WebApplication app)
    {
        app.MapExperimentsApi();
        return app;
    }
}
