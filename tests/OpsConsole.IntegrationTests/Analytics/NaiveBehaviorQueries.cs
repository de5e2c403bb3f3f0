using OpsConsole.Analytics;
using OpsConsole.Ingestion;

namespace OpsConsole.IntegrationTests.Analytics;

/// <summary>
/// The retention and funnel definitions written the obvious way over events in memory: every event is bucketed by its
/// platform day, every entry is walked. Slow, but easy to check by reading; the SQL versions must agree with it.
/// </summary>
internal static class NaiveBehaviorQueries
{
    /// <summary>
    /// <paramref name="members"/>: the segment's learners when the request names one; <paramref name="property"/>: each
    /// learner's value of the request's breakdown (null or blank when missing).
    /// </summary>
    public static RetentionReport Retention(IReadOnlyList<BehaviorEvent> events, RetentionRequest r, PlatformTime time,
        IReadOnlySet<string>? members = null, Func<string, string?>? property = null)
    {
        if (r.SegmentId is not null)
        {
            events = [.. events.Where(e => members!.Contains(e.LearnerId))];
        }
        var total = RetentionCohorts(events, r, time);
        if (r.Breakdown is null)
        {
            return new RetentionReport(r.Period.ToWireName(), [.. total.Select(c => c.Cohort)], null, []);
        }
        var inCohorts = total.SelectMany(c => c.Learners).ToList();
        var label = Labels(inCohorts, property!);
        var groups = inCohorts.Select(label).Distinct()
            .Select(g => new RetentionGroup(g, RetentionCohorts([.. events.Where(e => label(e.LearnerId) == g)], r, time).Select(c => c.Cohort).ToList()))
            .OrderBy(g => LearnerBreakdowns.SortRank(g.Value)).ThenByDescending(g => g.Cohorts.Sum(c => c.Size)).ThenBy(g => g.Value, StringComparer.Ordinal)
            .ToList();
        return new RetentionReport(r.Period.ToWireName(), [.. total.Select(c => c.Cohort)], r.Breakdown.Value.ToWireName(), groups);
    }

    /// <summary>The group of each learner: the top values by learners among <paramref name="population"/>, the rest merged.</summary>
    public static Func<string, string> Labels(IReadOnlyList<string> population, Func<string, string?> property)
    {
        string? Raw(string learner) => string.IsNullOrEmpty(property(learner)) ? null : property(learner);
        var top = population.Distinct().Select(Raw).Where(v => v is not null).GroupBy(v => v!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(LearnerBreakdowns.TopValues).Select(g => g.Key).ToHashSet();
        return learner => Raw(learner) is { } v ? (top.Contains(v) ? v : LearnerBreakdowns.Other) : LearnerBreakdowns.None;
    }

    private static List<(RetentionCohort Cohort, List<string> Learners)> RetentionCohorts(IReadOnlyList<BehaviorEvent> events, RetentionRequest r, PlatformTime time)
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
        var cohorts = new List<(RetentionCohort, List<string>)>();
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
            cohorts.Add((new RetentionCohort(start, members.Count, retained, Finished(start)), members.Select(g => g.Key).ToList()));
        }
        return cohorts;
    }

    public static FunnelReport Funnel(IReadOnlyList<BehaviorEvent> events, FunnelRequest r, PlatformTime time,
        IReadOnlySet<string>? members = null, Func<string, string?>? property = null)
    {
        if (r.SegmentId is not null)
        {
            events = [.. events.Where(e => members!.Contains(e.LearnerId))];
        }
        var best = BestEntries(events, r, time);
        var total = FunnelSteps(best.Values.ToList(), r);
        if (r.Breakdown is null)
        {
            return new FunnelReport(total, r.WindowHours, null, []);
        }
        var label = Labels([.. best.Keys], property!);
        var groups = best.Keys.Select(label).Distinct()
            .Select(g => new FunnelGroup(g, FunnelSteps([.. best.Where(b => label(b.Key) == g).Select(b => b.Value)], r)))
            .OrderBy(g => LearnerBreakdowns.SortRank(g.Value)).ThenByDescending(g => g.Steps[0].Learners).ThenBy(g => g.Value, StringComparer.Ordinal)
            .ToList();
        return new FunnelReport(total, r.WindowHours, r.Breakdown.Value.ToWireName(), groups);
    }

    /// <summary>The learners whose best entry reached exactly <paramref name="step"/> steps, by id.</summary>
    public static List<string> Dropouts(IReadOnlyList<BehaviorEvent> events, FunnelRequest r, PlatformTime time, int step, IReadOnlySet<string>? members = null)
    {
        if (r.SegmentId is not null)
        {
            events = [.. events.Where(e => members!.Contains(e.LearnerId))];
        }
        return [.. BestEntries(events, r, time).Where(b => b.Value.Length == step).Select(b => b.Key).Order(StringComparer.Ordinal)];
    }

    private static Dictionary<string, DateTime[]> BestEntries(IReadOnlyList<BehaviorEvent> events, FunnelRequest r, PlatformTime time)
    {
        var (from, to) = (time.StartOfDayUtc(r.From), time.StartOfDayUtc(r.To));
        var window = TimeSpan.FromHours(r.WindowHours);
        var n = r.Steps.Count;
        var best = new Dictionary<string, DateTime[]>(StringComparer.Ordinal);
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
                best[learner.Key] = chosen;
            }
        }
        return best;
    }

    private static List<FunnelStep> FunnelSteps(List<DateTime[]> best, FunnelRequest r)
    {
        var n = r.Steps.Count;
        var steps = new List<FunnelStep>();
        for (var k = 0; k < n; k++)
        {
            var reached = best.Where(b => b.Length > k).ToList();
            double? median = k == 0 ? null : Median(reached.Select(b => (b[k] - b[k - 1]).TotalSeconds).ToList());
            steps.Add(new FunnelStep(r.Steps[k].ToWireName(), reached.Count, median, null, null));
        }
        return steps;
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
