using OpsConsole.Analytics;

namespace OpsConsole.Support.Reports;

/// <summary>Which tickets a support report reads. Every filter left null takes all; each set one must match exactly.</summary>
public sealed record SupportReportFilter(string? Channel = null, string? Language = null, string? Intent = null, TicketPriority? Priority = null)
{
    public static readonly SupportReportFilter None = new();

    public bool IsEmpty => Channel is null && Language is null && Intent is null && Priority is null;
}

/// <summary>A support report over platform days <see cref="Range"/> (both included), cut into <see cref="Bucket"/> periods.</summary>
public sealed record SupportReportRequest(DayRange Range, CalendarPeriod Bucket = CalendarPeriod.Day, SupportReportFilter? Filter = null)
{
    public SupportReportFilter Filters => Filter ?? SupportReportFilter.None;
}

/// <summary>
/// Median and 90th percentile of a set of durations in minutes, in calendar time (wall clock) and in the desk's business
/// time. Null when <see cref="Count"/> is zero.
/// </summary>
public sealed record DurationFigures(int Count, double? MedianMinutes, double? P90Minutes, double? BusinessMedianMinutes, double? BusinessP90Minutes)
{
    public static readonly DurationFigures Empty = new(0, null, null, null, null);
}

/// <summary>Targets decided met or missed; the hit rate is met over both, null when none was decided.</summary>
public sealed record SlaFigures(int Met, int Missed)
{
    public static readonly SlaFigures Empty = new(0, 0);

    public int Decided => Met + Missed;

    public double? HitRate => Decided == 0 ? null : (double)Met / Decided;
}

/// <summary>Tickets created, how many got an automated knowledge-base reply, and how many of those were resolved with no agent reply.</summary>
public sealed record AutomationFigures(int Created, int AutoReplied, int AutoResolved)
{
    public static readonly AutomationFigures Empty = new(0, 0, 0);

    /// <summary>Automatically resolved tickets over every ticket created; null when none was created.</summary>
    public double? Rate => Created == 0 ? null : (double)AutoResolved / Created;
}

/// <summary>
/// CSAT ratings given in a period: how many, their plain mean (1–5), the satisfaction index (0–100, each rating
/// weighted by the learner's value) and the index's change in points against the period before.
/// </summary>
public sealed record SatisfactionFigures(int Ratings, double? AverageRating, double? Index, double? PreviousIndex)
{
    public static readonly SatisfactionFigures Empty = new(0, null, null, null);

    public double? Change => Index is { } now && PreviousIndex is { } before ? now - before : null;
}

/// <summary>
/// One period of the report. <see cref="Start"/> names it (a day, or the Monday of a week); <see cref="From"/> and
/// <see cref="To"/> are the days of it inside the range, both included. <see cref="IntentCounts"/> follows
/// <see cref="SupportReport.Intents"/>.
/// </summary>
public sealed record SupportPeriod(
    DateOnly Start,
    DateOnly From,
    DateOnly To,
    bool Complete,
    DurationFigures FirstResponse,
    DurationFigures Resolution,
    SlaFigures FirstResponseSla,
    SlaFigures ResolutionSla,
    AutomationFigures Automation,
    SatisfactionFigures Satisfaction,
    IReadOnlyList<int> IntentCounts);

/// <summary>The range as a whole; the satisfaction index is compared with the range of equal length before it.</summary>
public sealed record SupportTotals(
    DurationFigures FirstResponse,
    DurationFigures Resolution,
    SlaFigures FirstResponseSla,
    SlaFigures ResolutionSla,
    AutomationFigures Automation,
    SatisfactionFigures Satisfaction);

/// <summary>First-response and resolution hit rates of one priority over the whole range.</summary>
public sealed record PrioritySla(TicketPriority Priority, SlaFigures FirstResponse, SlaFigures Resolution);

/// <summary>Open tickets of one status by age now, in the order of <see cref="BacklogAges.All"/>.</summary>
public sealed record BacklogRow(TicketStatus Status, IReadOnlyList<int> Counts)
{
    public int Total => Counts.Sum();
}

/// <summary>The age buckets of the backlog: under 4 hours, 4–24 hours, 1–3 days, 3–7 days, over 7 days.</summary>
public static class BacklogAges
{
    /// <summary>Wire names, also the CSV columns.</summary>
    public static readonly IReadOnlyList<string> All = ["lt_4h", "4h_24h", "1d_3d", "3d_7d", "gt_7d"];

    private static readonly TimeSpan[] UpperBounds = [TimeSpan.FromHours(4), TimeSpan.FromHours(24), TimeSpan.FromDays(3), TimeSpan.FromDays(7)];

    /// <summary>The bucket of an age: each bucket holds its lower bound, so a ticket exactly 4 hours old is in 4–24 hours.</summary>
    public static int IndexOf(TimeSpan age)
    {
        for (var i = 0; i < UpperBounds.Length; i++)
        {
            if (age < UpperBounds[i])
            {
                return i;
            }
        }
        return UpperBounds.Length;
    }
}

/// <summary>The open tickets now, whatever the report's range, by status and age.</summary>
public sealed record BacklogFigures(DateTime AsOfUtc, IReadOnlyList<BacklogRow> Rows)
{
    public int Total => Rows.Sum(r => r.Total);
}

/// <summary>
/// One agent: open tickets held now against their capacity; over the range, tickets solved, first responses and their
/// median (calendar minutes), and the CSAT ratings of their tickets.
/// </summary>
public sealed record AgentFigures(
    string AgentId,
    string Name,
    bool Listed,
    bool Active,
    AgentStatus? Status,
    int Capacity,
    int OpenLoad,
    int Solved,
    int FirstResponses,
    double? MedianFirstResponseMinutes,
    int CsatCount,
    double? CsatAverage)
{
    /// <summary>Open load over capacity; null for an agent with no capacity on record.</summary>
    public double? Utilisation => Capacity > 0 ? (double)OpenLoad / Capacity : null;
}

/// <summary>Everything the support reports page shows for one request.</summary>
public sealed record SupportReport(
    SupportReportRequest Request,
    DateTime GeneratedAtUtc,
    int TicketsCreated,
    IReadOnlyList<string> Intents,
    IReadOnlyList<SupportPeriod> Periods,
    SupportTotals Totals,
    IReadOnlyList<PrioritySla> SlaByPriority,
    BacklogFigures Backlog,
    IReadOnlyList<AgentFigures> Agents)
{
    /// <summary>The intent of tickets not read yet.</summary>
    public const string Unclassified = "(none)";

    /// <summary>Whether anything at all happened in the range or waits now: otherwise the page shows its empty state.</summary>
    public bool HasData => TicketsCreated > 0 || Totals.FirstResponse.Count > 0 || Totals.Resolution.Count > 0
        || Totals.FirstResponseSla.Decided > 0 || Totals.ResolutionSla.Decided > 0 || Totals.Satisfaction.Ratings > 0 || Backlog.Total > 0;
}

/// <summary>The satisfaction index over a range and over the range of equal length before it, for the overview card.</summary>
public sealed record SatisfactionSummary(DayRange Range, SatisfactionFigures Figures);

/// <summary>The values the page's filters offer: what the desk's tickets carry.</summary>
public sealed record SupportFacets(IReadOnlyList<string> Channels, IReadOnlyList<string> Languages, IReadOnlyList<string> Intents)
{
    public static readonly SupportFacets None = new([], [], []);
}
