namespace OpsConsole.Learners;

/// <summary>
/// Personal data kept apart from behaviour so it can be masked by role and erased on request
/// without touching events or derived data.
/// </summary>
public sealed class LearnerPii
{
    public required string LearnerId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public DateTime? ErasedAt { get; set; }
}
