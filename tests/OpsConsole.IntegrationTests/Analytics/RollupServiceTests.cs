using Microsoft.EntityFrameworkCore;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Analytics;

public sealed class RollupServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateOnly May1 = new(2026, 5, 1);
    private static readonly DateOnly May2 = new(2026, 5, 2);
    // Noon on May 3 in Shanghai.
    private static readonly DateTimeOffset Now = new(2026, 5, 3, 4, 0, 0, TimeSpan.Zero);

    private static DateTime Sh(int day, int hour, int minute = 0) => new(2026, 5, day, hour, minute, 0);

    private static async Task SeedAroundMidnightAsync(AnalyticsWorld world)
    {
        await world.AppendAsync(
            world.At("u-1", EventType.View, Sh(1, 23, 30)),                 // 15:30 UTC on May 1
            world.At("u-1", EventType.Purchase, Sh(2, 0, 30), 100m),        // 16:30 UTC on May 1, but May 2 in Shanghai
            world.At("u-2", EventType.Purchase, Sh(2, 11), 50m),
            world.At("u-2", EventType.Refund, Sh(2, 13), 20m),
            world.At("u-3", EventType.LessonProgress, Sh(2, 18)));
    }

    private static async Task<List<DailyRollup>> StoredAsync(TestDatabase db)
    {
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        return await ctx.DailyRollups.OrderBy(r => r.Day).ToListAsync(Ct);
    }

    [Theory, DatabaseProviders]
    public async Task RecomputeAsync_EventsAcrossShanghaiMidnight_StoresPlatformDayTotals(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);
        await SeedAroundMidnightAsync(world);

        var run = await world.Rollups.RecomputeAsync(new DayRange(May1, May2), Ct);

        Assert.Equal((2, 5L), (run.Days, run.Events));
        var rows = await StoredAsync(db);
        Assert.Equal([May1, May2], rows.Select(r => r.Day));
        var (first, second) = (rows[0], rows[1]);
        // u-1's first event is on May 1 (Shanghai), so that is their sign-up day.
        Assert.Equal((1, 1, 0, 0, 0m, 1), (first.ActiveLearners, first.NewLearners, first.PayingLearners, first.Orders, first.Revenue, first.Events));
        Assert.Equal((3, 2, 2, 2, 130m, 4), (second.ActiveLearners, second.NewLearners, second.PayingLearners, second.Orders, second.Revenue, second.Events));
        Assert.All(rows, r => Assert.Equal(Now.UtcDateTime, r.ComputedAt));
    }

    [Theory, DatabaseProviders]
    public async Task RecomputeAsync_RunAgainAfterMoreEvents_ReplacesTheRows(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);
        await SeedAroundMidnightAsync(world);
        await world.Rollups.RecomputeAsync(new DayRange(May1, May2), Ct);
        await world.AppendAsync(world.At("u-4", EventType.Purchase, Sh(2, 20), 9.9m));

        await world.Rollups.RecomputeAsync(new DayRange(May2, May2), Ct);
        await world.Rollups.RecomputeAsync(new DayRange(May2, May2), Ct);

        var rows = await StoredAsync(db);
        Assert.Equal([May1, May2], rows.Select(r => r.Day));
        Assert.Equal((4, 3, 3, 139.9m, 5), (rows[1].ActiveLearners, rows[1].PayingLearners, rows[1].Orders, rows[1].Revenue, rows[1].Events));
        Assert.Equal(1, rows[0].Events);
    }

    [Theory, DatabaseProviders]
    public async Task RecomputeAllAsync_StaleRowsAndGaps_RebuildsEveryDayFromFirstEventToToday(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);
        await SeedAroundMidnightAsync(world);
        await using (var ctx = await db.Contexts.CreateDbContextAsync(Ct))
        {
            ctx.DailyRollups.Add(new DailyRollup { Day = new DateOnly(2020, 1, 1), Events = 999 });
            await ctx.SaveChangesAsync(Ct);
        }

        var run = await world.Rollups.RecomputeAllAsync(Ct);

        Assert.Equal(new DayRange(May1, new DateOnly(2026, 5, 3)), run.Range);
        var rows = await StoredAsync(db);
        Assert.Equal([May1, May2, new DateOnly(2026, 5, 3)], rows.Select(r => r.Day));
        Assert.Equal([1, 4, 0], rows.Select(r => r.Events));
        Assert.Equal([0m, 130m, 0m], rows.Select(r => r.Revenue));
    }

    [Theory, DatabaseProviders]
    public async Task RecomputeRecentAsync_TwoDays_LeavesOlderRowsAlone(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);
        await SeedAroundMidnightAsync(world);
        await world.Rollups.RecomputeAllAsync(Ct);
        await world.AppendAsync(world.At("u-9", EventType.View, Sh(1, 9)), world.At("u-9", EventType.View, Sh(3, 9)));

        var run = await world.Rollups.RecomputeRecentAsync(2, Ct);

        Assert.Equal(new DayRange(May2, new DateOnly(2026, 5, 3)), run.Range);
        var rows = await StoredAsync(db);
        // May 1 keeps its old figure until the nightly full rebuild; May 3 (today) sees the new event.
        Assert.Equal([1, 4, 1], rows.Select(r => r.Events));
    }

    [Theory, DatabaseProviders]
    public async Task RecomputeAllAsync_NoData_LeavesNoRows(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);

        var run = await world.Rollups.RecomputeAllAsync(Ct);

        Assert.Null(run.Range);
        Assert.Empty(await StoredAsync(db));
        Assert.False(await world.Rollups.AnyAsync(Ct));
    }
}
