using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Analytics;

namespace OpsConsole;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>
    /// The platform calendar, rollups, overview and the behaviour queries (retention, funnels). The time zone is read here, not on first use, so a wrong
    /// <c>Platform:TimeZone</c> stops start-up instead of surfacing later on a dashboard.
    /// </summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        var zone = PlatformTime.ReadZone(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new PlatformTime(zone, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<RollupService>();
        services.TryAddSingleton<OverviewService>();
        services.TryAddSingleton<RetentionQuery>();
        services.TryAddSingleton<FunnelQuery>();
        services.TryAddSingleton<PathsQuery>();
        services.TryAddSingleton<LifecycleQuery>();
        services.TryAddSingleton<StickinessQuery>();
        services.TryAddSingleton<CompassQuery>();
        return services;
    }
}
