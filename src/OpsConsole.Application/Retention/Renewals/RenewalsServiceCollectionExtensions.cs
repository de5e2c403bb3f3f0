using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Retention.Renewals;

namespace OpsConsole;

public static class RenewalsServiceCollectionExtensions
{
    /// <summary>
    /// The renewals view (expiring memberships, renewal rate by cohort and tier, failed renewals, summary) and renewal
    /// reminders, options section <c>Retention:Renewals</c> validated at start-up. The host adds the platform calendar
    /// (<see cref="AnalyticsServiceCollectionExtensions.AddAnalytics"/>) and ingestion, which records the reminders.
    /// </summary>
    public static IServiceCollection AddRenewals(this IServiceCollection services)
    {
        services.AddOptions<RenewalsOptions>().BindConfiguration(RenewalsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FailedRenewals>();
        services.AddSingleton<RenewalQueries>();
        services.AddSingleton<RenewalCohorts>();
        services.AddSingleton<RenewalReminders>();
        return services;
    }
}
