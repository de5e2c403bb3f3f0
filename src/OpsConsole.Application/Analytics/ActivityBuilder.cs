namespace OpsConsole.Analytics;

/// <summary>A period a learner was active in, before it becomes a row; 16 bytes, so a full rebuild can hold every learner's.</summary>
public readonly record struct ActivePeriod(CalendarPeriod Period, DateOnly Start, long Types);

/// <summary>One learner's active days, weeks and months.</summary>
public sealed record LearnerPeriods(string LearnerId, ActivePeriod[] Periods)
{
    public IEnumerable<LearnerActivity> Rows() =>
        Periods.Select(p => new LearnerActivity { LearnerId = LearnerId, Period = p.Period, Start = p.Start, Types = p.Types });
}

/// <summary>Buckets a learner's events into the platform zone's days, weeks and months, keeping the types seen in each.</summary>
public static class ActivityBuilder
{
    private static readonly CalendarPeriod[] Periods = Enum.GetValues<CalendarPeriod>();

    /// <param name="events">The learner's whole history in time order.</param>
    public static LearnerPeriods Build(string learnerId, IReadOnlyList<TimelineEvent> events, PlatformTime time)
    {
        var periods = new List<ActivePeriod>();
        // The zone conversion is the costly part: once per event, not once per event and period kind.
        var days = new DateOnly[events.Count];
        for (var i = 0; i < days.Length; i++)
        {
            days[i] = time.DayOf(events[i].At);
        }
        foreach (var period in Periods)
        {
            DateOnly? start = null;
            long types = 0;
            for (var i = 0; i < days.Length; i++)
            {
                var s = period.StartOf(days[i]);
                if (s != start)
                {
                    if (start is { } done)
                    {
                        periods.Add(new ActivePeriod(period, done, types));
                    }
                    (start, types) = (s, 0);
                }
                types |= LearnerActivity.Bit(events[i].Type);
            }
            if (start is { } last)
            {
                periods.Add(new ActivePeriod(period, last, types));
            }
        }
        return new LearnerPeriods(learnerId, [.. periods]);
    }
}
