namespace OpsConsole.Retention;

/// <summary>
/// The churn risk at which a learner raises an alert, for learners of a segment, of a value tier, or both. The most
/// specific matching rule wins (segment and tier, then segment, then tier); among equals the lowest
/// <see cref="Order"/>. Learners no rule matches use the configured default.
/// </summary>
public sealed class AlertThresholdRule
{
    public int Id { get; set; }
    public int? SegmentId { get; set; }
    public ValueTier? Tier { get; set; }
    /// <summary>0 to 1: an alert is raised when the risk reaches it.</summary>
    public double Threshold { get; set; }
    public int Order { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}
