using OpsConsole.Analytics;
using OpsConsole.Ingestion;

namespace OpsConsole.IntegrationTests.Analytics;

/// <summary>
/// Paths, lifecycle, stickiness and compass written the obvious way over events in memory (in store order, so equal
/// timestamps keep the order the store gave them). The SQL versions must agree with these.
/// </summary>
internal static class NaiveJourneyQueries
{
    private static IEnumerable<IGrouping<string, (BehaviorEvent E, int Order)>> ByLearner(IReadOnlyList<BehaviorEvent> events, ISet<string>? segment) =>
        events.Select((e, i) => (E: e, Order: i)).Where(x => segment is null || segment.Contains(x.E.LearnerId)).GroupBy(x => x.E.LearnerId);

    public static PathsReport Paths(IReadOnlyList<BehaviorEvent> events, PathsRequest r, PlatformTime time, ISet<string>? segment)
    {
        var (from, to) = (time.StartOfDayUtc(r.From), time.StartOfDayUtc(r.To));
        var all = new List<(string Learner, List<string> Steps)>();
        foreach (var learner in ByLearner(events, segment))
        {
            // Sessions come from the learner's whole history; a path starts at a step (a run's first event) in the range.
            var mine = learner.OrderBy(x => x.E.OccurredAt).ThenBy(x => x.Order).Select(x => x.E).ToList();
            var sessions = new List<List<(EventType Type, DateTime At)>>();
            for (var i = 0; i < mine.Count; i++)
            {
                if (i == 0 || mine[i].OccurredAt - mine[i - 1].OccurredAt > TimeSpan.FromMinutes(30))
                {
                    sessions.Add([(mine[i].Type, mine[i].OccurredAt)]);
                }
                else if (mine[i].Type != mine[i - 1].Type)
                {
                    sessions[^1].Add((mine[i].Type, mine[i].OccurredAt));
                }
            }
            foreach (var steps in sessions)
            {
                for (var i = 0; i < steps.Count; i++)
                {
                    if (steps[i].Type != r.Event || steps[i].At < from || steps[i].At >= to)
                    {
                        continue;
                    }
                    var path = new List<string>();
                    for (var k = 1; k <= r.Steps; k++)
                    {
                        var j = r.Direction == PathDirection.After ? i + k : i - k;
                        if (j < 0 || j >= steps.Count)
                        {
                            break;
                        }
                        path.Add(steps[j].Type.ToWireName());
                    }
                    all.Add((learner.Key, path));
                }
            }
        }
        var anchor = r.Event.ToWireName();
        var sequences = all.GroupBy(p => string.Join(">", p.Steps))
            .Select(g => new PathSequence(g.First().Steps, g.Count(), g.Select(p => p.Learner).Distinct().Count()))
            .ToList();
        var nodes = new List<PathNode>();
        if (all.Count > 0)
        {
            nodes.Add(new PathNode(0, anchor, all.Count));
        }
        var edges = new List<PathEdge>();
        for (var d = 1; d <= r.Steps; d++)
        {
            var reaching = all.Where(p => p.Steps.Count >= d).ToList();
            nodes.AddRange(reaching.GroupBy(p => p.Steps[d - 1]).Select(g => new PathNode(d, g.Key, g.Count())));
            edges.AddRange(reaching.GroupBy(p => (From: d == 1 ? anchor : p.Steps[d - 2], To: p.Steps[d - 1])).Select(g => new PathEdge(d, g.Key.From, g.Key.To, g.Count())));
        }
        var top = sequences.OrderByDescending(s => s.Paths).ThenByDescending(s => s.Learners).ThenBy(s => string.Join(">", s.Steps), StringComparer.Ordinal)
            .Take(PathsQuery.TopSequences).ToList();
        return new PathsReport(anchor, r.Direction.ToString().ToLowerInvariant(), r.Steps, all.Count, all.Select(p => p.Learner).Distinct().Count(),
            nodes, edges, false, top);
    }

    public static LifecycleReport Lifecycle(IReadOnlyList<BehaviorEvent> events, LifecycleRequest r, PlatformTime time, ISet<string>? segment)
    {
        DateOnly PeriodOf(DateTime utc) => r.Period.StartOf(time.DayOf(utc));
        var learners = ByLearner(events, segment).Select(g => (
            First: g.Min(x => x.E.OccurredAt),
            Active: g.Select(x => PeriodOf(x.E.OccurredAt)).ToHashSet())).ToList();
        var periods = new List<LifecyclePeriod>();
        foreach (var start in r.Period.StartsIn(r.From, r.To).TakeWhile(s => time.StartOfDayUtc(s) <= time.UtcNow))
        {
            var previous = r.Period.StartOf(start.AddDays(-1));
            var startUtc = time.StartOfDayUtc(start);
            var active = learners.Where(l => l.Active.Contains(start)).ToList();
            periods.Add(new LifecyclePeriod(start,
                active.Count(l => l.First >= startUtc),
                active.Count(l => l.Active.Contains(previous)),
                active.Count(l => l.First < startUtc && !l.Active.Contains(previous)),
                -learners.Count(l => l.Active.Contains(previous) && !l.Active.Contains(start)),
                time.StartOfDayUtc(r.Period.Next(start)) <= time.UtcNow));
        }
        return new LifecycleReport(r.Period.ToWireName(), periods);
    }

    public static StickinessReport Stickiness(IReadOnlyList<BehaviorEvent> events, StickinessRequest r, PlatformTime time, ISet<string>? segment)
    {
        var starts = r.Period.StartsIn(r.From, r.To).Where(s => time.StartOfDayUtc(r.Period.Next(s)) <= time.UtcNow).ToHashSet();
        var histogram = new int[r.Period == CalendarPeriod.Week ? 7 : 31];
        foreach (var learner in ByLearner(events, segment))
        {
            foreach (var period in learner.Select(x => time.DayOf(x.E.OccurredAt)).Distinct().GroupBy(d => r.Period.StartOf(d)).Where(g => starts.Contains(g.Key)))
            {
                histogram[period.Count() - 1]++;
            }
        }
        return new StickinessReport(r.Period.ToWireName(), starts.Count, histogram);
    }

    public static CompassReport Compass(IReadOnlyList<BehaviorEvent> events, CompassRequest r, PlatformTime time, ISet<string>? segment)
    {
        var (from, to) = (time.StartOfDayUtc(r.From), time.StartOfDayUtc(r.To));
        var cohort = new List<(HashSet<EventType> Early, bool Retained)>();
        var maturing = 0;
        foreach (var learner in ByLearner(events, segment))
        {
            var first = learner.Where(x => x.E.Type == r.CohortEvent).OrderBy(x => x.E.OccurredAt).ThenBy(x => x.Order).FirstOrDefault();
            if (first.E is null || first.E.OccurredAt < from || first.E.OccurredAt >= to)
            {
                continue;
            }
            var t0 = first.E.OccurredAt;
            if (t0.AddDays(28) > time.UtcNow)
            {
                maturing++;
                continue;
            }
            var early = learner.Where(x => x.Order != first.Order && x.E.OccurredAt >= t0 && x.E.OccurredAt < t0.AddDays(7)).Select(x => x.E.Type).ToHashSet();
            cohort.Add((early, learner.Any(x => x.E.OccurredAt >= t0.AddDays(21) && x.E.OccurredAt < t0.AddDays(28))));
        }
        var retained = cohort.Count(c => c.Retained);
        var rows = Enum.GetValues<EventType>()
            .Select(t => (Type: t, Did: cohort.Where(c => c.Early.Contains(t)).ToList()))
            .Where(x => x.Did.Count > 0)
            .Select(x => new CompassRow(x.Type.ToWireName(), x.Did.Count, x.Did.Count(c => c.Retained), cohort.Count - x.Did.Count,
                retained - x.Did.Count(c => c.Retained), null, null, null, null, false))
            .ToList();
        return new CompassReport(r.CohortEvent.ToWireName(), cohort.Count, retained, maturing, null, rows);
    }

    /// <summary>
    /// A breakdown's groups, each with its report over its own learners. The ranking population is every learner who
    /// counts in the report (<paramref name="counts"/> on that learner's report alone); groups are ordered the way the
    /// queries order them: named values by learners (then by <paramref name="tieBreak"/>), then (other) and (none).
    /// </summary>
    public static List<(string Value, T Report)> Groups<T>(IReadOnlyList<BehaviorEvent> events, ISet<string>? segment, Func<string, string?> property,
        Func<ISet<string>, T> run, Func<T, bool> counts, Func<T, int>? tieBreak = null)
    {
        var population = events.Select(e => e.LearnerId).Distinct()
            .Where(l => segment is null || segment.Contains(l))
            .Where(l => counts(run(new HashSet<string> { l })))
            .ToList();
        var label = NaiveBehaviorQueries.Labels(population, property);
        return [.. population.GroupBy(label)
            .Select(g => (Value: g.Key, Learners: g.Count(), Report: run(g.ToHashSet())))
            .OrderBy(g => LearnerBreakdowns.SortRank(g.Value)).ThenByDescending(g => g.Learners)
            .ThenByDescending(g => tieBreak?.Invoke(g.Report) ?? 0).ThenBy(g => g.Value, StringComparer.Ordinal)
            .Select(g => (g.Value, g.Report))];
    }
}
