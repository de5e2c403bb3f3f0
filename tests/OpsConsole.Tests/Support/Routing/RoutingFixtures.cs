using OpsConsole.Profiles;
using OpsConsole.Support;

namespace OpsConsole.Tests.Support.Routing;

/// <summary>Agents, tickets and rules with sensible defaults, so each test states only what it is about.</summary>
internal static class RoutingFixtures
{
    public static readonly DateTime Now = new(2026, 5, 11, 10, 0, 0, DateTimeKind.Utc);

    public static DateTime MinutesAgo(double minutes) => Now.AddMinutes(-minutes);

    public static AgentState Agent(
        string id,
        AgentStatus status = AgentStatus.Online,
        string[]? intents = null,
        string[]? languages = null,
        string[]? tags = null,
        int capacity = 5,
        int open = 0,
        DateTime? lastAssigned = null,
        string? name = null) =>
        new(id, name ?? id, status, intents ?? ["refund_request", "billing"], languages ?? ["en"], tags ?? [], capacity, open, lastAssigned);

    public static TicketFacts Ticket(
        long id = 1,
        string? intent = "refund_request",
        string language = "en",
        TicketPriority priority = TicketPriority.Normal,
        string channel = "web",
        double? sentiment = null,
        TicketPriority? urgency = null,
        LearnerFacts? learner = null,
        string[]? tags = null) =>
        new(id, intent, language, priority, channel, sentiment, urgency, learner, tags);

    public static LearnerFacts Learner(
        MembershipState membership = MembershipState.None,
        decimal spend = 0,
        LifecycleStage lifecycle = LifecycleStage.Active,
        RfmSegment rfm = RfmSegment.Prospect) =>
        new(membership, spend, lifecycle, rfm);

    public static RoutingRule Rule(string name, RuleAction action, params RuleCondition[] conditions) => new(name, conditions, action);

    public static WaitingTicket Waiting(long id, double minutesAgo, string? intent = "refund_request", string language = "en", string? tag = null,
        TicketQueue queue = TicketQueue.Skill) =>
        new(id, new SkillNeeds(intent, language, tag), MinutesAgo(minutesAgo), queue);
}
