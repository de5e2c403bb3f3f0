namespace OpsConsole.Segments;

public enum SegmentKind
{
    /// <summary>Conditions re-evaluated on a schedule and on save; members follow the data.</summary>
    Dynamic = 0,
    /// <summary>A frozen list of learners (from a definition at one moment, or an uploaded CSV).</summary>
    Static = 1,
}

/// <summary>
/// A named set of learners. Members are stored for both kinds, as analytics tools store cohorts, so every
/// report can filter by a segment with one join; a dynamic segment's members are refreshed by re-evaluating it.
/// </summary>
public sealed class Segment
{
    public const int NameMaxLength = 80;

    public int Id { get; set; }
    public required string Name { get; set; }
    public SegmentKind Kind { get; set; }
    /// <summary>The rule as JSON (see <c>SegmentRule</c>); null for a list uploaded as CSV.</summary>
    public string? Definition { get; set; }
    public int Members { get; set; }
    public DateTime? EvaluatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class SegmentMember
{
    public int SegmentId { get; set; }
    public required string LearnerId { get; set; }
}
