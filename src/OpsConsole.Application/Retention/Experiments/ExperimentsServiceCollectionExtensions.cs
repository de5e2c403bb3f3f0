using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Experiments;

namespace OpsConsole;

public static class ExperimentsServiceCollectionExtensions
{
    /// <summary>
    /// Experiment design, lifecycle and assignment. Needs <see cref="SegmentsServiceCollectionExtensions.AddSegments"/> for
    /// targeting and <see cref="ApplicationServiceCollectionExtensions.AddIngestion"/> for exposure events.
    /// </summary>
    public static IServiceCollection AddExperiments(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ExperimentService>();
        services.AddSingleton<ExperimentEvents>();
        services.AddSingleton<ExperimentAssigner>();
        return services;
    }
}
