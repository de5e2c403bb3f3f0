using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OpsConsole.Access;
using OpsConsole.Ingestion;
using OpsConsole.Retention;
using OpsConsole.Support;
using OpsConsole.Web.Support;

namespace OpsConsole.Web.Live;

/// <summary>What the server can push to a console browser.</summary>
public interface IOpsClient
{
    Task EventsIngested(IngestionPulse pulse);

    /// <summary>The learner's profile was recomputed; sent to connections watching that learner.</summary>
    Task ProfileUpdated(string learnerId);

    /// <summary>A ticket was routed to this agent.</summary>
    Task TicketAssigned(TicketSummary ticket, string reason);

    /// <summary>Something happened to a ticket this connection views or holds.</summary>
    Task TicketChanged(TicketChange change);

    /// <summary>Queue lengths and agent load, for supervisors and the queue page.</summary>
    Task DeskChanged(DeskPulse pulse);

    /// <summary>Who else has the ticket open, and whether they are writing a reply.</summary>
    Task TicketViewers(long ticketId, IReadOnlyList<TicketViewer> viewers);

    /// <summary>A learner's churn risk crossed their threshold; sent to operators, managers and admins.</summary>
    Task ChurnAlertRaised(ChurnAlertSummary alert);

    /// <summary>The answer to <see cref="OpsHub.Ping"/>: the caller's own stamp, back.</summary>
    Task Pong(long stamp);
}

/// <summary>Live push to signed-in console users; each connection joins one group per role it holds.</summary>
[Authorize]
public sealed class OpsHub(TicketPresence presence) : Hub<IOpsClient>
{
    public const string Path = "/hubs/ops";

    public static string RoleGroup(string role) => $"role:{role}";

    public static string LearnerGroup(string learnerId) => $"learner:{learnerId}";

    /// <summary>An agent's connections, by the agent id (their sign-in e-mail, lower case).</summary>
    public static string AgentGroup(string agentId) => $"agent:{agentId.ToLowerInvariant()}";

    public static string TicketGroup(long ticketId) => $"ticket:{ticketId}";

    public override async Task OnConnectedAsync()
    {
        foreach (var role in Roles.All.Where(r => Context.User?.IsInRole(r) == true))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, RoleGroup(role));
        }
        if (IsDesk && AgentId is { } agent)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AgentGroup(agent));
        }
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var ticketId in presence.Drop(Context.ConnectionId))
        {
            await Clients.Group(TicketGroup(ticketId)).TicketViewers(ticketId, presence.Viewers(ticketId));
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>A profile page asks to be told when its learner changes. Every console role may open profiles.</summary>
    public Task WatchLearner(string learnerId) =>
        string.IsNullOrWhiteSpace(learnerId) || learnerId.Length > Learners.Learner.IdMaxLength
            ? throw new HubException("learnerId must be 1 to 64 characters.")
            : Groups.AddToGroupAsync(Context.ConnectionId, LearnerGroup(learnerId));

    /// <summary>
    /// Sends the caller's stamp straight back as a push. A clock-free round trip over the same connection and the same
    /// push path as every live update: the caller reads its own clock on both ends, so the console can show how live it
    /// is, and measurements of ticket and alert pushes have a baseline to be held against. Reads and changes nothing.
    /// </summary>
    public Task Ping(long stamp) => Clients.Caller.Pong(stamp);

    public Task UnwatchLearner(string learnerId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, LearnerGroup(learnerId ?? ""));

    /// <summary>A ticket page opens: it hears the ticket's changes, and the others viewing it learn who joined.</summary>
    public async Task WatchTicket(long ticketId)
    {
        RequireDesk();
        await Groups.AddToGroupAsync(Context.ConnectionId, TicketGroup(ticketId));
        presence.Join(ticketId, Context.ConnectionId, AgentId ?? "", DisplayName);
        await Clients.Group(TicketGroup(ticketId)).TicketViewers(ticketId, presence.Viewers(ticketId));
    }

    public async Task UnwatchTicket(long ticketId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, TicketGroup(ticketId));
        if (presence.Leave(ticketId, Context.ConnectionId))
        {
            await Clients.Group(TicketGroup(ticketId)).TicketViewers(ticketId, presence.Viewers(ticketId));
        }
    }

    /// <summary>The viewer started or stopped writing a reply: the others see it and can hold back.</summary>
    public async Task SetReplying(long ticketId, bool replying)
    {
        RequireDesk();
        if (presence.SetReplying(ticketId, Context.ConnectionId, replying))
        {
            await Clients.Group(TicketGroup(ticketId)).TicketViewers(ticketId, presence.Viewers(ticketId));
        }
    }

    private bool IsDesk => Context.User is { } u && (u.IsInRole(Roles.SupportAgent) || u.IsInRole(Roles.Manager) || u.IsInRole(Roles.Admin));

    private string? AgentId => Context.User?.FindFirstValue(ClaimTypes.Email)?.ToLowerInvariant() ?? Context.User?.Identity?.Name?.ToLowerInvariant();

    private string DisplayName =>
        Context.User?.FindFirstValue(Access.ConsoleClaimsPrincipalFactory.DisplayNameClaim) ?? Context.User?.Identity?.Name ?? "someone";

    private void RequireDesk()
    {
        if (!IsDesk)
        {
            throw new HubException("Only support agents, managers and admins may open tickets.");
        }
    }
}

/// <summary>Pushes ingestion pulses to everyone who may see the overview.</summary>
public sealed class HubIngestionNotifier(IHubContext<OpsHub, IOpsClient> hub) : IIngestionNotifier
{
    private static readonly string[] Audience = [OpsHub.RoleGroup(Roles.Operator), OpsHub.RoleGroup(Roles.Manager), OpsHub.RoleGroup(Roles.Admin)];

    public Task BatchCommittedAsync(IngestionPulse pulse, CancellationToken cancellationToken) =>
        hub.Clients.Groups(Audience).EventsIngested(pulse);
}
