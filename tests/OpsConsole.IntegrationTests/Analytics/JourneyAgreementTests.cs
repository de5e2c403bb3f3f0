using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Analytics;

/// <summary>The journey queries against the in-memory definitions on a few thousand generated events, in two time zones.</summary>
public sealed class JourneyAgreementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Now = new(2026, 5, 20, 9, 30, 0, TimeSpan.Zero);
    private static readonly string[] Zones = ["Asia/Shanghai", "Europe/Berlin"];

    private static DateOnly D(int month, int day, int year = 2026) => new(year, month, day);

    /// <summary>
    /// 300 learners with bursts of activity: steps seconds to minutes apart, now and then exactly 30 minutes (the session
    /// limit) or a little more, and days or weeks between bursts. One event in eight repeats the previous instant, and
    /// types repeat often so that cleaning has work to do.
    /// </summary>
    private static List<BehaviorEvent> Generate(int seed)
    {
        var random = new Random(seed);
        EventType[] types = [EventType.View, EventType.View, EventType.View, EventType.LessonProgress, EventType.LessonProgress, EventType.Click,
            EventType.Search, EventType.Purchase, EventType.Login, EventType.Share];
        var start = new DateTime(2025, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var events = new List<BehaviorEvent>();
        for (var l = 0; l < 300; l++)
        {
            var learner = $"J{l:D3}";
            var at = start.AddSeconds(random.Next(170 * 24 * 3600));
            if (random.Next(10) < 8)
            {
                events.Add(Event(events.Count, learner, EventType.Signup, at));
            }
            for (var i = random.Next(30); i > 0; i--)
            {
                if (random.Next(8) != 0)
                {
                    at = at.AddSeconds(random.Next(10) switch
                    {
                        0 => 1800,
                        1 => 1800 + random.Next(1, 600),
                        2 => random.Next(1, 35) * 24 * 3600 + random.Next(3600),
                        _ => random.Next(1, 900),
                    });
                }
                if (at >= Now.UtcDateTime)
                {
                    break;
                }
                var type = random.Next(4) == 0 && events.Count > 0 && events[^1].LearnerId == learner ? events[^1].Type : types[random.Next(types.Length)];
                events.Add(Event(events.Count, learner, type, at));
            }
        }
        return events;
    }

    private static BehaviorEvent Event(int n, string learner, EventType type, DateTime at) => new()
    {
        EventId = $"j-{n}",
        LearnerId = learner,
        Type = type,
        OccurredAt = at,
        Amount = type == EventType.Purchase ? 10m : null,
        Currency = type == EventType.Purchase ? "CNY" : null,
    };

    [Theory, DatabaseProviders]
    public async Task RunAsync_GeneratedEvents_AgreesWithTheInMemoryDefinitions(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);
        var events = Generate(seed: 20260301);
        await world.Store.AppendAsync(events, Ct);
        await world.RebuildHistoryAsync();
        Assert.InRange(events.Count, 3000, 6000);
        await world.DescribeAsync(l => l.Channel = Channel(l.Id));
        var members = events.Select(e => e.LearnerId).Distinct().Where((_, i) => i % 2 == 0).ToHashSet();
        var segment = await JourneyFixtures.SegmentAsync(db, [.. members]);

        foreach (var zone in Zones)
        {
            var time = new PlatformTime(TimeZoneInfo.FindSystemTimeZoneById(zone), world.Clock);
            var paths = new PathsQuery(db.Contexts, db.Options, time);
            foreach (var (request, only) in new (PathsRequest, ISet<string>?)[]
            {
                (new(EventType.LessonProgress, PathDirection.After, 3, D(1, 1), D(3, 1), MaxEdges: 500), null),
                (new(EventType.View, PathDirection.Before, 5, D(12, 1, 2025), D(5, 21), MaxEdges: 500), null),
                (new(EventType.Search, PathDirection.After, 5, D(2, 1), D(4, 1), segment, MaxEdges: 500), members),
                (new(EventType.Purchase, PathDirection.Before, 1, D(1, 15), D(4, 15), MaxEdges: 500), null),
            })
            {
                var expected = NaiveJourneyQueries.Paths(events, request, time, only);
                var actual = await paths.RunAsync(request, Ct);
                Assert.True(expected.Paths > 20, $"{zone} {request}: the generated data should make paths");
                Assert.Equal(Describe(expected), Describe(actual));

                var split = await paths.RunAsync(request with { Breakdown = LearnerBreakdown.Channel }, Ct);
                var groups = NaiveJourneyQueries.Groups(events, only, Channel, s => NaiveJourneyQueries.Paths(events, request, time, s), g => g.Paths > 0, g => g.Paths);
                Assert.Equal(Describe(expected), Describe(split));
                Assert.Equal(groups.Select(g => Line(g.Value, Describe(g.Report))), split.Groups!.Select(g => Line(g.Value, Describe(split with
                {
                    Paths = g.Paths, Learners = g.Learners, Nodes = g.Nodes, Edges = g.Edges, TopSequences = g.TopSequences,
                }))));
                Assert.Contains(LearnerBreakdowns.Other, split.Groups!.Select(g => g.Value));
            }

            var lifecycle = new LifecycleQuery(db.Contexts, db.Options, time);
            foreach (var (request, only) in new (LifecycleRequest, ISet<string>?)[]
            {
                (new(CalendarPeriod.Week, D(12, 1, 2025), D(6, 1)), null),
                (new(CalendarPeriod.Day, D(2, 20), D(3, 20)), null),
                (new(CalendarPeriod.Month, D(11, 1, 2025), D(6, 1), segment), members),
            })
            {
                var expected = NaiveJourneyQueries.Lifecycle(events, request, time, only);
                Assert.True(expected.Periods.Sum(p => p.New) > 0, $"{zone} {request}: the generated data should have new learners");
                Assert.Equal(Describe(expected), Describe(await lifecycle.RunAsync(request, Ct)));

                var split = await lifecycle.RunAsync(request with { Breakdown = LearnerBreakdown.Channel }, Ct);
                var groups = NaiveJourneyQueries.Groups(events, only, Channel, s => NaiveJourneyQueries.Lifecycle(events, request, time, s),
                    g => g.Periods.Any(p => p.Active > 0 || p.Dormant < 0));
                Assert.Equal(Describe(expected), Describe(split));
                Assert.Equal(groups.Select(g => Line(g.Value, Describe(g.Report))), split.Groups!.Select(g => Line(g.Value, Describe(split with { Periods = g.Periods }))));
            }

            var stickiness = new StickinessQuery(db.Contexts, db.Options, time);
            foreach (var (request, only) in new (StickinessRequest, ISet<string>?)[]
            {
                (new(CalendarPeriod.Week, D(12, 3, 2025), D(5, 20)), null),
                (new(CalendarPeriod.Month, D(12, 1, 2025), D(6, 1)), null),
                (new(CalendarPeriod.Week, D(1, 1), D(4, 1), segment), members),
            })
            {
                var expected = NaiveJourneyQueries.Stickiness(events, request, time, only);
                var actual = await stickiness.RunAsync(request, Ct);
                Assert.True(expected.Learners.Skip(1).Sum() > 0, $"{zone} {request}: someone should be active on several days");
                Assert.Equal((expected.Periods, string.Join(",", expected.Learners)), (actual.Periods, string.Join(",", actual.Learners)));

                var split = await stickiness.RunAsync(request with { Breakdown = LearnerBreakdown.Channel }, Ct);
                var groups = NaiveJourneyQueries.Groups(events, only, Channel, s => NaiveJourneyQueries.Stickiness(events, request, time, s), g => g.Learners.Sum() > 0);
                Assert.Equal(string.Join(",", expected.Learners), string.Join(",", split.Learners));
                Assert.Equal(groups.Select(g => $"{g.Value}: {string.Join(",", g.Report.Learners)}"), split.Groups!.Select(g => $"{g.Value}: {string.Join(",", g.Learners)}"));
            }

            var compass = new CompassQuery(db.Contexts, db.Options, time);
            foreach (var (request, only) in new (CompassRequest, ISet<string>?)[]
            {
                (new(EventType.Signup, D(12, 1, 2025), D(4, 1)), null),
                (new(EventType.LessonProgress, D(12, 15, 2025), D(5, 1)), null),
                (new(EventType.Signup, D(12, 1, 2025), D(5, 21), segment), members),
            })
            {
                var expected = NaiveJourneyQueries.Compass(events, request, time, only);
                var actual = await compass.RunAsync(request, Ct);
                // Cohorts reaching into the last 28 days hold learners too young to measure.
                Assert.True(expected.Retained > 0 && (expected.Maturing > 0) == (request.To > D(4, 22)), $"{zone} {request}: the cohort should hold retained (and maturing) learners");
                Assert.Equal((expected.Measured, expected.Retained, expected.Maturing), (actual.Measured, actual.Retained, actual.Maturing));
                Assert.Equal(Describe(expected), Describe(actual));

                var split = await compass.RunAsync(request with { Breakdown = LearnerBreakdown.Channel }, Ct);
                var groups = NaiveJourneyQueries.Groups(events, only, Channel, s => NaiveJourneyQueries.Compass(events, request, time, s), g => g.Measured + g.Maturing > 0);
                Assert.Equal(Describe(expected), Describe(split));
                Assert.Equal(groups.Select(g => Line(g.Value, [$"{g.Report.Measured} {g.Report.Retained} {g.Report.Maturing}", .. Describe(g.Report)])),
                    split.Groups!.Select(g => Line(g.Value, [$"{g.Measured} {g.Retained} {g.Maturing}", .. Describe(split with { Rows = g.Rows })])));
            }
        }
    }

    private static string? Channel(string learner) => BehaviorQueryAgreementTests.Channel(learner);

    private static string Line(string group, IEnumerable<string> lines) => $"{group}: {string.Join("; ", lines)}";

    private static List<string> Describe(PathsReport r) =>
    [
        $"{r.Paths} paths, {r.Learners} learners",
        .. r.Nodes.Select(n => $"node {n.Depth} {n.Type} {n.Paths}").Order(StringComparer.Ordinal),
        .. r.Edges.Select(e => $"edge {e.Depth} {e.From}>{e.To} {e.Paths}").Order(StringComparer.Ordinal),
        .. r.TopSequences.Select(s => $"top {string.Join(">", s.Steps)} {s.Paths} {s.Learners}"),
    ];

    private static List<string> Describe(LifecycleReport r) =>
        r.Periods.Select(p => $"{p.Start:yyyy-MM-dd} {p.New} {p.Returning} {p.Resurrecting} {p.Dormant} {p.Complete}").ToList();

    private static List<string> Describe(CompassReport r) =>
        r.Rows.Select(x => $"{x.Type} {x.DidRetained}/{x.Did} {x.DidNotRetained}/{x.DidNot}").Order(StringComparer.Ordinal).ToList();
}
