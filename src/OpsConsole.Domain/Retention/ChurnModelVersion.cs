namespace OpsConsole.Retention;

/// <summary>One trained churn model: a version in the registry with its evaluation and its bytes.</summary>
public sealed class ChurnModelVersion
{
    public const int TrainerMaxLength = 32;

    public int Id { get; set; }
    public required string StartedBy { get; set; }
    public DateTime StartedAt { get; set; }
    public long DurationMs { get; set; }
    /// <summary>The learning algorithm, e.g. "LightGbm" or "FastTree".</summary>
    public string Trainer { get; set; } = "";
    public int TrainingExamples { get; set; }
    public int TestExamples { get; set; }
    /// <summary>Share of the test examples that churned: the base rate the model is measured against.</summary>
    public double PositiveRate { get; set; }
    public double Auc { get; set; }
    public double PrAuc { get; set; }
    public double LogLoss { get; set; }
    /// <summary>ROC and precision–recall curves, calibration, lift and feature importance, as JSON.</summary>
    public string Evaluation { get; set; } = "{}";
    public ChurnModelStatus Status { get; set; }
    public DateTime? PromotedAt { get; set; }
    public string? PromotedBy { get; set; }
    public string? Error { get; set; }
    public byte[]? Content { get; set; }
}

public enum ChurnModelStatus
{
    Training = 0,
    Ready = 1,
    Active = 2,
    Retired = 3,
    Failed = 4,
}
