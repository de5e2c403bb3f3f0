using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Web.Components.Analysis;
using OpsConsole.Segments;
using OpsConsole.Tests.Analytics;
using OpsConsole.Web.Components.Charts;
using OpsConsole.Web.Components.Journeys;
using OpsConsole.Web.Components.Pages.Journeys;

namespace OpsConsole.Tests.Components.Journeys;

/// <summary>The journey pages over a real SQLite database with the real queries.</summary>
public sealed class JourneyPagesTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly PlatformTime _time = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), TimeProvider.System);
    private readonly BunitJSModuleInterop _charts;
    private int _next;

    public JourneyPagesTests()
    {
        _database.Register(Services);
        Services.AddSingleton(new DatabaseOptions { Provider = DatabaseProvider.Sqlite });
        Services.AddSingleton(_time);
        Services.AddSingleton<PathsQuery>();
        Services.AddSingleton<LifecycleQuery>();
        Services.AddSingleton<StickinessQuery>();
        Services.AddSingleton<CompassQuery>();
        Services.AddSingleton<SegmentService>();
        _charts = JSInterop.SetupModule(ApexChart.ModulePath);
        _charts.SetupVoid("create", _ => true).SetVoidResult();
        _charts.SetupVoid("update", _ => true).SetVoidResult();
        SignInAs("Li Na", Roles.Operator);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    private void Seed(params (string Learner, EventType Type, TimeSpan Ago)[] events)
    {
        using var db = new OpsDbContext(_database.Options);
        var now = DateTime.UtcNow;
        db.Events.AddRange(events.Select(e => new BehaviorEvent
        {
            EventId = $"e-{++_next}", LearnerId = e.Learner, Type = e.Type, OccurredAt = now - e.Ago, ReceivedAt = now,
        }));
        db.SaveChanges();
        LearnerHistoryRows.Rebuild(db, _time);
    }

    private static TimeSpan Minutes(int m) => TimeSpan.FromMinutes(m);

    [Fact]
    public void Paths_LessonsFollowedByViews_ShowsFlowTreeTableAndExportLink()
    {
        Seed(("a", EventType.LessonProgress, Minutes(50)), ("a", EventType.View, Minutes(45)), ("a", EventType.Purchase, Minutes(40)),
            ("b", EventType.LessonProgress, Minutes(30)), ("b", EventType.View, Minutes(20)));

        var page = RenderWithProviders<Paths>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-paths-table tbody tr")));
        // a went on from the view to a purchase; b's session ended at the view.
        Assert.Equal(["view 2", "session ends here 1", "purchase 1"], page.FindAll(".ops-path-tree__row:not(.ops-path-tree__row--root)")
            .Select(r => $"{r.QuerySelector(".ops-event, .ops-muted")!.TextContent} {r.QuerySelector(".ops-path-tree__count")!.TextContent}"));
        Assert.Contains("2 paths from 2 learners", page.Markup);
        var export = page.Find("a.ops-journey-export").GetAttribute("href");
        Assert.StartsWith("/analytics/paths/export.csv?event=lesson_progress&direction=after&steps=3&from=", export);
        Assert.Empty(page.FindAll(".ops-journey-error"));
    }

    [Fact]
    public void Paths_Prerendered_ShowsProgressAndLeavesTheQueryToTheInteractiveRender()
    {
        Seed(("a", EventType.LessonProgress, Minutes(50)), ("a", EventType.View, Minutes(45)));
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));

        var page = RenderWithProviders<Paths>();

        Assert.Null(page.Find(".ops-journey-progress").GetAttribute("style"));
        Assert.Empty(page.FindAll(".ops-path-tree"));
        Assert.Empty(page.FindAll(".ops-journey-empty"));
    }

    [Fact]
    public void Paths_NoEvents_ShowsTheEmptyStateAndDisablesExport()
    {
        var page = RenderWithProviders<Paths>();

        page.WaitForAssertion(() => Assert.Contains("Nothing to show", page.Find(".ops-journey-empty").TextContent));
        Assert.Contains("lesson_progress", page.Find(".ops-journey-empty__hint").TextContent);
        Assert.Empty(page.FindAll(".ops-path-tree"));
    }

    [Fact]
    public void Lifecycle_ActiveLearners_ShowsLifecycleAndStickiness()
    {
        Seed(("a", EventType.View, TimeSpan.FromDays(20)), ("a", EventType.View, TimeSpan.FromDays(13)), ("b", EventType.Signup, TimeSpan.FromDays(12)));

        var page = RenderWithProviders<Lifecycle>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-lifecycle-table tbody tr")));
        var totals = page.FindAll(".ops-lifecycle-table tbody tr").Select(r => r.QuerySelectorAll("td.ops-num")[0].TextContent).Select(int.Parse).Sum();
        Assert.Equal(2, totals);
        page.WaitForAssertion(() => Assert.Equal(7, page.FindAll(".ops-stickiness-table tbody tr").Count));
        Assert.Contains("period=week", page.Find("a.ops-lifecycle-export").GetAttribute("href"));
    }

    [Fact]
    public async Task Lifecycle_BreakdownByChannel_ShowsEachGroupInTheTablesAndChart()
    {
        Seed(("a", EventType.View, TimeSpan.FromDays(20)), ("a", EventType.View, TimeSpan.FromDays(13)), ("b", EventType.Signup, TimeSpan.FromDays(12)),
            ("c", EventType.View, TimeSpan.FromDays(5)), ("c", EventType.View, TimeSpan.FromDays(4)));
        using (var db = new OpsDbContext(_database.Options))
        {
            db.Learners.AddRange(new Learner { Id = "a", Channel = "app" }, new Learner { Id = "c", Channel = "app" });
            db.SaveChanges();
        }
        var page = RenderWithProviders<Lifecycle>();
        page.WaitForAssertion(() => Assert.Equal(3, NewLearners(page)));

        await page.InvokeAsync(() => page.FindComponent<BreakdownSelect>().Instance.ValueChanged.InvokeAsync(LearnerBreakdown.Channel));

        // b has no learner profile, so no channel: the "(none)" group.
        page.WaitForAssertion(() => Assert.All(page.FindComponents<GroupSelect>(), g => Assert.Equal(["app", LearnerBreakdowns.None], g.Instance.Groups)));
        Assert.Equal(2, page.FindComponents<GroupSelect>().Count);
        Assert.Equal(3, NewLearners(page));
        Assert.Contains("breakdown=channel", page.Find("a.ops-lifecycle-export").GetAttribute("href"));
        Assert.Contains("breakdown=channel", page.Find("a.ops-stickiness-export").GetAttribute("href"));
        // Stickiness draws one bar series per group.
        page.WaitForAssertion(() => Assert.Contains(_charts.Invocations.Where(i => i.Identifier is "create" or "update").Select(i => (ChartSpec)i.Arguments[1]!),
            spec => spec.Series.Select(s => s.Name).SequenceEqual(["app", LearnerBreakdowns.None])));

        var lifecycleGroups = page.FindComponents<GroupSelect>()[0];
        await page.InvokeAsync(() => lifecycleGroups.Instance.ValueChanged.InvokeAsync("app"));

        Assert.Equal(2, NewLearners(page));
        var stickinessGroups = page.FindComponents<GroupSelect>()[1];
        await page.InvokeAsync(() => stickinessGroups.Instance.ValueChanged.InvokeAsync(LearnerBreakdowns.None));
        // b was active on one day, 12 days ago: always in a finished week.
        Assert.Equal([1, 0, 0, 0, 0, 0, 0], page.FindAll(".ops-stickiness-table tbody tr").Select(r => int.Parse(r.QuerySelectorAll("td.ops-num")[0].TextContent)));
    }

    private static int NewLearners(IRenderedComponent<Bunit.Rendering.ContainerFragment> page) =>
        page.FindAll(".ops-lifecycle-table tbody tr").Select(r => r.QuerySelectorAll("td.ops-num")[0].TextContent).Select(int.Parse).Sum();

    [Fact]
    public void Compass_CohortYoungerThanFourWeeks_ExplainsThatItIsMaturing()
    {
        Seed(("a", EventType.Signup, TimeSpan.FromDays(3)), ("a", EventType.View, TimeSpan.FromDays(2)));

        var page = RenderWithProviders<Compass>();

        page.WaitForAssertion(() => Assert.Contains("1 learners are in this cohort but none has reached day 28", page.Find(".ops-journey-empty__hint").TextContent));
    }

    [Fact]
    public async Task QueryRunner_UnknownSegment_KeepsTheQuerysExplanation()
    {
        using var runner = new QueryRunner<CompassReport>(NullLogger.Instance);
        var query = Services.GetRequiredService<CompassQuery>();

        await runner.RunAsync(ct => query.RunAsync(new CompassRequest(EventType.Signup, _time.Today.AddDays(-30), _time.Today, 404), ct));

        Assert.True(runner.Failed);
        Assert.Equal("No segment has the id 404.", runner.Problem);
        Assert.False(runner.Loading);
    }

    [Fact]
    public async Task QueryRunner_NewerRunWhileOneIsPending_CancelsTheOlderAndKeepsTheNewerResult()
    {
        using var runner = new QueryRunner<string>(NullLogger.Instance);
        var slow = new TaskCompletionSource<string>();
        CancellationToken first = default;

        var older = runner.RunAsync(ct => { first = ct; return slow.Task; });
        Assert.True(runner.Loading);
        await runner.RunAsync(_ => Task.FromResult("newer"));
        slow.SetResult("older");
        await older;

        Assert.True(first.IsCancellationRequested);
        Assert.Equal("newer", runner.Result);
        Assert.False(runner.Loading);
    }

    void IDisposable.Dispose()
    {
        Dispose();
        _database.Dispose();
    }
}
