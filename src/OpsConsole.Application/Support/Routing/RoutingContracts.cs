namespace OpsConsole.Support;

/// <summary>What an agent must have to take a ticket from the skill queue.</summary>
/// <param name="Intent">Null when the ticket has no classified intent: any intent will do.</param>
/// <param name="Tag">The team or skill tag a rule routed to, e.g. <c>senior</c>.</param>
public sealed record SkillNeeds(string? Intent, string Language, string? Tag = null)
{
    public override string ToString() => string.Join(", ", new[] { Tag, Intent, Language }.Where(p => !string.IsNullOrEmpty(p)));
}

/// <summary>The rule that decided a ticket's routing: its position in the list, its name and what it did.</summary>
public sealed record RuleMatch(int Index, string Name, RuleAction Action);

/// <summary>A ticket no agent has taken yet, as the queue stores it.</summary>
/// <param name="WaitingSince">When it entered the queue (UTC); the oldest is served first and the fallback counts from here.</param>
/// <param name="RuleName">The rule that routed it, kept to explain the assignment when it comes.</param>
public sealed record WaitingTicket(
    long TicketId,
    SkillNeeds Needs,
    DateTime WaitingSince,
    TicketQueue Queue = TicketQueue.Skill,
    string? RuleName = null);

/// <summary>A ticket given to an agent, with why.</summary>
public sealed record Assignment(long TicketId, string AgentId, DateTime AssignedAt, RoutingReason Reason);

/// <summary>
/// The outcome of routing a new ticket: the rule that matched (if any), the priority and tags the ticket ends up with,
/// and either an assignment or the queue entry to store.
/// </summary>
public sealed record RoutingDecision(
    long TicketId,
    RuleMatch? Rule,
    SkillNeeds Needs,
    TicketPriority Priority,
    IReadOnlyList<string> Tags,
    Assignment? Assignment,
    WaitingTicket? Waiting,
    RoutingReason Reason)
{
    public bool IsAssigned => Assignment is not null;
}

public enum RoutingTrigger
{
    /// <summary>A new ticket was routed.</summary>
    NewTicket = 0,
    /// <summary>An agent freed a slot or came online and took the oldest ticket they could.</summary>
    AgentAvailable = 1,
    /// <summary>A sweep over the queues found an agent for a waiting ticket.</summary>
    Dispatch = 2,
}

/// <summary>The agent chosen and what made them the choice.</summary>
/// <param name="FreeSlots">Free slots before this ticket.</param>
/// <param name="SinceLastAssignment">Null if the agent had never had a ticket.</param>
/// <param name="TiedWith">Other candidates with as many free slots, beaten by waiting longer.</param>
public sealed record AgentChoice(string AgentId, string AgentName, int FreeSlots, int Capacity, TimeSpan? SinceLastAssignment, int TiedWith);

/// <summary>How the agents stood for one ticket; every agent is counted once, under the first reason that rules them out.</summary>
/// <param name="Unavailable">Away or offline.</param>
/// <param name="LackingSkills">Online, but without the intent, language or tag the ticket needs.</param>
/// <param name="Full">Online and skilled, with no free slot.</param>
/// <param name="Eligible">Online, skilled and with a free slot.</param>
public sealed record AgentPool(int Agents, int Unavailable, int LackingSkills, int Full, int Eligible);

/// <summary>Why a ticket went where it went, as data (for filters and translations) and as one sentence.</summary>
/// <param name="Pool">How the agents stood, when a choice among them was made (not when one agent took its oldest ticket).</param>
/// <param name="TicketWaited">How long the ticket had waited in a queue before this assignment.</param>
public sealed record RoutingReason(
    RoutingTrigger Trigger,
    TicketQueue Queue,
    SkillNeeds Needs,
    string? RuleName,
    RuleAction? RuleAction,
    AgentChoice? Agent,
    AgentPool? Pool,
    TimeSpan? TicketWaited,
    string Text)
{
    public override string ToString() => Text;
}
