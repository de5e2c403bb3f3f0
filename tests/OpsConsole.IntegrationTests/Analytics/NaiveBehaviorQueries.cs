using OpsConsole.Analytics;
using OpsConsole.Ingestion;

namespace OpsConsole.IntegrationTests.Analytics;

/// <summary>
/// The retention and funnel definitions written the obvious way over events in memory: every event is bucketed by its
/// platform day, every entry is walked. Slow, but easy to check by reading; the SQL versions must agree with it.
/// </summary>
internal static class NaiveBehaviorQueries
{
    public static RetentionReport Retention(IReadOnlyList<BehaviorEvent> events, RetentionRequest r, PlatformTime time)
    {
        DateOnly PeriodOf(DateTime utc) => r.Period.StartOf(time.DayOf(utc));
        int Index(DateOnly start) => r.Period switch
        {
            CalendarPeriod.Day => start.DayNumber,
            CalendarPeriod.Week => start.DayNumber / 7,
            _ => start.Year * 12 + start.Month,
        };
        bool Finished(DateOnly start) => time.StartOfDayUtc(r.Period.Next(start)) <= time.UtcNow;

        var byLearner = events.GroupBy(e => e.LearnerId).ToList();
        var cohorts = new List<RetentionCohort>();
        foreach (var start in r.Period.StartsIn(r.From, r.To).TakeWhile(s => time.StartOfDayUtc(s) <= time.UtcNow))
        {
            var members = byLearner
                .Where(g => g.Any(e => e.Type == r.CohortEvent) && PeriodOf(g.Where(e => e.Type == r.CohortEvent).Min(e => e.OccurredAt)) == start)
                .ToList();
            var retained = new List<int> { members.Count };
            var period = start;
            for (var k = 1; k <= r.Periods; k++)
            {
                period = r.Period.Next(period);
                if (!Finished(period))
                {
                    break;
                }
                var target = Index(period);
                retained.Add(members.Count(g => g.Any(e =>
                    (r.ReturnEvent is { } t ? e.Type == t : e.Type != r.CohortEvent)
                    && (r.Unbounded ? Index(PeriodOf(e.OccurredAt)) >= target : Index(PeriodOf(e.OccurredAt)) == target))));
            }
            cohorts.Add(new RetentionCohort(start, members.Count, retained, Finished(start)));
        }
        return new RetentionReport(r.Period.ToWireName(), cohorts);
    }

    public static FunnelReport Funnel(IReadOnlyList<BehaviorEvent> events, FunnelRequest r, PlatformTime time)
    {
        var (from, to) = time.ToUtc(new DayRange(r.From, r.To));
        var window = TimeSpan.FromHours(r.WindowHours);
        var n = r.Steps.Count;
        var best = new List<DateTime[]>();
        foreach (var learner in events.GroupBy(e => e.LearnerId))
        {
            var mine = learner.OrderBy(e => e.OccurredAt).ToList();
            DateTime[]? chosen = null;
            foreach (var entry in mine.Where(e => e.Type == r.Steps[0] && e.OccurredAt >= from && e.OccurredAt < to))
            {
                var times = new List<DateTime> { entry.OccurredAt };
                for (var k = 1; k < n; k++)
                {
                    var next = mine.FirstOrDefault(e => e.Type == r.Steps[k] && e.OccurredAt >= times[^1] && e.OccurredAt - entry.OccurredAt <= window);
                    if (next is null)
                    {
                        break;
                    }
                    times.Add(next.OccurredAt);
                }
                // Deepest first, then the latest entry.
                if (chosen is null || times.Count > chosen.Length || (times.Count == chosen.Length && times[0] >= chosen[0]))
                {
                    chosen = [.. times];
                }
            }
            if (chosen is not null)
            {
                best.Add(chosen);
            }
        }
        var steps = new List<FunnelStep>();
        for (var k = 0; k < n; k++)
        {
            var reached = best.Where(b => b.Length > k).ToList();
            double? median = k == 0 ? null : Median(reached.Select(b => (b[k] - b[k - 1]).TotalSeconds).ToList());
            steps.Add(new FunnelStep(r.Steps[k].ToWireName(), reached.Count, median, null, null));
        }
        return new FunnelReport(steps, r.WindowHours);
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
