namespace OpsConsole.Recommendations;

/// <summary>
/// One training run of the recommender: a model version in the registry. The trained generators live in
/// <see cref="RecommenderArtifact"/> so listing versions never drags megabytes of matrices along.
/// </summary>
public sealed class RecommenderModel
{
    public const int AlgorithmMaxLength = 64;
    public const int StartedByMaxLength = 256;

    /// <summary>The version number shown everywhere (v1, v2, …).</summary>
    public int Id { get; set; }

    /// <summary>What ranks the final list: the best single generator on the holdout, or the re-ranker when it beats it.</summary>
    public string Algorithm { get; set; } = "";

    /// <summary>Training parameters as JSON (generator settings, weights, holdout days).</summary>
    public string Parameters { get; set; } = "{}";

    /// <summary>Offline metrics per generator on the holdout, as JSON (<c>RecommenderMetrics</c>).</summary>
    public string? Metrics { get; set; }

    public DateTime DataFrom { get; set; }
    public DateTime DataTo { get; set; }
    public int Learners { get; set; }
    public int Items { get; set; }
    public int Interactions { get; set; }

    public required string StartedBy { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public long DurationMs { get; set; }

    public RecommenderModelStatus Status { get; set; }
    public string? Error { get; set; }

    public DateTime? PromotedAt { get; set; }
    public string? PromotedBy { get; set; }
}

public enum RecommenderModelStatus
{
    Training = 0,
    /// <summary>Trained and evaluated; can be promoted.</summary>
    Ready = 1,
    /// <summary>The version serving requests. At most one at a time.</summary>
    Active = 2,
    /// <summary>Served once and replaced; can be rolled back to.</summary>
    Retired = 3,
    Failed = 4,
}

/// <summary>The serialised trained generators of one model version.</summary>
public sealed class RecommenderArtifact
{
    public int ModelId { get; set; }
    public required byte[] Content { get; set; }
}
