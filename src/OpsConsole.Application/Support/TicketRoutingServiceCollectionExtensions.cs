using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Support;

namespace OpsConsole;

public static class TicketRoutingServiceCollectionExtensions
{
    /// <summary>
    /// Routing and SLA options (sections <c>Support:Routing</c> and <c>Support:Sla</c>, validated on start) and the
    /// <see cref="SlaClock"/> they describe. Needs <see cref="PlatformTime"/> for the default zone.
    /// </summary>
    public static IServiceCollection AddTicketRouting(this IServiceCollection services)
    {
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SlaOptions>().BindConfiguration(SlaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SlaOptions>>().Value.CreateClock(sp.GetRequiredService<PlatformTime>().Zone));
        return services;
    }
}
