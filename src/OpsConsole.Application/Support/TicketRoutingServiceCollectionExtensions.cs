using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Support;

namespace OpsConsole;

public static class TicketRoutingServiceCollectionExtensions
{
    /// <summary>
    /// Routing and SLA options (sections <c>Support:Routing</c> and <c>Support:Sla</c>, validated on start) and the SLA
    /// policies in force (<see cref="SlaPolicies"/>: what managers saved, else the section). Needs <see cref="PlatformTime"/>.
    /// </summary>
    public static IServiceCollection AddTicketRouting(this IServiceCollection services)
    {
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SlaOptions>().BindConfiguration(SlaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DeskSettings>();
        services.AddSingleton<SlaPolicies>();
        // The policies managers saved can change while the app runs: resolve the clock per use, or ask SlaPolicies.
        services.AddTransient(sp => sp.GetRequiredService<SlaPolicies>().Current);
        return services;
    }
}
