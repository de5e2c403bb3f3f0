using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Analytics;

public sealed class RetentionQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    // Wednesday Feb 4, noon in Shanghai: the week of Feb 2 is still running.
    private static readonly DateTimeOffset Now = new(2026, 2, 4, 4, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Jan5 = new(2026, 1, 5);
    private static readonly DateOnly Jan12 = new(2026, 1, 12);

    private static DateTime Sh(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0);

    private static RetentionQuery Query(TestDatabase db, AnalyticsWorld world) => new(db.Contexts, db.Options, world.Time);

    /// <summary>
    /// Shanghai weeks (Monday starts): Jan 5, 12, 19, 26, Feb 2 (running).
    /// a: signs up Jan 5, views Jan 12 and Jan 26. b: signs up 00:30 on Mon Jan 12 (still Jan 11 in UTC), logs in later
    /// that week, views 00:10 on Mon Jan 19. c: signs up 23:50 on Sun Jan 11, signs up again Jan 13, buys Feb 3.
    /// d: signs up Jan 6 and never returns. e: first signed up in December, again Jan 7, views Jan 13. f: never signs up.
    /// </summary>
    private static async Task<AnalyticsWorld> SeedAsync(TestDatabase db)
    {
        var world = new AnalyticsWorld(db, Now, keepHistory: true);
        await world.AppendAsync(
            world.At("a", EventType.Signup, Sh(1, 5, 9)),
            world.At("a", EventType.View, Sh(1, 12, 10)),
            world.At("a", EventType.View, Sh(1, 26, 10)),
            world.At("b", EventType.Signup, Sh(1, 12, 0, 30)),
            world.At("b", EventType.Login, Sh(1, 18, 23, 59)),
            world.At("b", EventType.View, Sh(1, 19, 0, 10)),
            world.At("c", EventType.Signup, Sh(1, 11, 23, 50)),
            world.At("c", EventType.Signup, Sh(1, 13, 8)),
            world.At("c", EventType.Purchase, Sh(2, 3, 9), 99m),
            world.At("d", EventType.Signup, Sh(1, 6, 9)),
            world.At("e", EventType.Signup, new DateTime(2025, 12, 30, 9, 0, 0)),
            world.At("e", EventType.Signup, Sh(1, 7, 9)),
            world.At("e", EventType.View, Sh(1, 13, 9)),
            world.At("f", EventType.View, Sh(1, 6, 9)),
            world.At("f", EventType.View, Sh(1, 13, 9)));
        return world;
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_WeeklySignupCohorts_CountsReturnsPerShanghaiWeek(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await Query(db, world).RunAsync(new RetentionRequest(EventType.Signup, null, CalendarPeriod.Week, 8, Jan5, new DateOnly(2026, 1, 19)), Ct);

        Assert.Equal("week", report.Period);
        Assert.Equal([Jan5, Jan12], report.Cohorts.Select(c => c.Start));
        // Jan 5 cohort: a, c (23:50 Sunday is still that week) and d; e's first sign-up was in December.
        // c's second sign-up is the cohort type, not a return; the week of Feb 2 has not finished.
        Assert.Equal([3, 1, 0, 1], report.Cohorts[0].Retained);
        Assert.Equal(3, report.Cohorts[0].Size);
        // Jan 12 cohort: b, whose login in the same week is not a return and whose 00:10 Monday view is in week 1.
        Assert.Equal([1, 1, 0], report.Cohorts[1].Retained);
        Assert.All(report.Cohorts, c => Assert.True(c.Complete));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Unbounded_CountsReturnsInThePeriodOrAnyLater(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await Query(db, world).RunAsync(new RetentionRequest(EventType.Signup, null, CalendarPeriod.Week, 8, Jan5, new DateOnly(2026, 1, 19), Unbounded: true), Ct);

        // a returns in weeks 1 and 3, c buys in the running week: both count as "on or after" every finished week.
        Assert.Equal([3, 2, 2, 2], report.Cohorts[0].Retained);
        Assert.Equal([1, 1, 0], report.Cohorts[1].Retained);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_ReturnEventNamed_CountsOnlyThatTypeEvenTheCohortType(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        var query = Query(db, world);

        var signups = await query.RunAsync(new RetentionRequest(EventType.Signup, EventType.Signup, CalendarPeriod.Week, 8, Jan5, Jan12), Ct);
        var purchases = await query.RunAsync(new RetentionRequest(EventType.Signup, EventType.Purchase, CalendarPeriod.Week, 8, Jan5, Jan12), Ct);

        Assert.Equal([3, 1, 0, 0], Assert.Single(signups.Cohorts).Retained);
        Assert.Equal([3, 0, 0, 0], Assert.Single(purchases.Cohorts).Retained);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_RangeReachingTheRunningWeek_ListsEveryStartedCohortAndOnlyFinishedWeeks(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        await world.AppendAsync(world.At("g", EventType.Signup, Sh(2, 3, 10)));

        // Jan 7 is mid-week, so the first cohort is the week of Jan 12; Feb 9 onwards has not started yet.
        var report = await Query(db, world).RunAsync(new RetentionRequest(EventType.Signup, null, CalendarPeriod.Week, 2, new DateOnly(2026, 1, 7), new DateOnly(2026, 3, 2)), Ct);

        Assert.Equal([Jan12, new DateOnly(2026, 1, 19), new DateOnly(2026, 1, 26), new DateOnly(2026, 2, 2)], report.Cohorts.Select(c => c.Start));
        Assert.Equal([[1, 1, 0], [0, 0], [0], [1]], report.Cohorts.Select(c => c.Retained.ToArray()));
        Assert.Equal([true, true, true, false], report.Cohorts.Select(c => c.Complete));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_MonthlyInBerlin_BucketsByLocalMonthAcrossDaylightSaving(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, new DateTimeOffset(2026, 5, 15, 12, 0, 0, TimeSpan.Zero), "Europe/Berlin", keepHistory: true);
        var n = 0;
        BehaviorEvent Utc(string learner, EventType type, DateTime utc) => new()
        {
            EventId = $"b-{++n}", LearnerId = learner, Type = type, OccurredAt = DateTime.SpecifyKind(utc, DateTimeKind.Utc),
        };
        await world.AppendAsync(
            Utc("p", EventType.Signup, new DateTime(2026, 1, 31, 22, 30, 0)),   // 23:30 Jan 31 in Berlin
            Utc("q", EventType.Signup, new DateTime(2026, 1, 31, 23, 30, 0)),   // 00:30 Feb 1 in Berlin
            Utc("p", EventType.View, new DateTime(2026, 2, 28, 23, 15, 0)),     // 00:15 Mar 1 in Berlin
            Utc("q", EventType.View, new DateTime(2026, 3, 31, 22, 30, 0)),     // 00:30 Apr 1 in Berlin (summer time)
            Utc("p", EventType.View, new DateTime(2026, 3, 31, 21, 30, 0)));    // 23:30 Mar 31 in Berlin

        var report = await new RetentionQuery(db.Contexts, db.Options, world.Time)
            .RunAsync(new RetentionRequest(EventType.Signup, null, CalendarPeriod.Month, 6, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1)), Ct);

        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1)], report.Cohorts.Select(c => c.Start));
        // Finished months by May 15: February, March, April.
        Assert.Equal([1, 0, 1, 0], report.Cohorts[0].Retained);
        Assert.Equal([1, 0, 1], report.Cohorts[1].Retained);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_FirstPurchaseCohortsByDay_UsesEachLearnersFirstPurchase(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now, keepHistory: true);
        await world.AppendAsync(
            world.At("x", EventType.Purchase, Sh(1, 10, 23, 59), 10m),
            world.At("x", EventType.Purchase, Sh(1, 11, 9), 10m),
            world.At("x", EventType.View, Sh(1, 12, 9)),
            world.At("y", EventType.Purchase, Sh(1, 11, 0, 1), 10m),
            world.At("y", EventType.Purchase, Sh(1, 12, 9), 10m));

        var report = await Query(db, world).RunAsync(new RetentionRequest(EventType.Purchase, null, CalendarPeriod.Day, 2, new DateOnly(2026, 1, 10), new DateOnly(2026, 1, 12)), Ct);

        // x's second purchase is not a return ("any" excludes the cohort type), but the view two days later is.
        Assert.Equal([[1, 0, 1], [1, 0, 0]], report.Cohorts.Select(c => c.Retained.ToArray()));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Segment_CountsOnlyItsMembersByTheirFirstSignupEver(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        var segment = await world.SegmentAsync("a", "b", "e");

        var report = await Query(db, world).RunAsync(new RetentionRequest(EventType.Signup, null, CalendarPeriod.Week, 8, Jan5, new DateOnly(2026, 1, 19), SegmentId: segment), Ct);

        // a alone in the Jan 5 cohort (e's first sign-up is still December's), b in Jan 12's.
        Assert.Equal([[1, 1, 0, 1], [1, 1, 0]], report.Cohorts.Select(c => c.Retained.ToArray()));
        Assert.Empty(report.Groups!);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_BreakdownByChannel_SplitsCohortsPerValueLargestFirstAndMissingLast(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        await world.DescribeAsync(l => l.Channel = l.Id switch { "a" or "c" => "app", "b" => "web", "d" => null, _ => "search" });

        var report = await Query(db, world).RunAsync(
            new RetentionRequest(EventType.Signup, null, CalendarPeriod.Week, 8, Jan5, new DateOnly(2026, 1, 19), Breakdown: LearnerBreakdown.Channel), Ct);

        Assert.Equal("channel", report.Breakdown);
        Assert.Equal([[3, 1, 0, 1], [1, 1, 0]], report.Cohorts.Select(c => c.Retained.ToArray()));
        // e ("search") is in no cohort of the range, so the value does not appear.
        Assert.Equal(["app", "web", LearnerBreakdowns.None], report.Groups!.Select(g => g.Value));
        Assert.Equal([[2, 1, 0, 1], [0, 0, 0]], report.Groups![0].Cohorts.Select(c => c.Retained.ToArray()));
        Assert.Equal([[0, 0, 0, 0], [1, 1, 0]], report.Groups![1].Cohorts.Select(c => c.Retained.ToArray()));
        Assert.Equal([[1, 0, 0, 0], [0, 0, 0]], report.Groups![2].Cohorts.Select(c => c.Retained.ToArray()));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_EmptyRange_ReturnsNoCohorts(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await Query(db, world).RunAsync(new RetentionRequest(EventType.Signup, null, CalendarPeriod.Week, 4, new DateOnly(2026, 1, 6), new DateOnly(2026, 1, 11)), Ct);

        Assert.Empty(report.Cohorts);
    }
}
