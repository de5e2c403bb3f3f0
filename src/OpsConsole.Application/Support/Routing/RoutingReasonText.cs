using System.Globalization;

namespace OpsConsole.Support;

/// <summary>The sentences agents and managers read beside an assignment; the same facts are in <see cref="RoutingReason"/> as data.</summary>
public static class RoutingReasonText
{
    public static string Rule(RuleMatch? rule, SkillNeeds needs) =>
        rule is null ? $"No rule matched → {needs}" : $"Matched rule '{rule.Name}' → {Action(rule.Action, needs)}";

    /// <summary>What a rule did, e.g. <c>senior, priority Urgent, tag vip</c>; a rule that only tags still routes by the ticket's skills.</summary>
    public static string Action(RuleAction action, SkillNeeds needs)
    {
        var parts = new List<string>();
        parts.Add(action.RouteTo ?? needs.ToString());
        if (action.SetPriority is { } priority)
        {
            parts.Add($"priority {priority}");
        }
        if (action.AddTags is { Count: > 0 } tags)
        {
            parts.Add($"{(tags.Count == 1 ? "tag" : "tags")} {string.Join(", ", tags)}");
        }
        return string.Join(", ", parts);
    }

    public static string Choice(AgentChoice agent)
    {
        var slots = $"{agent.AgentName} has {agent.FreeSlots} of {agent.Capacity} slots free";
        var tie = agent.TiedWith switch
        {
            0 => "",
            1 => ", as does 1 other,",
            var n => $", as do {n} others,",
        };
        var wait = agent.SinceLastAssignment switch
        {
            null => " and has had no ticket yet",
            { } waited when agent.TiedWith > 0 => $" and waited longest ({Duration(waited)})",
            { } waited => $" and waited {Duration(waited)}",
        };
        return slots + tie + wait;
    }

    public static string OldestFor(AgentChoice agent) =>
        $"{agent.AgentName} became free and this is the oldest ticket they can take ({agent.FreeSlots} of {agent.Capacity} slots free)";

    public static string NoAgent(AgentPool pool, SkillNeeds needs)
    {
        if (pool.Agents == 0)
        {
            return "no agents are set up";
        }
        var why = new List<string>();
        if (pool.Full > 0)
        {
            why.Add($"{pool.Full} full");
        }
        if (pool.Unavailable > 0)
        {
            why.Add($"{pool.Unavailable} away or offline");
        }
        if (pool.LackingSkills > 0)
        {
            why.Add($"{pool.LackingSkills} without the skills");
        }
        return $"no online agent with {needs} has a free slot ({string.Join(", ", why)})";
    }

    public static string Queued(WaitingTicket ticket, TimeSpan waited) => ticket.Queue == TicketQueue.General
        ? $"Waited {Duration(waited)}, in the general queue as no agent with {ticket.Needs} was free in time"
        : $"Waited {Duration(waited)} for {ticket.Needs}{(ticket.RuleName is { } rule ? $" (rule '{rule}')" : "")}";

    /// <summary>Whole minutes, hours and days, as people say them: "42 min", "2 h 5 min", "3 d 4 h".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return "under a minute";
        }
        var minutes = (long)span.TotalMinutes;
        var (days, hours, rest) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
        return days > 0
            ? hours > 0 ? Invariant($"{days} d {hours} h") : Invariant($"{days} d")
            : hours > 0
                ? rest > 0 ? Invariant($"{hours} h {rest} min") : Invariant($"{hours} h")
                : Invariant($"{rest} min");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
