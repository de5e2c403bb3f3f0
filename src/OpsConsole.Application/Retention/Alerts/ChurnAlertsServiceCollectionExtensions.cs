using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Retention;

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
        return services;
    }
}
