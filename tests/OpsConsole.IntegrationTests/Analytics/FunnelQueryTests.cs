using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Analytics;

public sealed class FunnelQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 4, 0, 0, TimeSpan.Zero);
    private static readonly EventType[] ViewLessonPurchase = [EventType.View, EventType.LessonProgress, EventType.Purchase];
    private static readonly FunnelRequest Request = new(ViewLessonPurchase, 24, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 8));

    private static DateTime Sh(int day, int hour, int minute = 0, int second = 0) => new(2026, 3, day, hour, minute, second);

    private static FunnelQuery Query(TestDatabase db, AnalyticsWorld world) => new(db.Contexts, db.Options, world.Time);

    /// <summary>Shanghai times in March; the funnel is view → lesson → purchase within 24 hours, entries on Mar 1–7.</summary>
    private static async Task<AnalyticsWorld> SeedAsync(TestDatabase db)
    {
        var world = new AnalyticsWorld(db, Now);
        await world.AppendAsync(
            // a: the whole funnel, 1 h then 2 h.
            world.At("a", EventType.View, Sh(1, 10)), world.At("a", EventType.LessonProgress, Sh(1, 11)), world.At("a", EventType.Purchase, Sh(1, 13), 9m),
            // b: the steps in reverse order: only the view counts.
            world.At("b", EventType.Purchase, Sh(2, 9), 9m), world.At("b", EventType.LessonProgress, Sh(2, 10)), world.At("b", EventType.View, Sh(2, 11)),
            // c: buys one second after the 24-hour window.
            world.At("c", EventType.View, Sh(3, 10)), world.At("c", EventType.LessonProgress, Sh(3, 12)), world.At("c", EventType.Purchase, Sh(4, 10, 0, 1), 9m),
            // d: buys exactly at the end of the window, which still counts.
            world.At("d", EventType.View, Sh(3, 10)), world.At("d", EventType.LessonProgress, Sh(3, 11)), world.At("d", EventType.Purchase, Sh(4, 10), 9m),
            // e: the first entry runs out of time; the second entry a day later completes in 30 + 30 minutes.
            world.At("e", EventType.View, Sh(5, 8)), world.At("e", EventType.LessonProgress, Sh(5, 9)),
            world.At("e", EventType.View, Sh(6, 10)), world.At("e", EventType.LessonProgress, Sh(6, 10, 30)), world.At("e", EventType.Purchase, Sh(6, 11), 9m),
            // f: all three steps at the same instant.
            world.At("f", EventType.View, Sh(7, 12)), world.At("f", EventType.LessonProgress, Sh(7, 12)), world.At("f", EventType.Purchase, Sh(7, 12), 9m),
            // g: viewed before the range only, so never entered.
            world.At("g", EventType.View, new DateTime(2026, 2, 28, 23, 0, 0)), world.At("g", EventType.LessonProgress, Sh(1, 0, 30)),
            // h: enters late on the last day; the lesson after the range still counts, being inside the window.
            world.At("h", EventType.View, Sh(7, 23)), world.At("h", EventType.LessonProgress, Sh(8, 1)));
        return world;
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_HandComputedLearners_CountsOrderedStepsWithinTheWindow(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await Query(db, world).RunAsync(Request, Ct);

        Assert.Equal(["view", "lesson_progress", "purchase"], report.Steps.Select(s => s.Type));
        Assert.Equal([7, 6, 4], report.Steps.Select(s => s.Learners));
        Assert.Null(report.Steps[0].MedianSecondsFromPrevious);
        // view → lesson of the best entries: a 3600, c 7200, d 3600, e 1800, f 0, h 7200.
        Assert.Equal(3600, report.Steps[1].MedianSecondsFromPrevious!.Value, 3);
        // lesson → purchase: a 7200, d 82800, e 1800, f 0.
        Assert.Equal(4500, report.Steps[2].MedianSecondsFromPrevious!.Value, 3);
        Assert.Equal(6.0 / 7, report.Steps[1].ConversionFromPrevious!.Value, 9);
        Assert.Equal(4.0 / 7, report.Steps[2].ConversionFromStart!.Value, 9);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_SeveralEntriesReachingTheSameStep_TimesTheLatestEntry(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);
        await world.AppendAsync(
            world.At("v", EventType.View, Sh(2, 9)), world.At("v", EventType.View, Sh(2, 10)), world.At("v", EventType.View, Sh(2, 11)),
            world.At("v", EventType.LessonProgress, Sh(2, 12)), world.At("v", EventType.Purchase, Sh(2, 12, 30), 9m));

        var report = await Query(db, world).RunAsync(Request, Ct);

        Assert.Equal([1, 1, 1], report.Steps.Select(s => s.Learners));
        Assert.Equal(3600, report.Steps[1].MedianSecondsFromPrevious!.Value, 3);
        Assert.Equal(1800, report.Steps[2].MedianSecondsFromPrevious!.Value, 3);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_ShorterWindow_DropsTheSlowerConversions(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await Query(db, world).RunAsync(Request with { WindowHours = 1 }, Ct);

        // Within one hour: a and d reach the lesson (at exactly +1 h); only e's second entry and f finish.
        Assert.Equal([7, 4, 2], report.Steps.Select(s => s.Learners));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_BreakdownByDevice_GivesEachGroupItsStepsAndMedians(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        await world.DescribeAsync(l => l.Device = l.Id switch { "a" or "b" or "c" => "ios", "d" or "e" => "android", "g" => "web", _ => null });

        var report = await Query(db, world).RunAsync(Request with { Breakdown = LearnerBreakdown.Device }, Ct);

        Assert.Equal([7, 6, 4], report.Steps.Select(s => s.Learners));
        Assert.Equal("device", report.Breakdown);
        // g never entered, so "web" has no group; f and h have no device.
        Assert.Equal(["ios", "android", LearnerBreakdowns.None], report.Groups!.Select(g => g.Value));
        Assert.Equal([[3, 2, 1], [2, 2, 2], [2, 2, 1]], report.Groups!.Select(g => g.Steps.Select(s => s.Learners).ToArray()));
        // android's lesson → purchase: d 82800 s, e 1800 s.
        Assert.Equal(42300, report.Groups![1].Steps[2].MedianSecondsFromPrevious!.Value, 3);
        Assert.Equal(2.0 / 3, report.Groups![0].Steps[1].ConversionFromPrevious!.Value, 9);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Segment_CountsOnlyItsMembers(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        var segment = await world.SegmentAsync("a", "b", "c", "g");

        var report = await Query(db, world).RunAsync(Request with { SegmentId = segment }, Ct);

        Assert.Equal([3, 2, 1], report.Steps.Select(s => s.Learners));
        Assert.Empty(report.Groups!);
    }

    [Theory, DatabaseProviders]
    public async Task DropoutsAsync_EachStep_ListsTheLearnersWhoStoppedThere(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        var query = Query(db, world);

        var afterView = await query.DropoutsAsync(Request, step: 1, offset: 0, limit: 10, Ct);
        var afterLesson = await query.DropoutsAsync(Request, step: 2, offset: 0, limit: 10, Ct);
        var secondPage = await query.DropoutsAsync(Request, step: 2, offset: 1, limit: 1, Ct);
        var pastTheEnd = await query.DropoutsAsync(Request, step: 2, offset: 5, limit: 1, Ct);

        // The report's drop-offs: 7 - 6 after the view (b), 6 - 4 after the lesson (c too late, h unfinished).
        Assert.Equal("1: b", Describe(afterView));
        Assert.Equal("2: c h", Describe(afterLesson));
        Assert.Equal("2: h", Describe(secondPage));
        Assert.Equal("2: ", Describe(pastTheEnd));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => query.DropoutsAsync(Request, step: 3, offset: 0, limit: 10, Ct));
    }

    private static string Describe(FunnelDropouts page) => $"{page.Total}: {string.Join(' ', page.LearnerIds)}";

    [Theory, DatabaseProviders]
    public async Task RunAsync_WindowAcrossAClockChange_CountsExactHours(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        if (provider == DatabaseProvider.PostgreSql)
        {
            // A server whose sessions keep New York's clock, which springs forward on March 8: seven days from March 5
            // there are 167 hours.
            await using var connection = new Npgsql.NpgsqlConnection(db.ConnectionString);
            await connection.OpenAsync(Ct);
            await using var command = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{connection.Database}\" SET timezone = 'America/New_York'", connection);
            await command.ExecuteNonQueryAsync(Ct);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
        var world = new AnalyticsWorld(db, Now);
        // Both view at 12:00 in New York on March 5; x has the lesson 167.5 hours later, y 168.5 hours later.
        await world.AppendAsync(
            world.At("x", EventType.View, Sh(6, 1)), world.At("x", EventType.LessonProgress, Sh(13, 0, 30)),
            world.At("y", EventType.View, Sh(6, 1)), world.At("y", EventType.LessonProgress, Sh(13, 1, 30)));
        var request = new FunnelRequest([EventType.View, EventType.LessonProgress], 168, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 8));

        foreach (var plan in new[] { new FunnelPlan(Prune: false, Rare: 0), new FunnelPlan(Prune: false, Rare: 2) })
        {
            var report = await new FunnelQuery(db.Contexts, db.Options, world.Time) { Plan = plan }.RunAsync(request, Ct);

            Assert.Equal([$"{plan} 2", $"{plan} 1"], report.Steps.Select(s => $"{plan} {s.Learners}"));
            Assert.Equal(167.5 * 3600, report.Steps[1].MedianSecondsFromPrevious!.Value, 3);
        }
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_NoEntriesInRange_ReportsZerosWithoutMedians(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await Query(db, world).RunAsync(Request with { From = new DateOnly(2026, 3, 20), To = new DateOnly(2026, 3, 27) }, Ct);

        Assert.All(report.Steps, s => Assert.Equal(0, s.Learners));
        Assert.All(report.Steps, s => Assert.Null(s.MedianSecondsFromPrevious));
    }
}
