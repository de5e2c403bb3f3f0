using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Support;
using OpsConsole.Support.Reports;

namespace OpsConsole;

public static class SupportReportsServiceCollectionExtensions
{
    /// <summary>
    /// The support reports and the SLA policies they measure with (<see cref="TicketRoutingServiceCollectionExtensions.AddTicketRouting"/>,
    /// unless the desk added them already). Needs the data and analytics services (the platform calendar).
    /// </summary>
    public static IServiceCollection AddSupportReportQueries(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(SlaPolicies)))
        {
            services.AddTicketRouting();
        }
        services.TryAddSingleton<SupportReportQuery>();
        return services;
    }
}
