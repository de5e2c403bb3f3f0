using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Support;
using OpsConsole.Support.Reports;

namespace OpsConsole;

public static class SupportReportsServiceCollectionExtensions
{
    /// <summary>
    /// The support reports and the SLA clock they measure with (<see cref="TicketRoutingServiceCollectionExtensions.AddTicketRouting"/>,
    /// unless already added). Needs the analytics services for the platform calendar.
    /// </summary>
    public static IServiceCollection AddSupportReportQueries(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(SlaClock)))
        {
            services.AddTicketRouting();
        }
        // Transient: each report measures with the SLA policies in force now, which managers may change while the app runs.
        services.TryAddTransient<SupportReportQuery>();
        return services;
    }
}
