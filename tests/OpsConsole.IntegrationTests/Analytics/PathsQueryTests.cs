using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Learners;
using static OpsConsole.IntegrationTests.Analytics.JourneyFixtures;

namespace OpsConsole.IntegrationTests.Analytics;

public sealed class PathsQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Now = new(2026, 2, 4, 4, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Jan10 = new(2026, 1, 10);
    private static readonly DateOnly Jan11 = new(2026, 1, 11);

    private static PathsQuery Query(TestDatabase db, AnalyticsWorld world) => new(db.Contexts, db.Options, world.Time);

    /// <summary>
    /// Shanghai, Jan 10 (the path steps rebuilt after). a: view 10:00, lesson 10:05 and 10:06 (one step), view 10:10 and 10:12 (one step), purchase 10:20;
    /// a gap of 40 minutes, then lesson 11:00, click 11:29, share 11:59 (exactly 30 minutes: same session); 31 minutes
    /// later a view. b: lesson 09:00, search 09:10, lesson 09:20, view 09:25. c: a lesson at 23:50 on Jan 9 (outside
    /// the range) and a view on Jan 10. d: lesson 15:00, rate 15:10.
    /// </summary>
    private static async Task<AnalyticsWorld> SeedAsync(TestDatabase db)
    {
        var world = new AnalyticsWorld(db, Now);
        await world.AppendAsync(
            world.At("a", EventType.View, Sh(1, 10, 10, 0)),
            world.At("a", EventType.LessonProgress, Sh(1, 10, 10, 5)),
            world.At("a", EventType.LessonProgress, Sh(1, 10, 10, 6)),
            world.At("a", EventType.View, Sh(1, 10, 10, 10)),
            world.At("a", EventType.View, Sh(1, 10, 10, 12)),
            world.At("a", EventType.Purchase, Sh(1, 10, 10, 20), 10m),
            world.At("a", EventType.LessonProgress, Sh(1, 10, 11, 0)),
            world.At("a", EventType.Click, Sh(1, 10, 11, 29)),
            world.At("a", EventType.Share, Sh(1, 10, 11, 59)),
            world.At("a", EventType.View, Sh(1, 10, 12, 30, 1)),
            world.At("b", EventType.LessonProgress, Sh(1, 10, 9, 0)),
            world.At("b", EventType.Search, Sh(1, 10, 9, 10)),
            world.At("b", EventType.LessonProgress, Sh(1, 10, 9, 20)),
            world.At("b", EventType.View, Sh(1, 10, 9, 25)),
            world.At("c", EventType.LessonProgress, Sh(1, 9, 23, 50)),
            world.At("c", EventType.View, Sh(1, 10, 0, 5)),
            world.At("d", EventType.LessonProgress, Sh(1, 10, 15, 0)),
            world.At("d", EventType.Rate, Sh(1, 10, 15, 10)));
        await world.RebuildHistoryAsync();
        return world;
    }

    private static string[] Sequences(PathsReport r) => [.. r.TopSequences.Select(s => $"{string.Join(">", s.Steps)}:{s.Paths}/{s.Learners}").Order()];

    [Theory, DatabaseProviders]
    public async Task RunAsync_After_CleansRepeatsAndCutsAtSessionGaps(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await Query(db, world).RunAsync(new PathsRequest(EventType.LessonProgress, PathDirection.After, 3, Jan10, Jan11), Ct);

        // a's two sessions with a lesson give one path each; b's two lessons give two; d one; c's lesson is outside the range.
        Assert.Equal((5, 3), (report.Paths, report.Learners));
        Assert.Equal(["click>share:1/1", "rate:1/1", "search>lesson_progress>view:1/1", "view:1/1", "view>purchase:1/1"], Sequences(report));
        Assert.Equal(["0 lesson_progress 5", "1 view 2", "1 click 1", "1 rate 1", "1 search 1", "2 lesson_progress 1", "2 purchase 1", "2 share 1", "3 view 1"],
            report.Nodes.Select(n => $"{n.Depth} {n.Type} {n.Paths}"));
        Assert.Equal(["1 lesson_progress>view 2", "1 lesson_progress>click 1", "1 lesson_progress>rate 1", "1 lesson_progress>search 1",
            "2 click>share 1", "2 search>lesson_progress 1", "2 view>purchase 1", "3 lesson_progress>view 1"],
            report.Edges.Select(e => $"{e.Depth} {e.From}>{e.To} {e.Paths}"));
        Assert.False(report.EdgesTruncated);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Before_WalksBackToTheSessionStart(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await Query(db, world).RunAsync(new PathsRequest(EventType.LessonProgress, PathDirection.Before, 2, Jan10, Jan11), Ct);

        // Nearest step first: b's second lesson was preceded by a search, which followed b's first lesson.
        Assert.Equal([":3/3", "search>lesson_progress:1/1", "view:1/1"], Sequences(report));
        Assert.Equal("before", report.Direction);
        Assert.Equal(["0 lesson_progress 5", "1 search 1", "1 view 1", "2 lesson_progress 1"], report.Nodes.Select(n => $"{n.Depth} {n.Type} {n.Paths}"));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_SessionCrossesTheRangeEnds_PathsStartInTheRangeAndFollowTheWholeSession(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);
        // One session across midnight: view 23:40, lesson 23:50 (Jan 10), search 00:05, lesson 00:10 (Jan 11).
        await world.AppendAsync(
            world.At("f", EventType.View, Sh(1, 10, 23, 40)),
            world.At("f", EventType.LessonProgress, Sh(1, 10, 23, 50)),
            world.At("f", EventType.Search, Sh(1, 11, 0, 5)),
            world.At("f", EventType.LessonProgress, Sh(1, 11, 0, 10)));
        await world.RebuildHistoryAsync();
        var query = Query(db, world);

        var after = await query.RunAsync(new PathsRequest(EventType.LessonProgress, PathDirection.After, 3, Jan10, Jan11), Ct);
        var before = await query.RunAsync(new PathsRequest(EventType.LessonProgress, PathDirection.Before, 3, Jan11, new DateOnly(2026, 1, 12)), Ct);

        // Only Jan 10's lesson starts a path after; it goes on past midnight. Only Jan 11's starts one before; it goes back.
        Assert.Equal(["search>lesson_progress:1/1"], Sequences(after));
        Assert.Equal(["search>lesson_progress>view:1/1"], Sequences(before));
    }

    [Fact]
    public async Task RebuildHistoryAsync_LateEventInsideASession_RelinksTheSessionOnRefresh()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = new AnalyticsWorld(db, Now);
        await world.AppendAsync(world.At("g", EventType.LessonProgress, Sh(1, 10, 10, 0)), world.At("g", EventType.View, Sh(1, 10, 10, 20)));
        await world.RebuildHistoryAsync();
        var query = Query(db, world);
        var request = new PathsRequest(EventType.LessonProgress, PathDirection.After, 3, Jan10, Jan11);
        Assert.Equal(["view:1/1"], Sequences(await query.RunAsync(request, Ct)));

        // A search sent late, which happened between the two: the updater's catch-up re-cleans the learner's history.
        await world.AppendAsync(world.At("g", EventType.Search, Sh(1, 10, 10, 10)));
        Assert.Equal(["g"], await world.Profiles.CatchUpAsync(Ct));

        Assert.Equal(["search>view:1/1"], Sequences(await query.RunAsync(request, Ct)));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_SegmentAndEdgeLimit_KeepMembersAndTheLargestEdges(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        var segment = await SegmentAsync(db, "d");
        var query = Query(db, world);

        var members = await query.RunAsync(new PathsRequest(EventType.LessonProgress, PathDirection.After, 3, Jan10, Jan11, segment), Ct);
        var limited = await query.RunAsync(new PathsRequest(EventType.LessonProgress, PathDirection.After, 1, Jan10, Jan11, MaxEdges: 2), Ct);

        Assert.Equal(["rate:1/1"], Sequences(members));
        Assert.Equal(["lesson_progress>view 2", "lesson_progress>click 1"], limited.Edges.Select(e => $"{e.From}>{e.To} {e.Paths}"));
        Assert.True(limited.EdgesTruncated);
        Assert.Equal(5, limited.Nodes.Where(n => n.Depth == 1).Sum(n => n.Paths));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_BreakdownByTier_GivesEachGroupItsOwnPathsLargestFirst(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        await world.AppendAsync(
            world.At("e", EventType.LessonProgress, Sh(1, 10, 14, 0)),
            world.At("e", EventType.View, Sh(1, 10, 14, 5)));
        await world.RebuildHistoryAsync();
        await world.DescribeAsync(l => l.Tier = l.Id switch { "a" => MembershipTier.Annual, "b" or "c" or "e" => MembershipTier.Monthly, _ => MembershipTier.None });

        var report = await Query(db, world).RunAsync(new PathsRequest(EventType.LessonProgress, PathDirection.After, 3, Jan10, Jan11, Breakdown: LearnerBreakdown.Tier), Ct);

        Assert.Equal("tier", report.Breakdown);
        Assert.Equal((6, 4), (report.Paths, report.Learners));
        // Monthly: b and e (c's lesson is outside the range); Annual: a; d has no membership.
        Assert.Equal(["Monthly 3/2", "Annual 2/1", "None 1/1"], report.Groups!.Select(g => $"{g.Value} {g.Paths}/{g.Learners}"));
        var free = report.Groups![0];
        Assert.Equal(["search>lesson_progress>view:1/1", "view:2/2"], free.TopSequences.Select(s => $"{string.Join(">", s.Steps)}:{s.Paths}/{s.Learners}").Order());
        Assert.Equal(["0 lesson_progress 3", "1 view 2", "1 search 1", "2 lesson_progress 1", "3 view 1"], free.Nodes.Select(n => $"{n.Depth} {n.Type} {n.Paths}"));
        Assert.Equal(["1 lesson_progress>click 1", "1 lesson_progress>view 1", "2 click>share 1", "2 view>purchase 1"],
            report.Groups![1].Edges.Select(e => $"{e.Depth} {e.From}>{e.To} {e.Paths}"));
        Assert.Equal(["rate"], Assert.Single(report.Groups![2].TopSequences).Steps);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_NoBreakdown_ReturnsNoGroups(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await Query(db, world).RunAsync(new PathsRequest(EventType.LessonProgress, PathDirection.After, 3, Jan10, Jan11), Ct);

        Assert.Null(report.Breakdown);
        Assert.Empty(report.Groups!);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_UnknownSegment_ThrowsNamingSegment(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var error = await Assert.ThrowsAsync<AnalyticsParameterException>(() =>
            Query(db, world).RunAsync(new PathsRequest(EventType.View, PathDirection.After, 2, Jan10, Jan11, 999), Ct));

        Assert.Equal("segment", error.Parameter);
    }
}
