using OpsConsole.Experiments;
using OpsConsole.Experiments.Results;
using OpsConsole.Web.Access;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Retention;

public static class ExperimentsSetup
{
    public static WebApplicationBuilder AddRetentionExperiments(this WebApplicationBuilder builder)
    {
        builder.Services.AddExperiments();
        builder.Services.AddTransient<ExperimentJobs>();
        builder.Services.AddScoped<IStartupStep, ExperimentJobsStartup>();
        return builder;
    }

    public static WebApplication MapRetentionExperiments(this WebApplication app)
    {
        app.MapExperimentsApi();
        app.MapGet("/experiments/{key}/results/export.csv", async (string key, ExperimentResultsService results, CancellationToken ct) =>
        {
            try
            {
                var computed = results.Cached(key) ?? await results.ComputeAsync(key, ct);
                return Results.File(System.Text.Encoding.UTF8.GetBytes(ExperimentResultsCsv.Write(computed)), "text/csv; charset=utf-8", $"experiment-{key}-results.csv");
            }
            catch (ExperimentNotFoundException)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown experiment", detail: $"There is no experiment with the key '{key}'.");
            }
        }).RequireAuthorization(Policies.Analysts).ExcludeFromDescription();
        return app;
    }
}
