namespace OpsConsole.Support;

/// <summary>
/// Decides which agent gets which ticket. Pure: the caller passes the agents, queue and rules as they stand and the
/// current time, stores what comes back and pushes it to the agents.
/// </summary>
public static class Router
{
    /// <summary>The first enabled rule, in order, whose conditions all hold for the ticket.</summary>
    public static RuleMatch? FirstMatch(TicketFacts ticket, IReadOnlyList<RoutingRule> rules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is { } rule && RuleEvaluator.Matches(rule, ticket))
            {
                return new RuleMatch(i, rule.Name, rule.Action ?? new RuleAction());
            }
        }
        return null;
    }

    /// <summary>
    /// Routes a new ticket: applies the first matching rule, then gives the ticket to the online agent with the skills
    /// it needs and the most free slots (ties: whoever has waited longest since their last assignment). With no such
    /// agent the decision carries the skill-queue entry to store.
    /// </summary>
    public static RoutingDecision Route(TicketFacts ticket, IReadOnlyList<AgentState> agents, IReadOnlyList<RoutingRule> rules, DateTime now)
    {
        now = Utc(now);
        var rule = FirstMatch(ticket, rules);
        var needs = new SkillNeeds(ticket.Intent, ticket.Language, rule?.Action.RouteTo);
        var priority = rule?.Action.SetPriority ?? ticket.Priority;
        var tags = ticket.TagList.Concat(rule?.Action.AddTags ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        var (chosen, pool) = Choose(agents, a => a.HasSkills(needs), now);
        var rulePart = RoutingReasonText.Rule(rule, needs);
        if (chosen is not null)
        {
            var reason = new RoutingReason(RoutingTrigger.NewTicket, TicketQueue.Skill, needs, rule?.Name, rule?.Action, chosen, pool, null,
                $"{rulePart}; {RoutingReasonText.Choice(chosen)}");
            return new RoutingDecision(ticket.TicketId, rule, needs, priority, tags,
                new Assignment(ticket.TicketId, chosen.AgentId, now, reason), null, reason);
        }
        var waiting = new RoutingReason(RoutingTrigger.NewTicket, TicketQueue.Skill, needs, rule?.Name, rule?.Action, null, pool, null,
            $"{rulePart}; {RoutingReasonText.NoAgent(pool, needs)} — waiting in the skill queue");
        return new RoutingDecision(ticket.TicketId, rule, needs, priority, tags, null,
            new WaitingTicket(ticket.TicketId, needs, now, TicketQueue.Skill, rule?.Name), waiting);
    }

    /// <summary>
    /// When an agent frees a slot or comes online: the oldest waiting tickets they can take (their skills for the skill
    /// queue, anything from the general queue), as many as they have free slots. An agent who is not online gets none.
    /// </summary>
    public static IReadOnlyList<Assignment> OnAgentAvailable(AgentState agent, IReadOnlyList<WaitingTicket> waiting, DateTime now)
    {
        now = Utc(now);
        var assignments = new List<Assignment>();
        if (!agent.CanTakeMore)
        {
            return assignments;
        }
        var free = agent.FreeSlots;
        foreach (var ticket in Oldest(waiting))
        {
            if (assignments.Count == free)
            {
                break;
            }
            if (!CanTake(agent, ticket))
            {
                continue;
            }
            var slotsBefore = free - assignments.Count;
            var waited = Positive(now - Utc(ticket.WaitingSince));
            var choice = new AgentChoice(agent.Id, agent.Name, slotsBefore, agent.Capacity,
                assignments.Count == 0 ? Since(agent.LastAssignedAt, now) : TimeSpan.Zero, 0);
            var reason = new RoutingReason(RoutingTrigger.AgentAvailable, ticket.Queue, ticket.Needs, ticket.RuleName, null, choice, null, waited,
                $"{RoutingReasonText.Queued(ticket, waited)}; {RoutingReasonText.OldestFor(choice)}");
            assignments.Add(new Assignment(ticket.TicketId, agent.Id, now, reason));
        }
        return assignments;
    }

    /// <summary>
    /// Skill-queue tickets that have waited at least <paramref name="fallbackAfter"/>, oldest first, already moved to
    /// the general queue: store their new queue, then <see cref="Dispatch"/> them.
    /// </summary>
    public static IReadOnlyList<WaitingTicket> DueForGeneralQueue(IReadOnlyList<WaitingTicket> waiting, DateTime now, TimeSpan fallbackAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fallbackAfter, TimeSpan.Zero);
        now = Utc(now);
        return Oldest(waiting)
            .Where(t => t.Queue == TicketQueue.Skill && now - Utc(t.WaitingSince) >= fallbackAfter)
            .Select(t => t with { Queue = TicketQueue.General })
            .ToList();
    }

    /// <summary>
    /// A sweep over the queues: oldest ticket first, each goes to the best agent who can take it now (skill queue: the
    /// skills it needs; general queue: anyone online with a free slot), counting earlier assignments of the same sweep.
    /// For the periodic job, after <see cref="DueForGeneralQueue"/>, and whenever agents' states were changed in bulk.
    /// </summary>
    public static IReadOnlyList<Assignment> Dispatch(IReadOnlyList<WaitingTicket> waiting, IReadOnlyList<AgentState> agents, DateTime now)
    {
        now = Utc(now);
        var current = agents.ToList();
        var assignments = new List<Assignment>();
        var seen = new HashSet<long>();
        foreach (var ticket in Oldest(waiting))
        {
            if (!seen.Add(ticket.TicketId))
            {
                continue;
            }
            var (chosen, pool) = Choose(current, a => ticket.Queue == TicketQueue.General || a.HasSkills(ticket.Needs), now);
            if (chosen is null)
            {
                continue;
            }
            var waited = Positive(now - Utc(ticket.WaitingSince));
            var reason = new RoutingReason(RoutingTrigger.Dispatch, ticket.Queue, ticket.Needs, ticket.RuleName, null, chosen, pool, waited,
                $"{RoutingReasonText.Queued(ticket, waited)}; {RoutingReasonText.Choice(chosen)}");
            assignments.Add(new Assignment(ticket.TicketId, chosen.AgentId, now, reason));
            var index = current.FindIndex(a => a.Id == chosen.AgentId);
            current[index] = current[index] with { OpenTickets = current[index].OpenTickets + 1, LastAssignedAt = now };
        }
        return assignments;
    }

    /// <summary>Whether the agent may take this waiting ticket now.</summary>
    public static bool CanTake(AgentState agent, WaitingTicket ticket) =>
        agent.CanTakeMore && (ticket.Queue == TicketQueue.General || agent.HasSkills(ticket.Needs));

    /// <summary>The best candidate: most free slots, then longest since the last assignment (never beats any), then id for a stable answer.</summary>
    private static (AgentChoice? Choice, AgentPool Pool) Choose(IReadOnlyList<AgentState> agents, Func<AgentState, bool> skilled, DateTime now)
    {
        int unavailable = 0, lacking = 0, full = 0;
        var eligible = new List<AgentState>();
        foreach (var agent in agents)
        {
            if (agent.Status != AgentStatus.Online)
            {
                unavailable++;
            }
            else if (!skilled(agent))
            {
                lacking++;
            }
            else if (agent.FreeSlots == 0)
            {
                full++;
            }
            else
            {
                eligible.Add(agent);
            }
        }
        var pool = new AgentPool(agents.Count, unavailable, lacking, full, eligible.Count);
        if (eligible.Count == 0)
        {
            return (null, pool);
        }
        var best = eligible
            .OrderByDescending(a => a.FreeSlots)
            .ThenBy(a => a.LastAssignedAt is { } at ? Utc(at) : DateTime.MinValue)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .First();
        var tied = eligible.Count(a => a.FreeSlots == best.FreeSlots) - 1;
        return (new AgentChoice(best.Id, best.Name, best.FreeSlots, best.Capacity, Since(best.LastAssignedAt, now), tied), pool);
    }

    private static IEnumerable<WaitingTicket> Oldest(IReadOnlyList<WaitingTicket> waiting) =>
        waiting.OrderBy(t => Utc(t.WaitingSince)).ThenBy(t => t.TicketId);

    private static TimeSpan? Since(DateTime? at, DateTime now) => at is { } t ? Positive(now - Utc(t)) : null;

    private static TimeSpan Positive(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;

    private static DateTime Utc(DateTime value) => Instants.AsUtc(value);
}
