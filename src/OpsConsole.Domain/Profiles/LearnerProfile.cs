using OpsConsole.Commerce;

namespace OpsConsole.Profiles;

/// <summary>
/// What the console knows about one learner, derived from events only, as of <see cref="ComputedAt"/>.
/// Rebuilding from events gives the same row, so it is never edited by hand.
/// </summary>
public sealed class LearnerProfile
{
    public required string LearnerId { get; set; }
    public DateTime ComputedAt { get; set; }

    public DateTime? FirstSeenAt { get; set; }
    public DateTime? LastActiveAt { get; set; }
    public int Events { get; set; }

    // Consumption. Amounts are in the platform currency.
    public int Orders { get; set; }
    public decimal OrderSpend { get; set; }
    public decimal MembershipSpend { get; set; }
    public int Refunds { get; set; }
    public decimal RefundAmount { get; set; }
    /// <summary>Orders and membership payments less refunds: the "M" of RFM.</summary>
    public decimal NetSpend { get; set; }
    public decimal AverageOrderValue { get; set; }
    public DateTime? LastPurchaseAt { get; set; }
    /// <summary>Orders plus membership payments: the "F" of RFM.</summary>
    public int Payments { get; set; }
    /// <summary>The last order or membership payment: the "R" of RFM.</summary>
    public DateTime? LastPaymentAt { get; set; }
    public MembershipState Membership { get; set; }
    public MembershipPlan? MembershipPlan { get; set; }
    public DateTime? MembershipRenewsAt { get; set; }

    // Engagement.
    public int ActiveDays7 { get; set; }
    public int ActiveDays30 { get; set; }
    public int ActiveDays90 { get; set; }
    public int CurrentStreak { get; set; }
    /// <summary>Courses (or columns) with any lesson progress.</summary>
    public int CoursesStarted { get; set; }
    /// <summary>Started courses whose progress reached 100%.</summary>
    public int CoursesCompleted { get; set; }
    /// <summary>Share of the lessons of started courses that the learner has completed (mean course progress, 0–1).</summary>
    public double LessonCompletionRate { get; set; }
    /// <summary>Platform-local hour (0–23) with most activity; null before any activity.</summary>
    public int? PreferredHour { get; set; }
    public string? PreferredDevice { get; set; }

    /// <summary>Comma-separated, strongest first: the tags shown on lists. Weights are in <see cref="LearnerInterest"/>.</summary>
    public string TopInterests { get; set; } = "";

    // RFM: scores 1–5 among paying learners, 0 for learners who never paid.
    public int RecencyScore { get; set; }
    public int FrequencyScore { get; set; }
    public int MonetaryScore { get; set; }
    public RfmSegment RfmSegment { get; set; }

    public LifecycleStage Lifecycle { get; set; }
    public int? PersonaId { get; set; }
}

public enum MembershipState
{
    None = 0,
    Active = 1,
    /// <summary>Cancelled but paid up: still a member until it expires, with no renewal coming.</summary>
    Cancelling = 2,
    Expired = 3,
}
