namespace OpsConsole.Analytics;

/// <summary>A figure for a period next to the same figure for the period of equal length just before it.</summary>
public sealed record KpiValue(decimal Value, decimal Previous)
{
    /// <summary>Relative change in percent; null when the previous period was zero and this one is not (no base to compare to).</summary>
    public decimal? ChangePercent => KpiMath.ChangePercent(Value, Previous);

    public int Direction => Value.CompareTo(Previous);
}

public static class KpiMath
{
    public static decimal? ChangePercent(decimal current, decimal previous)
    {
        if (previous == 0)
        {
            return current == 0 ? 0m : null;
        }
        return (current - previous) / Math.Abs(previous) * 100m;
    }

    /// <summary>part / whole, reading an empty whole as zero rather than failing.</summary>
    public static decimal Ratio(decimal part, decimal whole) => whole == 0 ? 0m : part / whole;
}

public sealed record OverviewKpis(
    KpiValue DailyActive,
    KpiValue WeeklyActive,
    KpiValue MonthlyActive,
    KpiValue Revenue,
    KpiValue NewLearners,
    // Paying learners / active learners over the range, as a fraction.
    KpiValue PayingConversion);

/// <summary>One day of the charts. <see cref="Live"/> marks today's unfinished day, computed from events on each request.</summary>
public sealed record DailyPoint(DateOnly Day, int ActiveLearners, decimal Revenue, int Events, int NewLearners, bool Live);

public sealed record LiveCounters(DateOnly Day, int Events, int ActiveLearners, DateTime AsOfUtc);

public sealed record OverviewReport(
    DayRange Range,
    DayRange PreviousRange,
    OverviewKpis Kpis,
    IReadOnlyList<DailyPoint> Daily,
    LiveCounters Today,
    DateTime? RollupsComputedAtUtc)
{
    public bool HasData => Today.Events > 0 || Daily.Any(d => d.Events > 0 || d.NewLearners > 0 || d.Revenue != 0);
}
