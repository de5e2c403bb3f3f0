using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>
/// One cleaned step of a learner's history, as paths read it: the learner's events in (time, Seq) order are split into
/// sessions at gaps of more than 30 minutes, and inside a session a run of one type is one step, at its first event.
/// Each row carries the types of the up to <see cref="Depth"/> steps after and before it in the same session, so a
/// paths question reads one row per path instead of walking every event. Always rebuildable from events.
/// </summary>
public sealed class PathStep
{
    /// <summary>How many steps after and before a step are kept: the deepest path a question may ask for.</summary>
    public const int Depth = 5;

    public required string LearnerId { get; set; }

    /// <summary>The Seq of the run's first event: unique, and it orders steps with equal times.</summary>
    public long Seq { get; set; }

    /// <summary>When the run's first event occurred.</summary>
    public DateTime At { get; set; }

    public EventType Type { get; set; }

    public EventType? Next1 { get; set; }
    public EventType? Next2 { get; set; }
    public EventType? Next3 { get; set; }
    public EventType? Next4 { get; set; }
    public EventType? Next5 { get; set; }
    public EventType? Prev1 { get; set; }
    public EventType? Prev2 { get; set; }
    public EventType? Prev3 { get; set; }
    public EventType? Prev4 { get; set; }
    public EventType? Prev5 { get; set; }
}
