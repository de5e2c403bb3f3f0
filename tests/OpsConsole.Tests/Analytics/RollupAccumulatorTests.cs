using OpsConsole.Analytics;
using OpsConsole.Ingestion;

namespace OpsConsole.Tests.Analytics;

public sealed class RollupAccumulatorTests
{
    private static readonly DateOnly May1 = new(2026, 5, 1);
    private static readonly DateOnly May2 = new(2026, 5, 2);

    private static EventFact Fact(string learner, EventType type, int day, int hour, int minute = 0, decimal? amount = null) =>
        new(learner, type, new DateTime(2026, 5, day, hour, minute, 0, DateTimeKind.Utc), amount);

    [Fact]
    public void Complete_EventsEitherSideOfShanghaiMidnight_LandOnTheirLocalDays()
    {
        var acc = new RollupAccumulator(AnalyticsClock.Platform());
        acc.Add(Fact("u-1", EventType.View, 1, 15, 59));        // 23:59 on May 1 in Shanghai
        acc.Add(Fact("u-1", EventType.Purchase, 1, 16, 1, 99m)); // 00:01 on May 2
        acc.Add(Fact("u-2", EventType.View, 2, 2));

        var rows = acc.Complete(new DayRange(May1, May2), DateTime.UnixEpoch);

        Assert.Equal([May1, May2], rows.Select(r => r.Day));
        Assert.Equal((1, 1, 0, 0m), (rows[0].Events, rows[0].ActiveLearners, rows[0].Orders, rows[0].Revenue));
        Assert.Equal((2, 2, 1, 99m), (rows[1].Events, rows[1].ActiveLearners, rows[1].Orders, rows[1].Revenue));
    }

    [Fact]
    public void Complete_SameEventsInUtc_BucketsDifferentlyThanInShanghai()
    {
        var acc = new RollupAccumulator(AnalyticsClock.Platform("UTC"));
        acc.Add(Fact("u-1", EventType.View, 1, 15, 59));
        acc.Add(Fact("u-1", EventType.Purchase, 1, 16, 1, 99m));

        var rows = acc.Complete(new DayRange(May1, May2), DateTime.UnixEpoch);

        Assert.Equal((2, 99m), (rows[0].Events, rows[0].Revenue));
        Assert.Equal(0, rows[1].Events);
    }

    [Fact]
    public void Complete_PurchasesAndRefunds_RevenueNetsRefundsAndPayingIsDistinct()
    {
        var acc = new RollupAccumulator(AnalyticsClock.Platform());
        acc.Add(Fact("u-1", EventType.Purchase, 2, 1, amount: 199m));
        acc.Add(Fact("u-1", EventType.Purchase, 2, 2, amount: 50.5m));
        acc.Add(Fact("u-2", EventType.Purchase, 2, 3, amount: 100m));
        acc.Add(Fact("u-3", EventType.Refund, 2, 4, amount: 30m));
        acc.Add(Fact("u-3", EventType.LessonProgress, 2, 5));

        var row = Assert.Single(acc.Complete(new DayRange(May2, May2), DateTime.UnixEpoch));

        Assert.Equal(3, row.Orders);
        Assert.Equal(2, row.PayingLearners);
        Assert.Equal(199m + 50.5m + 100m - 30m, row.Revenue);
        Assert.Equal(3, row.ActiveLearners);
        Assert.Equal(5, row.Events);
    }

    [Fact]
    public void Complete_QuietDaysAndSignups_EveryDayHasARowWithItsSignups()
    {
        var acc = new RollupAccumulator(AnalyticsClock.Platform());
        acc.AddSignup(new DateTime(2026, 5, 1, 17, 0, 0, DateTimeKind.Utc)); // May 2 in Shanghai
        acc.AddSignup(new DateTime(2026, 5, 2, 3, 0, 0, DateTimeKind.Utc));
        acc.AddSignup(new DateTime(2026, 4, 30, 16, 0, 0, DateTimeKind.Utc)); // May 1, 00:00 Shanghai
        var computedAt = new DateTime(2026, 5, 4, 0, 0, 0, DateTimeKind.Utc);

        var rows = acc.Complete(new DayRange(May1, new DateOnly(2026, 5, 3)), computedAt);

        Assert.Equal([1, 2, 0], rows.Select(r => r.NewLearners));
        Assert.All(rows, r => Assert.Equal(0, r.Events));
        Assert.All(rows, r => Assert.Equal(computedAt, r.ComputedAt));
    }

    [Fact]
    public void Add_EventOfADayAlreadyPassed_Throws()
    {
        var acc = new RollupAccumulator(AnalyticsClock.Platform());
        acc.Add(Fact("u-1", EventType.View, 1, 2));
        acc.Add(Fact("u-1", EventType.View, 3, 2));

        Assert.Throws<InvalidOperationException>(() => acc.Add(Fact("u-2", EventType.View, 1, 3)));
    }
}
