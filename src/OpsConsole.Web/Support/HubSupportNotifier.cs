using Microsoft.AspNetCore.SignalR;
using OpsConsole.Access;
using OpsConsole.Support;
using OpsConsole.Web.Live;

namespace OpsConsole.Web.Support;

/// <summary>An agent's load in the live desk view.</summary>
public sealed record AgentPulse(string Id, string Name, AgentStatus Status, int Open, int Capacity);

/// <summary>How the desk stands, pushed to supervisors and queue pages.</summary>
public sealed record DeskPulse(int Triage, int SkillQueue, int GeneralQueue, int Open, int Breached, DateTime? OldestWaitingSince, IReadOnlyList<AgentPulse> Agents)
{
    public static DeskPulse Of(DeskSnapshot s) => new(s.Triage, s.SkillQueue, s.GeneralQueue, s.Open, s.Breached, s.OldestWaitingSince,
        s.Agents.Select(a => new AgentPulse(a.Agent.Id, a.Agent.Name, a.Agent.Status, a.OpenTickets, a.Agent.Capacity)).ToList());
}

/// <summary>
/// Sends the desk's changes through the hub: an assignment to the agent's connections, a ticket change to its viewers
/// and to the agents whose queue it is in, and the desk's figures to everyone on the desk. The figures take queries,
/// so a burst of changes is coalesced into one push per <see cref="PulseInterval"/>.
/// </summary>
public sealed class HubSupportNotifier(IHubContext<OpsHub, IOpsClient> hub, TicketQueries queries, ILogger<HubSupportNotifier> log) : ISupportNotifier, IDisposable
{
    public static readonly TimeSpan PulseInterval = TimeSpan.FromMilliseconds(250);
    private static readonly string[] Desk = [OpsHub.RoleGroup(Roles.SupportAgent), OpsHub.RoleGroup(Roles.Manager), OpsHub.RoleGroup(Roles.Admin)];
    private readonly CancellationTokenSource _stopping = new();
    private int _pending;

    public Task TicketAssignedAsync(TicketSummary ticket, string agentId, string reason, CancellationToken cancellationToken) =>
        hub.Clients.Group(OpsHub.AgentGroup(agentId)).TicketAssigned(ticket, reason);

    public Task TicketChangedAsync(TicketChange change, CancellationToken cancellationToken)
    {
        var groups = new List<string> { OpsHub.TicketGroup(change.TicketId) };
        if (change.AgentId is { } agent)
        {
            groups.Add(OpsHub.AgentGroup(agent));
        }
        if (change.PreviousAgentId is { } previous && previous != change.AgentId)
        {
            groups.Add(OpsHub.AgentGroup(previous));
        }
        return hub.Clients.Groups(groups).TicketChanged(change);
    }

    public Task DeskChangedAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _ = PushSoonAsync();
        }
        return Task.CompletedTask;
    }

    private async Task PushSoonAsync()
    {
        try
        {
            await Task.Delay(PulseInterval, _stopping.Token);
            Volatile.Write(ref _pending, 0);
            var snapshot = await queries.SnapshotAsync(_stopping.Token);
            await hub.Clients.Groups(Desk).DeskChanged(DeskPulse.Of(snapshot));
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (Exception e)
        {
            Volatile.Write(ref _pending, 0);
            log.LogWarning(e, "Could not push the desk's figures");
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}

/// <summary>The desk before an intent model has been trained: tickets are routed by language alone.</summary>
public sealed class NoIntentModel : IIntentClassifier
{
    public IntentReading? Classify(string subject, string body) => null;
}

/// <summary>The desk before automated answers are configured: nothing is answered automatically.</summary>
public sealed class NoAutomatedAnswers : IAutoResponder
{
    public Task<AutoAnswer?> AnswerAsync(Ticket ticket, CancellationToken cancellationToken) => Task.FromResult<AutoAnswer?>(null);

    public bool IsHumanRequest(string text) => false;
}
