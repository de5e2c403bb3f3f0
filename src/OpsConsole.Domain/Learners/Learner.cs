namespace OpsConsole.Learners;

/// <summary>A learner of the platform, keyed by the platform's own id. Holds no PII: see <see cref="LearnerPii"/>.</summary>
public sealed class Learner
{
    public const int IdMaxLength = 64;

    public required string Id { get; set; }
    public DateTime SignupAt { get; set; }
    public string? Channel { get; set; }
    public string? Region { get; set; }
    public string? Device { get; set; }
    public string? Locale { get; set; }
    public MembershipTier Tier { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public LearnerPii? Pii { get; set; }
}

public enum MembershipTier
{
    None = 0,
    Monthly = 1,
    Annual = 2,
}
