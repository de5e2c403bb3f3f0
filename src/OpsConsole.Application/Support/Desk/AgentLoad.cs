using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>An agent with the tickets they hold now, for routing and the supervisors' view.</summary>
public sealed record AgentLoad(SupportAgent Agent, int OpenTickets)
{
    public int FreeSlots => Math.Max(0, Agent.Capacity - OpenTickets);

    public AgentState ToState() => new(Agent.Id, Agent.Name, Agent.Status, SupportAgent.Split(Agent.Intents), SupportAgent.Split(Agent.Languages),
        SupportAgent.Split(Agent.Tags), Agent.Capacity, OpenTickets,
        // A long absence is not waiting: an agent who just came online does not jump every tie.
        Later(Agent.LastAssignedAt, Agent.Status == AgentStatus.Online ? Agent.StatusChangedAt : null));

    private static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

public static class AgentLoads
{
    /// <summary>
    /// Tickets an agent owes a move on count against capacity; pending ones (waiting on the learner) do not, or a
    /// desk waiting on slow learners would stop routing.
    /// </summary>
    public static IQueryable<Ticket> Held(this IQueryable<Ticket> tickets) => tickets.Where(t => t.AssigneeId != null && t.Status == TicketStatus.Assigned);

    public static async Task<List<AgentLoad>> LoadAsync(OpsDbContext db, CancellationToken cancellationToken, bool includeInactive = false)
    {
        var agents = await db.SupportAgents.AsNoTracking().Where(a => includeInactive || a.Active).OrderBy(a => a.Name).ToListAsync(cancellationToken);
        var held = await db.Tickets.Held().GroupBy(t => t.AssigneeId!).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return agents.Select(a => new AgentLoad(a, held.GetValueOrDefault(a.Id))).ToList();
    }
}
