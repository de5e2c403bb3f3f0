namespace OpsConsole.Retention;

/// <summary>
/// A learner whose churn risk crossed the threshold that applies to them, and what the retention team did about it.
/// At most one alert per learner is not resolved at any time.
/// </summary>
public sealed class ChurnAlert
{
    public const int UserMaxLength = 256;
    public const int NoteMaxLength = 2000;

    public long Id { get; set; }
    public required string LearnerId { get; set; }
    public DateTime RaisedAt { get; set; }
    /// <summary>The risk when the alert was raised.</summary>
    public double Risk { get; set; }
    /// <summary>The threshold it crossed.</summary>
    public double Threshold { get; set; }
    /// <summary>The rule that set the threshold; null for the configured default.</summary>
    public int? RuleId { get; set; }
    public ValueTier ValueTier { get; set; }
    /// <summary>The segment of the rule that set the threshold, if it named one.</summary>
    public int? SegmentId { get; set; }
    /// <summary>The score's drivers when the alert was raised (JSON, as <see cref="ChurnScore.Drivers"/>).</summary>
    public string Drivers { get; set; } = "[]";
    public int? ModelVersionId { get; set; }

    public ChurnAlertStatus Status { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    /// <summary>The user name of the console user working the alert.</summary>
    public string? AssignedTo { get; set; }

    public RetentionAction? Action { get; set; }
    public string? ActionNote { get; set; }
    public DateTime? ActionAt { get; set; }
    public string? ActionBy { get; set; }

    public AlertOutcome Outcome { get; set; }
    public DateTime? OutcomeAt { get; set; }

    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum ChurnAlertStatus
{
    Open = 0,
    Acknowledged = 1,
    Actioned = 2,
    Resolved = 3,
}

/// <summary>What the retention team did to keep the learner.</summary>
public enum RetentionAction
{
    Offer = 0,
    Outreach = 1,
    MentorCall = 2,
    ExperimentArm = 3,
    RenewalReminder = 4,
}

/// <summary>Whether the learner stayed after the action, decided a configured number of days after it.</summary>
public enum AlertOutcome
{
    Pending = 0,
    Stayed = 1,
    Churned = 2,
}

/// <summary>How much a learner is worth to the platform, from their net spend (thresholds in <c>Retention:Alerts</c>).</summary>
public enum ValueTier
{
    Low = 0,
    Medium = 1,
    High = 2,
}
