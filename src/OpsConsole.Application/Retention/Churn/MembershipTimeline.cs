using OpsConsole.Commerce;
using OpsConsole.Ingestion;

namespace OpsConsole.Retention.Churn;

/// <summary>A learner's membership at an instant: its state (<see cref="MembershipStates"/>) and when it runs or ran out.</summary>
internal readonly record struct MembershipAt(string State, DateTime? Expires)
{
    public bool PaidUp => State is MembershipStates.Active or MembershipStates.Cancelling;
}

/// <summary>
/// Replays a learner's membership from its payments, as profiles do: a start pays a period from its own time, a renewal
/// extends from the later of its time and the current expiry, a cancellation stops later renewals. A membership begun
/// before the first stored event has no payment events; its row says whether it was still running when the events
/// begin, and then it runs to the first period end after that. Only facts before the instant asked about count, so the
/// state at an instant never depends on what happened later.
/// </summary>
internal static class MembershipTimeline
{
    public static MembershipAt At(LearnerHistory history, DateTime? horizon, DateTime at)
    {
        DateTime? expires = null;
        var plan = MembershipPlan.Monthly;
        var cancelled = false;
        if (horizon is { } h)
        {
            foreach (var m in history.EarlierMemberships)
            {
                if (m.StartedAt >= at || m.ExpiresAt < h)
                {
                    continue;
                }
                // Periods before the event history were paid (the row still ran when the events begin); after it, only
                // payment events count, so a renewal charged later cannot leak into an earlier state.
                var end = Step(m.StartedAt, m.Plan);
                while (end < h)
                {
                    end = Step(end, m.Plan);
                }
                expires = expires is { } e && e > end ? e : end;
                plan = m.Plan;
                cancelled = m.CancelledAt < h;
            }
        }
        foreach (var e in history.Money)
        {
            if (e.At >= at)
            {
                break;
            }
            switch (e.Type)
            {
                case EventType.MembershipStart or EventType.MembershipRenew:
                    if (e.Type == EventType.MembershipStart || expires is null || expires < e.At)
                    {
                        expires = e.At;
                    }
                    plan = e.Plan ?? plan;
                    expires = Step(expires.Value, plan);
                    cancelled = false;
                    break;
                case EventType.MembershipCancel:
                    cancelled = true;
                    break;
            }
        }
        return expires switch
        {
            null => new MembershipAt(MembershipStates.None, null),
            { } e when e > at => new MembershipAt(cancelled ? MembershipStates.Cancelling : MembershipStates.Active, e),
            { } e => new MembershipAt(cancelled ? MembershipStates.Ended : MembershipStates.Lapsed, e),
        };
    }

    /// <summary>Whether a membership payment (start or renewal) happened in [from, to).</summary>
    public static bool PaidBetween(LearnerHistory history, DateTime from, DateTime to) =>
        history.Money.Any(e => e.Type is EventType.MembershipStart or EventType.MembershipRenew && e.At >= from && e.At < to);

    private static DateTime Step(DateTime from, MembershipPlan plan) => plan == MembershipPlan.Annual ? from.AddYears(1) : from.AddMonths(1);
}
