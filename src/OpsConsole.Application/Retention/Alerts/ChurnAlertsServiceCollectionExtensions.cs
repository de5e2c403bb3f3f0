using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Retention;
using OpsConsole.Telemetry;

namespace OpsConsole;

public static class ChurnAlertsServiceCollectionExtensions
{
    /// <summary>
    /// Churn score storage, alerts and their workflow (options section <c>Retention:Alerts</c>, validated at start-up).
    /// Needs ingestion and the platform's time; the host adds an <see cref="IChurnAlertNotifier"/> for live push.
    /// </summary>
    public static IServiceCollection AddChurnAlerts(this IServiceCollection services)
    {
        services.AddOptions<ChurnAlertOptions>().BindConfiguration(ChurnAlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IChurnAlertNotifier, NullChurnAlertNotifier>();
        services.AddSingleton<ChurnScoreStore>();
        services.AddSingleton<ChurnScoreQueries>();
        services.AddSingleton<AlertThresholds>();
        services.AddSingleton<RetentionEvents>();
        services.AddSingleton<ChurnAlertService>();
        services.AddSingleton<AlertOutcomeTracker>();
        services.AddSingleton<ChurnAlertQueries>();
        // Resolved only where an action is taken: the host also adds experiments and renewals.
        services.AddSingleton<RetentionActions>();
        return services;
    }

    /// <summary>
    /// The churn model's registry and the scoring run that feeds the alerts: <see cref="AddChurnAlerts"/> with the
    /// model's snapshots and trainer (<see cref="ChurnServiceCollectionExtensions.AddChurnModel"/>).
    /// </summary>
    public static IServiceCollection AddChurnScoring(this IServiceCollection services)
    {
        services.AddChurnAlerts();
        services.AddChurnModel();
        services.AddSingleton<ChurnModelRegistry>();
        services.AddOpsMetrics();
        services.AddSingleton<ChurnScoring>();
        return services;
    }
}
