using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Experiments;
using OpsConsole.Experiments.Results;

namespace OpsConsole;

public static class ExperimentsServiceCollectionExtensions
{
    /// <summary>
    /// Experiment design, lifecycle, assignment, results and the arms' retention actions. Needs
    /// <see cref="SegmentsServiceCollectionExtensions.AddSegments"/> for targeting, <see cref="ApplicationServiceCollectionExtensions.AddIngestion"/>
    /// for exposure events and <see cref="RenewalsServiceCollectionExtensions.AddRenewals"/> for the renewal reminders an arm sends.
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
        services.AddSingleton<ExperimentActions>();
        services.AddSingleton<ExperimentEnrolment>();
        return services;
    }
}
