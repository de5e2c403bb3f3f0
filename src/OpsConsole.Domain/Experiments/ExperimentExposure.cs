namespace OpsConsole.Experiments;

/// <summary>
/// The first time a learner was assigned an arm of a running experiment. One row per learner and experiment, so
/// results count each learner once, in the arm they first saw.
/// </summary>
public sealed class ExperimentExposure
{
    public long Id { get; set; }
    public int ExperimentId { get; set; }
    public required string LearnerId { get; set; }
    public required string VariantKey { get; set; }
    public DateTime ExposedAt { get; set; }
}
