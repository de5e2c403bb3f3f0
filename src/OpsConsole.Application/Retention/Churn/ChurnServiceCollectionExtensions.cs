using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Retention.Churn;

namespace OpsConsole;

public static class ChurnServiceCollectionExtensions
{
    /// <summary>
    /// The churn model's snapshots and trainer, with the <c>Retention:Churn</c> section validated at start-up. Needs the
    /// platform calendar (<see cref="AnalyticsServiceCollectionExtensions.AddAnalytics"/>) and the profile settings
    /// (<see cref="ProfilesServiceCollectionExtensions.AddProfiles"/>) for the currency.
    /// </summary>
    public static IServiceCollection AddChurnModel(this IServiceCollection services)
    {
        services.AddOptions<ChurnOptions>().BindConfiguration(ChurnOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ChurnSnapshotBuilder>();
        services.AddSingleton<ChurnTrainer>();
        return services;
    }
}
