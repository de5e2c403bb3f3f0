namespace OpsConsole.Profiles;

/// <summary>
/// A cluster of learners found by k-means over profile features, described by the features that set it apart.
/// <see cref="Centroid"/> and the scaling let new profiles be placed without retraining.
/// </summary>
public sealed class Persona
{
    public int Id { get; set; }
    public required string Label { get; set; }
    /// <summary>The strongest features, e.g. "net spend +1.8σ · active days (30) +1.2σ".</summary>
    public required string Description { get; set; }
    public int Size { get; set; }
    /// <summary>JSON array of the centroid in standardised feature space.</summary>
    public required string Centroid { get; set; }
    /// <summary>JSON of the feature names, means and standard deviations used to standardise.</summary>
    public required string Scaling { get; set; }
    public DateTime TrainedAt { get; set; }
}
