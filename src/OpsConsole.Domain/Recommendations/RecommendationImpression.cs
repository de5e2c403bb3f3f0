namespace OpsConsole.Recommendations;

/// <summary>One item shown in one served recommendation list, at its position, by the model version that ranked it.</summary>
public sealed class RecommendationImpression
{
    public const int RecommendationIdMaxLength = 32;
    public const int ContextMaxLength = 80;

    public long Id { get; set; }
    public required string RecommendationId { get; set; }
    public required string LearnerId { get; set; }
    public required string ItemId { get; set; }
    /// <summary>1-based, as learners see it.</summary>
    public int Position { get; set; }
    public float Score { get; set; }
    public int ModelId { get; set; }
    public string Context { get; set; } = "home";
    public bool ColdStart { get; set; }
    public DateTime ServedAt { get; set; }
}

/// <summary>A click or purchase on a recommended item, from the feedback API or a <c>recommendation_click</c> event.</summary>
public sealed class RecommendationFeedback
{
    public long Id { get; set; }
    public required string RecommendationId { get; set; }
    public required string ItemId { get; set; }
    public FeedbackKind Kind { get; set; }
    public DateTime OccurredAt { get; set; }
    public decimal? Amount { get; set; }
    /// <summary>Copied from the impression so online metrics never need to join back.</summary>
    public int ModelId { get; set; }
    public int Position { get; set; }
}

public enum FeedbackKind
{
    Click = 1,
    Purchase = 2,
}
