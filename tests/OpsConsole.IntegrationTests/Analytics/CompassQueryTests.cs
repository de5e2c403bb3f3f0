using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using static OpsConsole.IntegrationTests.Analytics.JourneyFixtures;

namespace OpsConsole.IntegrationTests.Analytics;

public sealed class CompassQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    // Noon Feb 20 in Shanghai.
    private static readonly DateTimeOffset Now = new(2026, 2, 20, 4, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Sign-ups in January (Shanghai). a: Jan 5 10:00, lesson Jan 6, view one second before day 8 starts, login at the
    /// first instant of day 22 (retained). b: Jan 8 10:00, lesson Jan 9, view at the first instant of day 8 (not the
    /// first week), an event at the first instant of day 29 (not retained). c: Jan 10 10:00, view an hour later, a second
    /// sign-up next day, a view on day 24 (retained). d: Jan 20, purchase next day, nothing later. e: Jan 25, too young
    /// to measure. f: first signed up in December. g: never signed up.
    /// </summary>
    private static async Task<AnalyticsWorld> SeedAsync(TestDatabase db)
    {
        var world = new AnalyticsWorld(db, Now);
        await world.AppendAsync(
            world.At("a", EventType.Signup, Sh(1, 5, 10)),
            world.At("a", EventType.LessonProgress, Sh(1, 6, 10)),
            world.At("a", EventType.View, Sh(1, 12, 9, 59, 59)),
            world.At("a", EventType.Login, Sh(1, 26, 10)),
            world.At("b", EventType.Signup, Sh(1, 8, 10)),
            world.At("b", EventType.LessonProgress, Sh(1, 9, 10)),
            world.At("b", EventType.View, Sh(1, 15, 10)),
            world.At("b", EventType.View, Sh(2, 5, 10)),
            world.At("c", EventType.Signup, Sh(1, 10, 10)),
            world.At("c", EventType.View, Sh(1, 10, 11)),
            world.At("c", EventType.Signup, Sh(1, 11, 10)),
            world.At("c", EventType.View, Sh(2, 2, 10)),
            world.At("d", EventType.Signup, Sh(1, 20, 10)),
            world.At("d", EventType.Purchase, Sh(1, 21, 10), 10m),
            world.At("e", EventType.Signup, Sh(1, 25, 10)),
            world.At("e", EventType.View, Sh(1, 26, 10)),
            world.At("f", EventType.Signup, Sh(12, 20, 10, year: 2025)),
            world.At("f", EventType.Signup, Sh(1, 6, 10)),
            world.At("g", EventType.View, Sh(1, 5, 10)));
        return world;
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_SignupCohort_ComparesFourWeekRetentionByFirstWeekBehaviour(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await new CompassQuery(db.Contexts, db.Options, world.Time)
            .RunAsync(new CompassRequest(EventType.Signup, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1)), Ct);

        Assert.Equal((4, 2, 1, 0.5), (report.Measured, report.Retained, report.Maturing, report.RetentionRate));
        Assert.Equal(["view 2/2 0/2", "signup 1/1 1/3", "lesson_progress 1/2 1/2", "purchase 0/1 2/3"],
            report.Rows.Select(r => $"{r.Type} {r.DidRetained}/{r.Did} {r.DidNotRetained}/{r.DidNot}"));
        var view = report.Rows[0];
        Assert.Equal((1.0, 0.0, 1.0), (view.DidRate, view.DidNotRate, view.Difference));
        // Pooled 50%, standard error 0.5, z = 2: p = 0.0455.
        Assert.Equal(0.0455, view.PValue!.Value, 4);
        Assert.True(view.Significant);
        Assert.Equal(1.0, report.Rows[2].PValue);
        Assert.False(report.Rows[2].Significant);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_SegmentOrEmptyRange_NarrowsTheCohort(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        var segment = await SegmentAsync(db, "a", "d", "g");
        var query = new CompassQuery(db.Contexts, db.Options, world.Time);

        var members = await query.RunAsync(new CompassRequest(EventType.Signup, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), segment), Ct);
        var empty = await query.RunAsync(new CompassRequest(EventType.Signup, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1)), Ct);

        Assert.Equal((2, 1), (members.Measured, members.Retained));
        Assert.Equal(["lesson_progress 1/1 0/1", "view 1/1 0/1", "purchase 0/1 1/1"],
            members.Rows.Select(r => $"{r.Type} {r.DidRetained}/{r.Did} {r.DidNotRetained}/{r.DidNot}"));
        Assert.Equal((0, null), (empty.Measured, empty.RetentionRate));
        Assert.Empty(empty.Rows);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_BreakdownByDevice_ComparesWithinEachGroup(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        await world.DescribeAsync(l => l.Device = l.Id switch { "a" or "c" or "e" => "ios", "b" or "d" or "f" => "android", _ => null });

        var report = await new CompassQuery(db.Contexts, db.Options, world.Time)
            .RunAsync(new CompassRequest(EventType.Signup, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), Breakdown: LearnerBreakdown.Device), Ct);

        Assert.Equal("device", report.Breakdown);
        Assert.Equal((4, 2, 1), (report.Measured, report.Retained, report.Maturing));
        // ios has a, c and the maturing e; android b and d (f's first sign-up was in December, so f is not in the cohort).
        Assert.Equal(["ios 2 2 1 1", "android 2 0 0 0"], report.Groups!.Select(g => $"{g.Value} {g.Measured} {g.Retained} {g.Maturing} {g.RetentionRate}"));
        Assert.Equal(["lesson_progress 1/1 1/1", "signup 1/1 1/1", "view 2/2 0/0"],
            report.Groups![0].Rows.Select(r => $"{r.Type} {r.DidRetained}/{r.Did} {r.DidNotRetained}/{r.DidNot}"));
        Assert.Equal(["lesson_progress 0/1 0/1", "purchase 0/1 0/1"],
            report.Groups![1].Rows.Select(r => $"{r.Type} {r.DidRetained}/{r.Did} {r.DidNotRetained}/{r.DidNot}"));
        Assert.Null(report.Groups![0].Rows[2].Difference);
    }

    [Theory]
    [InlineData(10, 20, 5, 20)]
    [InlineData(120, 400, 90, 410)]
    [InlineData(3, 3, 0, 7)]
    public void TwoProportionPValue_KnownCases_MatchesTheNormalApproximation(int x1, int n1, int x2, int n2)
    {
        var p1 = (double)x1 / n1;
        var p2 = (double)x2 / n2;
        var pooled = (double)(x1 + x2) / (n1 + n2);
        var z = Math.Abs(p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        // The two-sided tail by numeric integration of the standard normal density.
        var tail = 0.0;
        const double h = 1e-4;
        for (var x = z; x < z + 12; x += h)
        {
            tail += h * (Math.Exp(-x * x / 2) + Math.Exp(-(x + h) * (x + h) / 2)) / 2 / Math.Sqrt(2 * Math.PI);
        }

        Assert.Equal(2 * tail, CompassQuery.TwoProportionPValue(x1, n1, x2, n2)!.Value, 5);
    }
}
