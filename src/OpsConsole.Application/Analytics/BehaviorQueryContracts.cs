using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>
/// Cohort retention. A learner's cohort is the period of their first <see cref="CohortEvent"/> ever; cohorts are the
/// periods that start in [<see cref="From"/>, <see cref="To"/>). A null <see cref="ReturnEvent"/> means any other type.
/// <see cref="Unbounded"/> counts a return in period k or any later one ("on or after").
/// </summary>
public sealed record RetentionRequest(
    EventType CohortEvent,
    EventType? ReturnEvent,
    CalendarPeriod Period,
    int Periods,
    DateOnly From,
    DateOnly To,
    bool Unbounded = false,
    int? SegmentId = null,
    LearnerBreakdown? Breakdown = null);

/// <summary>
/// One cohort row. <see cref="Retained"/>[0] is the cohort's size and [k] the learners who returned in the k-th period
/// after it; only finished periods are listed. <see cref="Complete"/> is false while the cohort's own period runs.
/// </summary>
public sealed record RetentionCohort(DateOnly Start, int Size, IReadOnlyList<int> Retained, bool Complete);

/// <summary>
/// <see cref="Groups"/> holds the same cohorts per value of <see cref="Breakdown"/> (empty without one): the
/// <see cref="LearnerBreakdowns.TopValues"/> largest values by learners in the cohorts, then <see cref="LearnerBreakdowns.Other"/>
/// and <see cref="LearnerBreakdowns.None"/>. The groups partition the learners, so their counts add up to the total.
/// </summary>
public sealed record RetentionReport(string Period, IReadOnlyList<RetentionCohort> Cohorts, string? Breakdown = null, IReadOnlyList<RetentionGroup>? Groups = null);

public sealed record RetentionGroup(string Value, IReadOnlyList<RetentionCohort> Cohorts);

/// <summary>
/// An ordered funnel. A learner enters with a first-step event in [<see cref="From"/>, <see cref="To"/>) (platform days,
/// <see cref="To"/> exclusive) and reaches a step when the steps so far happened in order within the window of that entry.
/// </summary>
public sealed record FunnelRequest(IReadOnlyList<EventType> Steps, int WindowHours, DateOnly From, DateOnly To,
    int? SegmentId = null, LearnerBreakdown? Breakdown = null);

/// <summary>
/// <see cref="MedianSecondsFromPrevious"/> is the median time from the previous step over the learners who reached this
/// one (null on the first step or when nobody reached it).
/// </summary>
public sealed record FunnelStep(string Type, int Learners, double? MedianSecondsFromPrevious, double? ConversionFromPrevious, double? ConversionFromStart);

/// <summary><see cref="Groups"/>: the same steps per value of <see cref="Breakdown"/>, as for retention (by learners who entered).</summary>
public sealed record FunnelReport(IReadOnlyList<FunnelStep> Steps, int WindowHours, string? Breakdown = null, IReadOnlyList<FunnelGroup>? Groups = null);

public sealed record FunnelGroup(string Value, IReadOnlyList<FunnelStep> Steps);

/// <summary>The learners whose best entry reached step <c>Step</c> (1-based) but not the next one, one page of them ordered by id.</summary>
public sealed record FunnelDropouts(int Step, int Total, IReadOnlyList<string> LearnerIds);

/// <summary>Thrown by the queries on a database provider whose SQL dialect they do not speak yet.</summary>
public sealed class AnalyticsNotSupportedException(string message) : NotSupportedException(message);
