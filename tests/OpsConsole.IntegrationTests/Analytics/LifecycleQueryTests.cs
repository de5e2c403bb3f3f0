using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using static OpsConsole.IntegrationTests.Analytics.JourneyFixtures;

namespace OpsConsole.IntegrationTests.Analytics;

public sealed class LifecycleQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    // Wednesday Feb 4, noon in Shanghai: the week of Feb 2 is still running.
    private static readonly DateTimeOffset Now = new(2026, 2, 4, 4, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Shanghai weeks (Monday starts) Jan 5, 12, 19, 26, Feb 2. a: first seen in December, active in the weeks of Jan 5,
    /// Jan 12 and Jan 26. b: first event 00:30 on Monday Jan 12 (still Jan 11 in UTC), again 23:50 on Sunday Jan 25
    /// (week of Jan 19), then Feb 3. c: only 23:50 on Sunday Jan 11 (week of Jan 5). e: first seen Jan 28, again Feb 2.
    /// </summary>
    private static async Task<AnalyticsWorld> SeedAsync(TestDatabase db)
    {
        var world = new AnalyticsWorld(db, Now);
        await world.AppendAsync(
            world.At("a", EventType.View, Sh(12, 1, 9, year: 2025)),
            world.At("a", EventType.View, Sh(1, 6, 9)),
            world.At("a", EventType.View, Sh(1, 13, 9)),
            world.At("a", EventType.View, Sh(1, 27, 9)),
            world.At("b", EventType.Signup, Sh(1, 12, 0, 30)),
            world.At("b", EventType.View, Sh(1, 25, 23, 50)),
            world.At("b", EventType.View, Sh(2, 3, 9)),
            world.At("c", EventType.Signup, Sh(1, 11, 23, 50)),
            world.At("e", EventType.Signup, Sh(1, 28, 9)),
            world.At("e", EventType.Login, Sh(2, 2, 9)));
        return world;
    }

    private static string[] Describe(LifecycleReport r) => Describe(r.Periods);

    private static string[] Describe(IEnumerable<LifecyclePeriod> periods) =>
        [.. periods.Select(p => $"{p.Start:MM-dd} {p.New} {p.Returning} {p.Resurrecting} {p.Dormant} {(p.Complete ? "done" : "running")}")];

    [Theory, DatabaseProviders]
    public async Task RunAsync_Weeks_ClassifiesEachLearnerPerShanghaiWeek(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await new LifecycleQuery(db.Contexts, db.Options, world.Time)
            .RunAsync(new LifecycleRequest(CalendarPeriod.Week, new DateOnly(2026, 1, 12), new DateOnly(2026, 3, 2)), Ct);

        // new, returning, resurrecting, dormant (negative). Weeks from Feb 9 on have not started.
        Assert.Equal([
            "01-12 1 1 0 -1 done",      // b new, a returning, c dormant
            "01-19 0 1 0 -1 done",      // b returning (Sunday 23:50 is still this week), a dormant
            "01-26 1 0 1 -1 done",      // e new, a resurrecting, b dormant
            "02-02 0 1 1 -1 running",   // e returning, b resurrecting, a dormant
        ], Describe(report));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Segment_CountsOnlyItsMembers(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        var segment = await SegmentAsync(db, "a");

        var report = await new LifecycleQuery(db.Contexts, db.Options, world.Time)
            .RunAsync(new LifecycleRequest(CalendarPeriod.Week, new DateOnly(2026, 1, 12), new DateOnly(2026, 2, 9), segment), Ct);

        Assert.Equal(["01-12 0 1 0 0 done", "01-19 0 0 0 -1 done", "01-26 0 0 1 0 done", "02-02 0 0 0 -1 running"], Describe(report));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_BreakdownByRegion_ClassifiesEachGroupsLearnersOnly(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        await world.DescribeAsync(l => l.Region = l.Id switch { "a" or "c" => "north", "b" => "south", _ => null });

        var report = await new LifecycleQuery(db.Contexts, db.Options, world.Time)
            .RunAsync(new LifecycleRequest(CalendarPeriod.Week, new DateOnly(2026, 1, 12), new DateOnly(2026, 3, 2), Breakdown: LearnerBreakdown.Region), Ct);

        Assert.Equal("region", report.Breakdown);
        Assert.Equal(["01-12 1 1 0 -1 done", "01-19 0 1 0 -1 done", "01-26 1 0 1 -1 done", "02-02 0 1 1 -1 running"], Describe(report));
        // north holds a and c (c only active the week before the report), south b, and e has no region.
        Assert.Equal(["north", "south", LearnerBreakdowns.None], report.Groups!.Select(g => g.Value));
        Assert.Equal(["01-12 0 1 0 -1 done", "01-19 0 0 0 -1 done", "01-26 0 0 1 0 done", "02-02 0 0 0 -1 running"], Describe(report.Groups![0].Periods));
        Assert.Equal(["01-12 1 0 0 0 done", "01-19 0 1 0 0 done", "01-26 0 0 0 -1 done", "02-02 0 0 1 0 running"], Describe(report.Groups![1].Periods));
        Assert.Equal(["01-12 0 0 0 0 done", "01-19 0 0 0 0 done", "01-26 1 0 0 0 done", "02-02 0 1 0 0 running"], Describe(report.Groups![2].Periods));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Days_UsesShanghaiMidnight(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await new LifecycleQuery(db.Contexts, db.Options, world.Time)
            .RunAsync(new LifecycleRequest(CalendarPeriod.Day, new DateOnly(2026, 1, 11), new DateOnly(2026, 1, 13)), Ct);

        // c's 23:50 belongs to Jan 11 and b's 00:30 to Jan 12, though both are Jan 11 in UTC.
        Assert.Equal(["01-11 1 0 0 0 done", "01-12 1 0 0 -1 done"], Describe(report));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_StickinessWeeks_CountsActiveDaysPerFinishedWeek(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);
        var events = new List<BehaviorEvent>
        {
            world.At("a", EventType.View, Sh(1, 5, 9)),
            world.At("a", EventType.Click, Sh(1, 5, 18)),
            world.At("a", EventType.View, Sh(1, 6, 9)),
            world.At("a", EventType.View, Sh(1, 11, 23, 50)),
            world.At("a", EventType.View, Sh(1, 12, 0, 10)),
            world.At("c", EventType.View, Sh(1, 26, 9)),
            world.At("c", EventType.View, Sh(1, 27, 9)),
            world.At("c", EventType.View, Sh(2, 2, 9)),
        };
        events.AddRange(Enumerable.Range(19, 7).Select(d => world.At("b", EventType.LessonProgress, Sh(1, d, 20))));
        await world.AppendAsync([.. events]);
        var query = new StickinessQuery(db.Contexts, db.Options, world.Time);

        var weeks = await query.RunAsync(new StickinessRequest(CalendarPeriod.Week, new DateOnly(2026, 1, 5), new DateOnly(2026, 3, 2)), Ct);
        var fromMidWeek = await query.RunAsync(new StickinessRequest(CalendarPeriod.Week, new DateOnly(2026, 1, 7), new DateOnly(2026, 2, 2)), Ct);
        var months = await query.RunAsync(new StickinessRequest(CalendarPeriod.Month, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1)), Ct);

        // a: 3 days in the week of Jan 5 (Sunday 23:50 included) and 1 in the next; b: all 7 days; c: 2 (Feb 2 is in the running week).
        Assert.Equal(4, weeks.Periods);
        Assert.Equal([1, 1, 1, 0, 0, 0, 1], weeks.Learners);
        Assert.Equal(3, fromMidWeek.Periods);
        Assert.Equal([1, 1, 0, 0, 0, 0, 1], fromMidWeek.Learners);
        Assert.Equal(1, months.Periods);
        Assert.Equal(31, months.Learners.Count);
        Assert.Equal([(2, 1), (4, 1), (7, 1)], months.Learners.Select((n, i) => (Days: i + 1, n)).Where(x => x.n > 0).ToArray());
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_StickinessBreakdownByChannel_GivesEachGroupItsHistogram(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);
        var events = new List<BehaviorEvent>
        {
            world.At("a", EventType.View, Sh(1, 5, 9)),
            world.At("a", EventType.View, Sh(1, 6, 9)),
            world.At("a", EventType.View, Sh(1, 11, 23, 50)),
            world.At("a", EventType.View, Sh(1, 12, 0, 10)),
            world.At("c", EventType.View, Sh(1, 26, 9)),
            world.At("c", EventType.View, Sh(1, 27, 9)),
            world.At("d", EventType.View, Sh(1, 7, 9)),
        };
        events.AddRange(Enumerable.Range(19, 7).Select(d => world.At("b", EventType.LessonProgress, Sh(1, d, 20))));
        await world.AppendAsync([.. events]);
        await world.DescribeAsync(l => l.Channel = l.Id switch { "a" or "c" => "app", "b" => "web", _ => null });

        var report = await new StickinessQuery(db.Contexts, db.Options, world.Time)
            .RunAsync(new StickinessRequest(CalendarPeriod.Week, new DateOnly(2026, 1, 5), new DateOnly(2026, 3, 2), Breakdown: LearnerBreakdown.Channel), Ct);

        Assert.Equal("channel", report.Breakdown);
        Assert.Equal([2, 1, 1, 0, 0, 0, 1], report.Learners);
        // app: a's 3 days and 1 day, c's 2 days; web: b's full week; d (no channel) one day.
        Assert.Equal(["app 1,1,1,0,0,0,0", "web 0,0,0,0,0,0,1", $"{LearnerBreakdowns.None} 1,0,0,0,0,0,0"],
            report.Groups!.Select(g => $"{g.Value} {string.Join(",", g.Learners)}"));
    }
}
