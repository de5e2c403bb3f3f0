using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Support;

namespace OpsConsole;

public static class SupportDeskServiceCollectionExtensions
{
    /// <summary>
    /// The desk: intake, routing, conversation, SLA watch and the queries behind the pages (options section
    /// <c>Support:Desk</c>, plus <see cref="TicketRoutingServiceCollectionExtensions.AddTicketRouting"/>). The host adds
    /// an <see cref="ISupportNotifier"/> for live push, an <see cref="IIntentClassifier"/> and an <see cref="IAutoResponder"/>.
    /// </summary>
    public static IServiceCollection AddSupportDesk(this IServiceCollection services)
    {
        services.AddTicketRouting();
        services.AddOptions<DeskOptions>().BindConfiguration(DeskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TicketReader>();
        services.AddSingleton<DeskEvents>();
        services.AddSingleton<DeskRouter>();
        services.AddSingleton<SupportDesk>();
        services.AddSingleton<AgentDirectory>();
        services.AddSingleton<DeskUpkeep>();
        services.AddSingleton<TicketQueries>();
        return services;
    }
}
