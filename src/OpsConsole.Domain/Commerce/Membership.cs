namespace OpsConsole.Commerce;

public sealed class Membership
{
    public long Id { get; set; }
    public required string LearnerId { get; set; }
    public MembershipPlan Plan { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public int Renewals { get; set; }
    public int FailedRenewals { get; set; }
    public DateTime? CancelledAt { get; set; }

    public MembershipStatus StatusAt(DateTime utcNow) =>
        CancelledAt is not null && CancelledAt <= utcNow ? MembershipStatus.Cancelled
        : ExpiresAt <= utcNow ? MembershipStatus.Expired
        : MembershipStatus.Active;
}

public enum MembershipPlan
{
    Monthly = 1,
    Annual = 2,
}

public enum MembershipStatus
{
    Active,
    Cancelled,
    Expired,
}
