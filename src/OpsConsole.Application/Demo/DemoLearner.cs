using OpsConsole.Commerce;
using OpsConsole.Learners;
using OpsConsole.Support;

namespace OpsConsole.Demo;

/// <summary>
/// One learner's hidden traits (what the models should recover) and running state during the simulation.
/// Only <see cref="Row"/> and <see cref="Pii"/> are stored as such; everything else shows only through behaviour.
/// </summary>
internal sealed class DemoLearner(int index, Learner row, LearnerPii pii, DemoRandom rng)
{
    public int Index { get; } = index;
    public string Id => Row.Id;
    public Learner Row { get; } = row;
    public LearnerPii Pii { get; } = pii;
    public DemoRandom Rng { get; } = rng;

    // Traits, fixed for the whole simulation.
    public required bool Chinese { get; init; }
    public required DemoRegion Region { get; init; }
    /// <summary>One or two topic indexes; the first is the stronger preference.</summary>
    public required int[] PreferredTopics { get; init; }
    /// <summary>Share of browsing that goes to the preferred topics.</summary>
    public required double Focus { get; init; }
    public required bool PriceSensitive { get; init; }
    /// <summary>Expected sessions per day at full engagement.</summary>
    public required double Activity { get; init; }
    /// <summary>Day index of signup; negative for learners who were already on the platform when the window opens.</summary>
    public required int SignupDay { get; init; }
    public bool PreExisting => SignupDay < 0;

    // Running state.
    public int Sessions { get; set; }
    public int FadeStartDay { get; set; } = -1;
    public int StopDay { get; set; } = int.MaxValue;
    public bool IsFading => FadeStartDay >= 0;
    /// <summary>When a last-straw event (a stalled ticket, a refund, a lapsed membership) makes the learner start to leave.</summary>
    public DateTime QuitsAt { get; private set; } = DateTime.MaxValue;
    public bool NewUserCouponUsed { get; set; }
    public int Coupons { get; set; }
    public int Purchases { get; set; }
    public DateTime LastRefundAt { get; set; } = DateTime.MinValue;
    public DateTime LastFailedRenewalAt { get; set; } = DateTime.MinValue;
    public Membership? Membership { get; set; }
    /// <summary>When the next renewal charge is attempted (first attempt at expiry, then one retry).</summary>
    public DateTime? RenewalDueAt { get; set; }
    public bool RenewalRetry { get; set; }
    public List<Progress> Library { get; } = [];
    /// <summary>Items bought (and not refunded).</summary>
    public HashSet<int> Owned { get; } = [];
    /// <summary>Items in <see cref="Library"/>: bought, or opened through a membership.</summary>
    public HashSet<int> Reading { get; } = [];
    public HashSet<int> Rated { get; } = [];
    public List<OpenTicket> Tickets { get; } = [];
    public List<PendingRefund> PendingRefunds { get; } = [];

    public void QuitAfter(DateTime at)
    {
        if (at < QuitsAt)
        {
            QuitsAt = at;
        }
    }

    public bool IsMemberAt(DateTime at) => Membership is { } m && m.CancelledAt is null && m.ExpiresAt > at;

    public bool Prefers(int topic) => PreferredTopics[0] == topic || (PreferredTopics.Length > 1 && PreferredTopics[1] == topic);

    /// <summary>Any ticket that has waited more than two days without being resolved at <paramref name="at"/>.</summary>
    public bool HasStaleTicket(DateTime at)
    {
        foreach (var t in Tickets)
        {
            if (t.Row.CreatedAt.AddDays(2) <= at && (t.ResolvedAt is null || t.ResolvedAt > at))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A course, column or book the learner works through.</summary>
    public sealed class Progress(DemoItem item, int percent)
    {
        public DemoItem Item { get; } = item;
        public int Percent { get; set; } = percent;
        public int Lesson { get; set; }
    }

    public sealed record OpenTicket(Ticket Row, DateTime? ResolvedAt);

    public sealed record PendingRefund(Order Order, DemoItem Item, DateTime DueAt, decimal Amount, string Reason);
}
