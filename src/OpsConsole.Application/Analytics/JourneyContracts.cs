using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

public enum PathDirection
{
    /// <summary>The events that follow each occurrence of the chosen event.</summary>
    After,
    /// <summary>The events that lead up to each occurrence of the chosen event.</summary>
    Before,
}

/// <summary>
/// Paths from (or to) an event. Only a learner's events in [<see cref="From"/>, <see cref="To"/>) (platform days,
/// <see cref="To"/> exclusive) take part; <see cref="SegmentId"/> keeps only that segment's members;
/// <see cref="Breakdown"/> adds the same report per value of a learner property.
/// </summary>
public sealed record PathsRequest(
    EventType Event,
    PathDirection Direction,
    int Steps,
    DateOnly From,
    DateOnly To,
    int? SegmentId = null,
    int MaxEdges = 50,
    LearnerBreakdown? Breakdown = null);

/// <summary>
/// One column entry of the flow: <see cref="Depth"/> 0 is the chosen event itself, depth d the d-th distinct step after
/// it (or before it). <see cref="Paths"/> counts the paths that have this type at this depth.
/// </summary>
public sealed record PathNode(int Depth, string Type, int Paths);

/// <summary>Paths that go from <see cref="From"/> at depth <see cref="Depth"/> − 1 to <see cref="To"/> at <see cref="Depth"/>.</summary>
public sealed record PathEdge(int Depth, string From, string To, int Paths);

/// <summary>
/// One whole path, nearest step first (for <see cref="PathDirection.Before"/> that is the step just before the event).
/// Empty when the session ended (or began) at the event itself. <see cref="Learners"/> is the number of distinct
/// learners who took exactly this path at least once.
/// </summary>
public sealed record PathSequence(IReadOnlyList<string> Steps, int Paths, int Learners);

/// <summary>
/// What a count counts: one path per occurrence of the chosen event, after cleaning. A learner's events are split into
/// sessions wherever two consecutive events are more than 30 minutes apart; inside a session, consecutive events of the
/// same type collapse into one step, which starts at the run's first event; each step of the chosen type that starts in
/// the range starts (or ends) one path, which runs through up to <see cref="Steps"/> further steps of the same session,
/// inside the range or not. Node and edge counts are therefore path counts
/// and conserve flow: a node's count is the sum of the edges entering it, and what leaves it is at most that, the rest
/// being paths that ended there. <see cref="Learners"/> is the number of distinct learners with at least one path.
/// Edges are the <see cref="PathsRequest.MaxEdges"/> largest; nodes are always complete.
/// <para>
/// <see cref="Groups"/> holds the same figures per value of <see cref="Breakdown"/> (empty without one), as for
/// retention: the <see cref="LearnerBreakdowns.TopValues"/> largest values by learners with a path, then
/// <see cref="LearnerBreakdowns.Other"/> and <see cref="LearnerBreakdowns.None"/>. A learner is in one group only, so
/// the groups' paths and learners add up to the totals.
/// </para>
/// </summary>
public sealed record PathsReport(
    string Event,
    string Direction,
    int Steps,
    int Paths,
    int Learners,
    IReadOnlyList<PathNode> Nodes,
    IReadOnlyList<PathEdge> Edges,
    bool EdgesTruncated,
    IReadOnlyList<PathSequence> TopSequences,
    string? Breakdown = null,
    IReadOnlyList<PathsGroup>? Groups = null);

/// <summary>The paths of the learners with one value of the breakdown, counted and cut as for the whole report.</summary>
public sealed record PathsGroup(
    string Value,
    int Paths,
    int Learners,
    IReadOnlyList<PathNode> Nodes,
    IReadOnlyList<PathEdge> Edges,
    bool EdgesTruncated,
    IReadOnlyList<PathSequence> TopSequences);

/// <summary>Lifecycle of active learners per period starting in [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record LifecycleRequest(CalendarPeriod Period, DateOnly From, DateOnly To, int? SegmentId = null, LearnerBreakdown? Breakdown = null);

/// <summary>
/// One period. A learner is active in a period with any event in it. <see cref="New"/>: the learner's first event ever
/// is in this period. <see cref="Returning"/>: active in this period and the previous one. <see cref="Resurrecting"/>:
/// active in this period, not in the previous one, but in some earlier one. <see cref="Dormant"/>: active in the previous
/// period but not in this one, given as a negative number so that a stacked chart draws it below the axis.
/// <see cref="Complete"/> is false while the period is still running (its dormant count can still shrink).
/// </summary>
public sealed record LifecyclePeriod(DateOnly Start, int New, int Returning, int Resurrecting, int Dormant, bool Complete)
{
    public int Active => New + Returning + Resurrecting;
}

/// <summary>
/// <see cref="Groups"/>: the same periods per value of <see cref="Breakdown"/> (empty without one), ranked as for
/// retention by the learners active in the report's periods or the one before them. A learner counts in one group only,
/// so the groups add up to <see cref="Periods"/>.
/// </summary>
public sealed record LifecycleReport(string Period, IReadOnlyList<LifecyclePeriod> Periods, string? Breakdown = null, IReadOnlyList<LifecycleGroup>? Groups = null);

public sealed record LifecycleGroup(string Value, IReadOnlyList<LifecyclePeriod> Periods);

/// <summary>Stickiness over the whole weeks or months that start in [<see cref="From"/>, <see cref="To"/>) and have ended.</summary>
public sealed record StickinessRequest(CalendarPeriod Period, DateOnly From, DateOnly To, int? SegmentId = null, LearnerBreakdown? Breakdown = null);

/// <summary>
/// <see cref="Learners"/>[d − 1] is the number of (learner, period) pairs in which the learner was active on exactly d
/// platform days of that period, summed over <see cref="Periods"/> finished periods: a learner active in three weeks
/// counts three times, once in each week's bucket. <see cref="Groups"/>: the same histogram per value of
/// <see cref="Breakdown"/> (empty without one), ranked as for retention by the learners active in those periods.
/// </summary>
public sealed record StickinessReport(string Period, int Periods, IReadOnlyList<int> Learners, string? Breakdown = null, IReadOnlyList<StickinessGroup>? Groups = null);

public sealed record StickinessGroup(string Value, IReadOnlyList<int> Learners);

/// <summary>
/// Which early behaviour goes with retention. The cohort is every learner whose first <see cref="CohortEvent"/> ever
/// happened in [<see cref="From"/>, <see cref="To"/>) (platform days).
/// </summary>
public sealed record CompassRequest(EventType CohortEvent, DateOnly From, DateOnly To, int? SegmentId = null, LearnerBreakdown? Breakdown = null);

/// <summary>
/// One event type. <see cref="Did"/>: cohort learners with at least one event of this type in their first 7 days
/// (the event that put them in the cohort does not count); <see cref="DidNot"/>: the others. Each rate is the share
/// retained in its group. <see cref="PValue"/> is the two-sided p-value of a two-proportion z-test (null when a group is
/// empty); <see cref="Significant"/> means p &lt; 0.05.
/// </summary>
public sealed record CompassRow(
    string Type,
    int Did,
    int DidRetained,
    int DidNot,
    int DidNotRetained,
    double? DidRate,
    double? DidNotRate,
    double? Difference,
    double? PValue,
    bool Significant);

/// <summary>
/// Times are measured from the learner's first cohort event t0 in exact 24-hour days: day n is [t0 + (n−1)·24h,
/// t0 + n·24h). The first 7 days are [t0, t0 + 7·24h); retained means any event at all in days 22–28, that is in
/// [t0 + 21·24h, t0 + 28·24h). Only learners whose day 28 has ended are measured (<see cref="Measured"/>); the rest are
/// <see cref="Maturing"/>. Rows are ranked by <see cref="CompassRow.Difference"/>, largest first, unknown last.
/// <see cref="Groups"/>: the same comparison within each value of <see cref="Breakdown"/> (empty without one), ranked as
/// for retention by the learners in the cohort, measured or maturing.
/// </summary>
public sealed record CompassReport(
    string CohortEvent,
    int Measured,
    int Retained,
    int Maturing,
    double? RetentionRate,
    IReadOnlyList<CompassRow> Rows,
    string? Breakdown = null,
    IReadOnlyList<CompassGroup>? Groups = null);

/// <summary>The cohort learners with one value of the breakdown: each row compares them with each other only.</summary>
public sealed record CompassGroup(string Value, int Measured, int Retained, int Maturing, double? RetentionRate, IReadOnlyList<CompassRow> Rows);

/// <summary>A request the database showed to be wrong (such as an unknown segment), reported against its parameter.</summary>
public sealed class AnalyticsParameterException(string parameter, string message) : Exception(message)
{
    public string Parameter => parameter;
}
