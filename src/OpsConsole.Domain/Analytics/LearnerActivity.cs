using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>
/// A day, week or month of the platform's zone in which a learner had events, with the set of event types they had in
/// it. Retention asks "did this learner do X in that period" once per learner and period; this answers it from one row
/// per active period instead of the events. Always rebuildable from events (for the zone it was built in).
/// </summary>
public sealed class LearnerActivity
{
    public required string LearnerId { get; set; }
    public CalendarPeriod Period { get; set; }

    /// <summary>The period's first day.</summary>
    public DateOnly Start { get; set; }

    /// <summary>Bit <c>1 &lt;&lt; (int)type</c> is set for each event type the learner had in the period.</summary>
    public long Types { get; set; }

    public static long Bit(EventType type) => 1L << (int)type;

    /// <summary>Every type but <paramref name="type"/>: "any other event".</summary>
    public static long AllBut(EventType type) => ~Bit(type);
}
