using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Experiments;
using OpsConsole.Experiments.Results;

namespace OpsConsole;

public static class ExperimentsServiceCollectionExtensions
{
    /// <summary>
    /// Experiment design, lifecycle, assignment and results. Needs <see cref="SegmentsServiceCollectionExtensions.AddSegments"/> for
    /// targeting and <see cref="ApplicationServiceCollectionExtensions.AddIngestion"/> for exposure events.
    /// </summary>
    public static IServiceCollection AddExperiments(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ExperimentService>();
        services.AddSingleton<ExperimentEvents>();
        services.AddSingleton<ExperimentAssigner>();
        services.AddOptions<ExperimentResultsOptions>().BindConfiguration(ExperimentResultsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ExperimentMetricReader>();
        services.AddSingleton<ExperimentResultsService>();
        services.AddSingleton<ExperimentPlanner>();
        return services;
    }
}
