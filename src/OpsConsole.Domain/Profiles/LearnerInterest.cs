namespace OpsConsole.Profiles;

/// <summary>
/// A learner's interest in one topic tag: the tag's share (0–1) of the learner's time-decayed attention, so
/// "at least 0.3 in kubernetes" means the same thing for a heavy and a light learner.
/// </summary>
public sealed class LearnerInterest
{
    public const int TagMaxLength = 48;

    public required string LearnerId { get; set; }
    public required string Tag { get; set; }
    public double Weight { get; set; }
}
