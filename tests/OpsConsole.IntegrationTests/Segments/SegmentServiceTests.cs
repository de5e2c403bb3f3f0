using Microsoft.EntityFrameworkCore;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.IntegrationTests.Profiles;
using OpsConsole.Profiles;
using OpsConsole.Segments;

namespace OpsConsole.IntegrationTests.Segments;

public sealed class SegmentServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Now = new(2026, 5, 10, 4, 0, 0, TimeSpan.Zero);
    private static DateTime DaysAgo(double days) => Now.UtcDateTime.AddDays(-days);

    /// <summary>
    /// u-1 buys Docker twice and studies often; u-2 viewed Rust long ago and left; u-3 logs in daily, never buys;
    /// u-4 buys Rust once and watches a lesson; u-5 signed up yesterday.
    /// </summary>
    private static async Task<(ProfileWorld World, SegmentService Segments)> PlatformAsync(TestDatabase db)
    {
        var world = new ProfileWorld(db, Now);
        await world.AddCatalogAsync(("c-docker", "cloud", "docker,containers"), ("c-rust", "rust", "rust"));
        var events = new List<BehaviorEvent>
        {
            world.Event("u-1", EventType.Signup, DaysAgo(50)),
            world.Event("u-1", EventType.Purchase, DaysAgo(20), "c-docker", 199m),
            world.Event("u-1", EventType.Purchase, DaysAgo(3), "c-docker", 299m),
            world.Event("u-2", EventType.View, DaysAgo(100), "c-rust"),
            world.Event("u-4", EventType.Purchase, DaysAgo(40), "c-rust", 99m),
            world.Event("u-4", EventType.LessonProgress, DaysAgo(2), "c-rust", properties: """{"lesson":1,"progress":10}"""),
            world.Event("u-5", EventType.Signup, DaysAgo(1)),
        };
        events.AddRange(Enumerable.Range(1, 5).Select(d => world.Event("u-1", EventType.LessonProgress, DaysAgo(d), "c-docker", properties: $$"""{"lesson":{{d}},"progress":{{d * 20}}}""")));
        events.AddRange(Enumerable.Range(0, 20).Select(d => world.Event("u-3", EventType.Login, DaysAgo(d + 0.5))));
        await world.AppendAsync([.. events.OrderBy(e => e.OccurredAt)]);
        await world.Service.RebuildAsync(null, Ct);
        var time = new PlatformTime(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), world.Clock);
        return (world, new SegmentService(db.Contexts, time));
    }

    private static SegmentRule All(params SegmentCondition[] conditions) => new(Match.All, conditions, []);

    public static TheoryData<string, SegmentCondition, string[]> Conditions => new()
    {
        { "lifecycle", new(ConditionKind.Lifecycle, "Churned"), ["u-2"] },
        { "rfm prospects", new(ConditionKind.Rfm, "Prospect"), ["u-2", "u-3", "u-5"] },
        { "spend at least", new(ConditionKind.NetSpend, Number: 200), ["u-1"] },
        { "spend at most", new(ConditionKind.NetSpend, Number: 100, Compare: Comparison.AtMost), ["u-2", "u-3", "u-4", "u-5"] },
        { "orders", new(ConditionKind.Orders, Number: 1), ["u-1", "u-4"] },
        { "active days", new(ConditionKind.ActiveDays30, Number: 10), ["u-3"] },
        { "interest", new(ConditionKind.Interest, "docker", Number: 0.4), ["u-1"] },
        { "did at least n in d days", new(ConditionKind.DidEvent, "lesson_progress", Count: 3, Days: 7), ["u-1"] },
        { "did once in d days", new(ConditionKind.DidEvent, "purchase", Count: 1, Days: 30), ["u-1"] },
        { "did not in d days", new(ConditionKind.DidNotEvent, "login", Days: 30), ["u-1", "u-2", "u-4", "u-5"] },
        { "did not since", new(ConditionKind.DidNotEvent, "purchase", Since: new DateOnly(2026, 4, 1)), ["u-2", "u-3", "u-4", "u-5"] },
    };

    [Theory, MemberData(nameof(Conditions))]
    public async Task CountAsync_EachCondition_MatchesTheLearnersItDescribes(string name, SegmentCondition condition, string[] expected)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (_, segments) = await PlatformAsync(db);

        var created = await segments.CreateAsync(name, SegmentKind.Dynamic, All(condition), "test", Ct);

        Assert.Equal(expected.Length, await segments.CountAsync(All(condition), Ct));
        Assert.Equal(expected, await MembersAsync(db, created.Id));
    }

    [Theory, MemberData(nameof(Conditions))]
    public async Task ContainsAsync_EachCondition_AnswersForOneLearnerAsTheStoredMembersDo(string name, SegmentCondition condition, string[] expected)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (_, segments) = await PlatformAsync(db);
        var created = await segments.CreateAsync(name, SegmentKind.Dynamic, All(condition), "test", Ct);

        foreach (var learner in new[] { "u-1", "u-2", "u-3", "u-4", "u-5" })
        {
            Assert.Equal(expected.Contains(learner), await segments.ContainsAsync(created.Id, learner, Ct));
        }
    }

    [Theory, DatabaseProviders]
    public async Task ContainsAsync_BehaviourSinceTheLastRefresh_CountsForADynamicSegmentButNotAFrozenOne(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (world, segments) = await PlatformAsync(db);
        var buyers = All(new SegmentCondition(ConditionKind.DidEvent, "purchase", Count: 1, Days: 30));
        var dynamic = await segments.CreateAsync("Recent buyers", SegmentKind.Dynamic, buyers, null, Ct);
        var frozen = await segments.CreateAsync("Recent buyers, May 10", SegmentKind.Static, buyers, null, Ct);
        var uploaded = (await segments.CreateFromIdsAsync("VIP", ["u-4"], null, Ct)).Segment;

        await world.AppendAsync(world.Event("u-3", EventType.Purchase, DaysAgo(0.2), "c-rust", 99m));

        Assert.True(await segments.ContainsAsync(dynamic.Id, "u-3", Ct));
        Assert.False(await segments.ContainsAsync(frozen.Id, "u-3", Ct));
        Assert.True(await segments.ContainsAsync(frozen.Id, "u-1", Ct));
        Assert.Equal((true, false), (await segments.ContainsAsync(uploaded.Id, "u-4", Ct), await segments.ContainsAsync(uploaded.Id, "u-1", Ct)));
        Assert.False(await segments.ContainsAsync(dynamic.Id, "u-404", Ct));
        Assert.False(await segments.ContainsAsync(9_999, "u-1", Ct));
    }

    [Theory, DatabaseProviders]
    public async Task CountAsync_NestedAnyInsideAll_CombinesLikeTheBuilderShows(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (_, segments) = await PlatformAsync(db);
        // Paying learners who either studied this week or hold an interest in rust.
        var rule = new SegmentRule(Match.All, [new(ConditionKind.Orders, Number: 1)],
            [new SegmentRule(Match.Any, [new(ConditionKind.DidEvent, "lesson_progress", Count: 1, Days: 7), new(ConditionKind.Interest, "rust", Number: 0.5)], [])]);
        var spenders = new SegmentRule(Match.Any, [new(ConditionKind.NetSpend, Number: 250), new(ConditionKind.Lifecycle, "New")], []);

        Assert.Equal(2, await segments.CountAsync(rule, Ct));
        Assert.Equal(2, await segments.CountAsync(spenders, Ct));
        Assert.Equal(5, await segments.CountAsync(SegmentRule.Empty, Ct));
        var saved = await segments.CreateAsync("Paying and engaged", SegmentKind.Dynamic, rule, "manager@example.com", Ct);
        Assert.Equal(["u-1", "u-4"], await MembersAsync(db, saved.Id));
        Assert.Equal(rule.ToJson(), SegmentRule.FromJson(saved.Definition!).ToJson());
    }

    [Theory, DatabaseProviders]
    public async Task RefreshDynamicAsync_NewBehaviour_DynamicSegmentFollowsAndStaticStaysFrozen(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (world, segments) = await PlatformAsync(db);
        var buyers = All(new SegmentCondition(ConditionKind.DidEvent, "purchase", Count: 1, Days: 30));
        var dynamic = await segments.CreateAsync("Recent buyers", SegmentKind.Dynamic, buyers, null, Ct);
        var frozen = await segments.CreateAsync("Recent buyers, May 10", SegmentKind.Static, buyers, null, Ct);

        await world.AppendAsync(world.Event("u-3", EventType.Purchase, DaysAgo(0.2), "c-rust", 99m));
        var refreshed = await segments.RefreshDynamicAsync(Ct);

        Assert.Equal(1, refreshed);
        Assert.Equal(["u-1", "u-3"], await MembersAsync(db, dynamic.Id));
        Assert.Equal(["u-1"], await MembersAsync(db, frozen.Id));
        Assert.Equal(2, (await segments.GetAsync(dynamic.Id, Ct))!.Members);
    }

    [Theory, DatabaseProviders]
    public async Task CreateFromListAsync_CsvOfIds_StoresKnownLearnersAndReportsTheRest(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (_, segments) = await PlatformAsync(db);

        var upload = await segments.CreateFromListAsync("VIP list", new StringReader("name,learner_id\nA,u-4\nB,u-1\nC,u-404\nD,u-1\n"), "admin", Ct);

        Assert.Equal((2, 1), (upload.Added, upload.Repeated));
        Assert.Equal(["u-404"], upload.Unknown);
        Assert.Equal(["u-1", "u-4"], await MembersAsync(db, upload.Segment.Id));
        var page = await new ProfileQueries(db.Contexts).SearchAsync(new LearnerQuery(SegmentId: upload.Segment.Id), Ct);
        Assert.Equal(["u-1", "u-4"], page.Rows.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task CreateAsync_BadRequests_NameTheFieldAtFault()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (_, segments) = await PlatformAsync(db);
        await segments.CreateAsync("Churned", SegmentKind.Dynamic, All(new SegmentCondition(ConditionKind.Lifecycle, "Churned")), null, Ct);

        var duplicate = await Assert.ThrowsAsync<SegmentRequestException>(() => segments.CreateAsync(" Churned ", SegmentKind.Dynamic, SegmentRule.Empty, null, Ct));
        var badStage = await Assert.ThrowsAsync<SegmentRequestException>(() => segments.CreateAsync("x", SegmentKind.Dynamic,
            new SegmentRule(Match.All, [], [All(new SegmentCondition(ConditionKind.Lifecycle, "Gone"))]), null, Ct));
        var badType = await Assert.ThrowsAsync<SegmentRequestException>(() => segments.CreateAsync("y", SegmentKind.Dynamic,
            All(new SegmentCondition(ConditionKind.Orders, Number: 1), new SegmentCondition(ConditionKind.DidEvent, "teleport", Count: 1, Days: 7)), null, Ct));
        var emptyList = await Assert.ThrowsAsync<SegmentRequestException>(() => segments.CreateFromListAsync("z", new StringReader("learner_id\n"), null, Ct));

        Assert.Equal("name", duplicate.Field);
        Assert.Equal("groups[0].conditions[0].value", badStage.Field);
        Assert.Contains("Gone", badStage.Reason);
        Assert.Equal("conditions[1].value", badType.Field);
        Assert.Equal("file", emptyList.Field);
    }

    [Fact]
    public async Task RenameAsync_NewName_KeepsMembers()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (_, segments) = await PlatformAsync(db);
        var created = await segments.CreateAsync("Churned", SegmentKind.Dynamic, All(new SegmentCondition(ConditionKind.Lifecycle, "Churned")), null, Ct);

        await segments.RenameAsync(created.Id, "Lost learners", Ct);

        var list = await segments.ListAsync(Ct);
        Assert.Equal(("Lost learners", 1), (list.Single().Name, list.Single().Members));
    }

    private static async Task<string[]> MembersAsync(TestDatabase db, int segmentId)
    {
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        var ids = await ctx.SegmentMembers.Where(m => m.SegmentId == segmentId).Select(m => m.LearnerId).ToListAsync(Ct);
        return [.. ids.Order(StringComparer.Ordinal)];
    }
}
