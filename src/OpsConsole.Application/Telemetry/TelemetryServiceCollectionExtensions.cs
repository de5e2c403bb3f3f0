using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OpsConsole.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The console's meter; every feature that records on it asks for it, so hosts without the web app (the CLI) get it too.</summary>
    public static IServiceCollection AddOpsMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<OpsMetrics>();
        services.TryAddSingleton<ServingModelReader>();
        return services;
    }
}
