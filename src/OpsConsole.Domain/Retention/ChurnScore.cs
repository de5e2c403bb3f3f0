namespace OpsConsole.Retention;

/// <summary>
/// A learner's current churn risk: one row per learner, replaced by each scoring run. The risk it replaced is kept
/// in <see cref="PreviousRisk"/> so an alert fires when the risk crosses a threshold, not every time it stays above one.
/// </summary>
public sealed class ChurnScore
{
    public const int DriversMaxLength = 8000;

    public required string LearnerId { get; set; }
    /// <summary>Probability of churning, 0 to 1.</summary>
    public double Risk { get; set; }
    public double? PreviousRisk { get; set; }
    /// <summary>What pushed the risk up or down, strongest first: a JSON list of { feature, sentence, contribution }.</summary>
    public string Drivers { get; set; } = "[]";
    public int? ModelVersionId { get; set; }
    public DateTime ScoredAt { get; set; }
}

/// <summary>A learner's risk on one platform day (the last score of that day), for charting the risk over time.</summary>
public sealed class ChurnScorePoint
{
    public required string LearnerId { get; set; }
    public DateOnly Day { get; set; }
    public double Risk { get; set; }
    public int? ModelVersionId { get; set; }
    public DateTime ScoredAt { get; set; }
}
