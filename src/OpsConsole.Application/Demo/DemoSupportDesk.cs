using OpsConsole.Support;

namespace OpsConsole.Demo;

/// <summary>
/// The demo platform's support team and the desk's history: agents with skills and capacity, who answered which
/// ticket, the conversation, satisfaction ratings, and a routing rule to show what rules do.
/// </summary>
internal static class DemoSupportDesk
{
    public const string DemoAgentId = "support@demo.local";

    private static readonly string[] Money = ["billing", "refund_request", "invoice", "coupon", "membership_renewal"];
    private static readonly string[] Learning = ["video_playback", "login_account", "course_content", "certificate"];

    public static IReadOnlyList<SupportAgent> Agents(DateTime at) =>
    [
        Agent(DemoAgentId, "Demo Support Agent", "*", "en zh", "", 12, AgentStatus.Online, at),
        Agent("li.na@demo.local", "Li Na", string.Join(' ', Money), "zh", "senior billing", 10, AgentStatus.Online, at),
        Agent("wang.lei@demo.local", "Wang Lei", string.Join(' ', Learning), "zh en", "", 10, AgentStatus.Online, at),
        Agent("emma.clark@demo.local", "Emma Clark", string.Join(' ', Money), "en", "senior billing", 10, AgentStatus.Online, at),
        Agent("omar.haddad@demo.local", "Omar Haddad", string.Join(' ', Learning), "en", "", 8, AgentStatus.Away, at),
        Agent("sofia.rossi@demo.local", "Sofia Rossi", "*", "en zh", "", 6, AgentStatus.Offline, at),
    ];

    /// <summary>Refunds asked for by learners who spent a lot go to senior agents: the kind of rule managers write.</summary>
    public static RoutingRuleSet Rules { get; } = new(
    [
        new RoutingRule("Refunds from learners who spent ¥2,000 or more go to senior agents",
            [RuleCondition.Is(RuleField.Intent, "refund_request"), RuleCondition.AtLeast(RuleField.LifetimeSpend, 2000)],
            new RuleAction(RouteTo: "senior", SetPriority: TicketPriority.High, AddTags: ["vip-refund"])),
        new RoutingRule("Angry learners are high priority",
            [RuleCondition.AtMost(RuleField.Sentiment, -0.5m)],
            new RuleAction(SetPriority: TicketPriority.High, AddTags: ["upset"])),
    ]);

    /// <summary>
    /// Gives every answered ticket an agent who has its skills, writes the conversation, and rates some resolved
    /// tickets. Open tickets stay within the agents' capacity (the rest wait on the learner), so routing has room.
    /// </summary>
    public static (List<TicketMessage> Messages, List<TicketAssignment> Assignments) History(IReadOnlyList<Ticket> tickets, IReadOnlyList<SupportAgent> agents,
        IReadOnlyDictionary<string, string> learnerNames, int seed)
    {
        var rng = new DemoRandom(seed, 77);
        var messages = new List<TicketMessage>(tickets.Count * 3);
        var assignments = new List<TicketAssignment>(tickets.Count);
        var held = agents.ToDictionary(a => a.Id, _ => 0);
        // Newest first, so the agents' current queues hold the most recent open tickets.
        foreach (var ticket in tickets.OrderByDescending(t => t.CreatedAt))
        {
            var name = learnerNames.GetValueOrDefault(ticket.LearnerId) ?? ticket.LearnerId;
            messages.Add(new TicketMessage { TicketId = ticket.Id, Kind = MessageKind.Learner, AuthorId = ticket.LearnerId, AuthorName = name, Body = ticket.Body, CreatedAt = ticket.CreatedAt });
            if (ticket.FirstRespondedAt is not { } responded)
            {
                continue;
            }
            var skilled = agents.Where(a => Covers(a.Languages, ticket.Language) && (a.Intents == "*" || Covers(a.Intents, ticket.Intent ?? ""))).ToList();
            var agent = rng.Pick(skilled.Count > 0 ? skilled : agents);
            if (ticket.Status == TicketStatus.Assigned)
            {
                if (held[agent.Id] >= agent.Capacity - 3)
                {
                    ticket.Status = TicketStatus.Pending;
                }
                else
                {
                    held[agent.Id]++;
                }
            }
            ticket.AssigneeId = agent.Id;
            agent.LastAssignedAt = agent.LastAssignedAt is { } last && last > ticket.CreatedAt ? last : ticket.CreatedAt;
            assignments.Add(new TicketAssignment
            {
                TicketId = ticket.Id, AgentId = agent.Id, AssignedAt = ticket.CreatedAt.AddMinutes(1), Trigger = "new-ticket",
                Reason = $"Routed to {agent.Name}: skilled in {ticket.Intent} ({ticket.Language}) with the most free capacity",
                EndedAt = ticket.ResolvedAt,
            });
            messages.Add(new TicketMessage
            {
                TicketId = ticket.Id, Kind = MessageKind.Agent, AuthorId = agent.Id, AuthorName = agent.Name, CreatedAt = responded,
                Body = Reply(ticket, name, agent.Name),
            });
            if (ticket.ResolvedAt is { } resolved)
            {
                messages.Add(new TicketMessage { TicketId = ticket.Id, Kind = MessageKind.System, AuthorName = "OpsConsole", CreatedAt = resolved, Body = $"{agent.Name}: pending → resolved" });
                ticket.CsatRequestedAt = resolved;
                if (rng.Chance(0.6))
                {
                    var hours = (responded - ticket.CreatedAt).TotalHours + (resolved - responded).TotalHours / 8;
                    var mean = hours < 2 ? 4.6 : hours < 8 ? 4.1 : hours < 24 ? 3.5 : 2.6;
                    ticket.CsatRating = Math.Clamp((int)Math.Round(mean + rng.Uniform(-1.2, 1.0)), 1, 5);
                    ticket.CsatRatedAt = resolved.AddHours(rng.Uniform(0.2, 30));
                }
            }
        }
        return (messages, assignments);
    }

    private static string Reply(Ticket ticket, string learner, string agent) => ticket.Language == "zh"
        ? $"{learner}，您好！感谢您的耐心等待。关于您反映的问题，我们已经核实并处理，请您再试一次。如果还有问题，直接回复这条消息即可。——{agent}"
        : $"Hi {learner}, thanks for getting in touch. I have looked into this and sorted it out on our side; please try again and reply here if anything is still not right. — {agent}";

    private static bool Covers(string list, string value) => SupportAgent.Split(list).Any(x => x == "*" || x == value || value.StartsWith(x + "-", StringComparison.Ordinal));

    private static SupportAgent Agent(string id, string name, string intents, string languages, string tags, int capacity, AgentStatus status, DateTime at) =>
        new() { Id = id, Name = name, Intents = intents, Languages = languages, Tags = tags, Capacity = capacity, Status = status, StatusChangedAt = at };
}
