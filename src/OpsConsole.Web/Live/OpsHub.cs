using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OpsConsole.Access;
using OpsConsole.Ingestion;

namespace OpsConsole.Web.Live;

/// <summary>What the server can push to a console browser.</summary>
public interface IOpsClient
{
    Task EventsIngested(IngestionPulse pulse);

    /// <summary>The learner's profile was recomputed; sent to connections watching that learner.</summary>
    Task ProfileUpdated(string learnerId);
}

/// <summary>Live push to signed-in console users; each connection joins one group per role it holds.</summary>
[Authorize]
public sealed class OpsHub : Hub<IOpsClient>
{
    public const string Path = "/hubs/ops";

    public static string RoleGroup(string role) => $"role:{role}";

    public static string LearnerGroup(string learnerId) => $"learner:{learnerId}";

    public override async Task OnConnectedAsync()
    {
        foreach (var role in Roles.All.Where(r => Context.User?.IsInRole(r) == true))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, RoleGroup(role));
        }
        await base.OnConnectedAsync();
    }

    /// <summary>A profile page asks to be told when its learner changes. Every console role may open profiles.</summary>
    public Task WatchLearner(string learnerId) =>
        string.IsNullOrWhiteSpace(learnerId) || learnerId.Length > Learners.Learner.IdMaxLength
            ? throw new HubException("learnerId must be 1 to 64 characters.")
            : Groups.AddToGroupAsync(Context.ConnectionId, LearnerGroup(learnerId));

    public Task UnwatchLearner(string learnerId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, LearnerGroup(learnerId ?? ""));
}

/// <summary>Pushes ingestion pulses to everyone who may see the overview.</summary>
public sealed class HubIngestionNotifier(IHubContext<OpsHub, IOpsClient> hub) : IIngestionNotifier
{
    private static readonly string[] Audience = [OpsHub.RoleGroup(Roles.Operator), OpsHub.RoleGroup(Roles.Manager), OpsHub.RoleGroup(Roles.Admin)];

    public Task BatchCommittedAsync(IngestionPulse pulse, CancellationToken cancellationToken) =>
        hub.Clients.Groups(Audience).EventsIngested(pulse);
}
