using OpsConsole.Profiles;

namespace OpsConsole.Support;

/// <summary>
/// What routing rules may look at for one ticket. Facts that are not known (no intent classified yet, a learner the
/// console has no profile for) are null, and a condition on an unknown fact never matches.
/// </summary>
/// <param name="Intent">The classified intent, e.g. <c>refund_request</c>; null routes by language alone.</param>
/// <param name="Language">BCP-47 language of the text.</param>
/// <param name="Sentiment">From −1 (angry) to 1 (happy).</param>
/// <param name="Urgency">How pressing the text reads, on the priority scale (low, normal, high, urgent).</param>
/// <param name="Tags">Tags the ticket already carries (from the platform or an agent).</param>
public sealed record TicketFacts(
    long TicketId,
    string? Intent,
    string Language,
    TicketPriority Priority,
    string Channel,
    double? Sentiment = null,
    TicketPriority? Urgency = null,
    LearnerFacts? Learner = null,
    IReadOnlyList<string>? Tags = null)
{
    public IReadOnlyList<string> TagList => Tags ?? [];

    public static TicketFacts From(
        Ticket ticket,
        string? intent,
        LearnerProfile? profile,
        double? sentiment = null,
        TicketPriority? urgency = null,
        IReadOnlyList<string>? tags = null) =>
        new(ticket.Id, intent, ticket.Language, ticket.Priority, ticket.Channel, sentiment, urgency,
            profile is null ? null : LearnerFacts.From(profile), tags);
}

/// <summary>What the learner's profile says about the person who wrote the ticket.</summary>
/// <param name="LifetimeSpend">Net spend in the platform currency (orders and memberships less refunds).</param>
public sealed record LearnerFacts(MembershipState Membership, decimal LifetimeSpend, LifecycleStage Lifecycle, RfmSegment Rfm)
{
    public static LearnerFacts From(LearnerProfile profile) =>
        new(profile.Membership, profile.NetSpend, profile.Lifecycle, profile.RfmSegment);
}
