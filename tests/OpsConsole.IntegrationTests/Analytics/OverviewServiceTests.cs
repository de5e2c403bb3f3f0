using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Analytics;

public sealed class OverviewServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    // Noon on May 20 in Shanghai.
    private static readonly DateTimeOffset Now = new(2026, 5, 20, 4, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 5, 20);

    private static DateTime Sh(int day, int hour, int minute = 0) => new(2026, 5, day, hour, minute, 0);

    /// <summary>
    /// Previous week (May 7–13): u-1, u-2 (pays 100), u-3. This week (May 14–20): u-1, u-2 (pays 80), u-4 (pays 200 at
    /// 23:30 on the 18th, refunds 50 on the 19th), u-5; today u-1 and u-6. Rollups are built before today's events.
    /// </summary>
    private static async Task<AnalyticsWorld> SeedTwoWeeksAsync(TestDatabase db)
    {
        var world = new AnalyticsWorld(db, Now);
        await world.AppendAsync(
            world.At("u-1", EventType.View, Sh(8, 10)),
            world.At("u-2", EventType.Purchase, Sh(10, 20), 100m),
            world.At("u-3", EventType.View, Sh(12, 8)),
            world.At("u-1", EventType.Search, Sh(15, 9)),
            world.At("u-2", EventType.Purchase, Sh(16, 21), 80m),
            world.At("u-4", EventType.Purchase, Sh(18, 23, 30), 200m),
            world.At("u-4", EventType.Refund, Sh(19, 7), 50m),
            world.At("u-5", EventType.View, Sh(19, 22)));
        await world.Rollups.RecomputeAllAsync(Ct);
        await world.AppendAsync(
            world.At("u-1", EventType.LessonProgress, Sh(20, 9)),
            world.At("u-6", EventType.Signup, Sh(20, 10)));
        return world;
    }

    [Theory, DatabaseProviders]
    public async Task GetAsync_SevenDayRange_ComparesEveryKpiWithThePreviousWeek(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedTwoWeeksAsync(db);

        var report = await world.Overview.GetAsync(DayRange.Ending(Today, 7), Ct);

        Assert.Equal(new DayRange(new DateOnly(2026, 5, 7), new DateOnly(2026, 5, 13)), report.PreviousRange);
        var k = report.Kpis;
        Assert.Equal((2m, 2m, 0m), (k.DailyActive.Value, k.DailyActive.Previous, k.DailyActive.ChangePercent));
        Assert.Equal((5m, 3m), (k.WeeklyActive.Value, k.WeeklyActive.Previous));
        Assert.Equal(66.667m, Math.Round(k.WeeklyActive.ChangePercent!.Value, 3));
        // Nobody was active in the 30 days before: no base for a percentage.
        Assert.Equal((6m, 0m, (decimal?)null), (k.MonthlyActive.Value, k.MonthlyActive.Previous, k.MonthlyActive.ChangePercent));
        Assert.Equal((230m, 100m, 130m), (k.Revenue.Value, k.Revenue.Previous, k.Revenue.ChangePercent));
        Assert.Equal((3m, 3m, 0m), (k.NewLearners.Value, k.NewLearners.Previous, k.NewLearners.ChangePercent));
        // 2 of 5 active learners paid this week, 1 of 3 the week before.
        Assert.Equal(0.4m, k.PayingConversion.Value);
        Assert.Equal(0.3333m, Math.Round(k.PayingConversion.Previous, 4));
        Assert.Equal(20m, Math.Round(k.PayingConversion.ChangePercent!.Value, 6));
    }

    [Theory, DatabaseProviders]
    public async Task GetAsync_SevenDayRange_SeriesFromRollupsWithTodayLive(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedTwoWeeksAsync(db);

        var report = await world.Overview.GetAsync(DayRange.Ending(Today, 7), Ct);

        Assert.Equal(Enumerable.Range(14, 7).Select(d => new DateOnly(2026, 5, d)), report.Daily.Select(p => p.Day));
        Assert.Equal([0, 1, 1, 0, 1, 2, 2], report.Daily.Select(p => p.ActiveLearners));
        Assert.Equal([0m, 0m, 80m, 0m, 200m, -50m, 0m], report.Daily.Select(p => p.Revenue));
        Assert.Equal([false, false, false, false, false, false, true], report.Daily.Select(p => p.Live));
        Assert.Equal((Today, 2, 2), (report.Today.Day, report.Today.Events, report.Today.ActiveLearners));
        Assert.Equal(Now.UtcDateTime, report.RollupsComputedAtUtc);
        Assert.True(report.HasData);
    }

    [Theory, DatabaseProviders]
    public async Task GetLiveAsync_EventArrivesLater_CountersMove(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedTwoWeeksAsync(db);
        var before = await world.Overview.GetLiveAsync(Ct);

        world.Clock.Now = Now.AddMinutes(5);
        await world.AppendAsync(world.At("u-7", EventType.View, Sh(20, 12, 2)), world.At("u-1", EventType.View, Sh(20, 12, 3)));
        var after = await world.Overview.GetLiveAsync(Ct);

        Assert.Equal((2, 2), (before.Events, before.ActiveLearners));
        Assert.Equal((4, 3), (after.Events, after.ActiveLearners));
        Assert.Equal(Now.AddMinutes(5).UtcDateTime, after.AsOfUtc);
    }

    [Theory, DatabaseProviders]
    public async Task GetLiveAsync_EveryEventType_CountsAsTodaysRollupRowAndTheDailyActiveKpi(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedTwoWeeksAsync(db);
        var types = Enum.GetValues<EventType>();
        await world.AppendAsync([.. types.Select((type, i) => world.At($"t-{i % 5}", type, Sh(20, 1, i % 60)))]);
        // Only non-activity events for one learner: counted as events, not as an active learner.
        await world.AppendAsync(world.At("quiet", EventType.RecommendationImpression, Sh(20, 2, 0)), world.At("quiet", EventType.ExperimentExposure, Sh(20, 2, 1)));

        var live = await world.Overview.GetLiveAsync(Ct);
        var row = (await world.Rollups.ComputeAsync(new DayRange(Today, Today), Ct))[0];

        var report = await world.Overview.GetAsync(new DayRange(Today, Today), Ct);

        Assert.Equal((row.Events, row.ActiveLearners), (live.Events, live.ActiveLearners));
        Assert.Equal(2 + types.Length + 2, live.Events);
        // The KPI counts active learners as the rollup does: "quiet" only had things done about them.
        Assert.Equal(row.ActiveLearners, report.Kpis.DailyActive.Value);
    }

    [Theory, DatabaseProviders]
    public async Task GetAsync_NoRollupsYet_PastDaysReadZeroAndTodayIsLive(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);
        await world.AppendAsync(
            world.At("u-1", EventType.Purchase, Sh(19, 10), 30m),
            world.At("u-1", EventType.Purchase, Sh(20, 10), 45m));

        var report = await world.Overview.GetAsync(DayRange.Ending(Today, 2), Ct);

        Assert.Equal([0m, 45m], report.Daily.Select(p => p.Revenue));
        Assert.Equal(45m, report.Kpis.Revenue.Value);
        Assert.Null(report.RollupsComputedAtUtc);
        // Distinct learners come from events, so they do not wait for the rollups.
        Assert.Equal(1m, report.Kpis.WeeklyActive.Value);
    }

    [Theory, DatabaseProviders]
    public async Task GetAsync_RangeReachingIntoTheFuture_EndsToday(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedTwoWeeksAsync(db);

        var report = await world.Overview.GetAsync(new DayRange(new DateOnly(2026, 5, 19), new DateOnly(2026, 5, 25)), Ct);

        Assert.Equal(new DayRange(new DateOnly(2026, 5, 19), Today), report.Range);
        Assert.Equal(new DayRange(new DateOnly(2026, 5, 17), new DateOnly(2026, 5, 18)), report.PreviousRange);
        Assert.Equal(2, report.Daily.Count);
        Assert.Equal((-50m, 200m), (report.Kpis.Revenue.Value, report.Kpis.Revenue.Previous));
    }

    [Theory, DatabaseProviders]
    public async Task GetAsync_EmptyDatabase_ReportsNoData(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);

        var report = await world.Overview.GetAsync(world.Overview.DefaultRange(), Ct);

        Assert.False(report.HasData);
        Assert.Equal(30, report.Daily.Count);
        Assert.All(report.Daily, p => Assert.Equal(0, p.Events));
        Assert.Equal(0m, report.Kpis.PayingConversion.Value);
    }
}
