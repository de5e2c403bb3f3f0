using Microsoft.AspNetCore.SignalR;
using OpsConsole.Access;
using OpsConsole.Retention;
using OpsConsole.Web.Live;

namespace OpsConsole.Web.Retention;

/// <summary>Pushes new churn alerts to everyone who works them: operators, managers and admins, wherever they are in the console.</summary>
public sealed class HubChurnAlertNotifier(IHubContext<OpsHub, IOpsClient> hub) : IChurnAlertNotifier
{
    private static readonly string[] Audience = [OpsHub.RoleGroup(Roles.Operator), OpsHub.RoleGroup(Roles.Manager), OpsHub.RoleGroup(Roles.Admin)];

    public Task AlertRaisedAsync(ChurnAlertSummary alert, CancellationToken cancellationToken) =>
        hub.Clients.Groups(Audience).ChurnAlertRaised(alert);
}
