using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Segments;
using OpsConsole.Tests.Analytics;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Pages;

namespace OpsConsole.Tests.Analysis;

/// <summary>The two pages over a real in-memory database, on Sunday May 10, 2026 (noon in Shanghai).</summary>
public sealed class AnalysisPagesTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();
    // One statement at a time: the pages' database is one in-memory connection, which two slices cannot share.
    private readonly DatabaseOptions _options = new() { Provider = DatabaseProvider.Sqlite, AnalyticsParallelism = 1 };
    private readonly PlatformTime _time = AnalyticsClock.Platform(now: new DateTimeOffset(2026, 5, 10, 4, 0, 0, TimeSpan.Zero));
    private int _next;

    public AnalysisPagesTests()
    {
        _database.Register(Services);
        Services.AddSingleton(_options);
        Services.AddSingleton(_time);
        Services.AddSingleton<RetentionQuery>();
        Services.AddSingleton<FunnelQuery>();
        Services.AddSingleton<SegmentService>();
        SignInAs("Li Na", Roles.Operator);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    private void Add(string learner, EventType type, int month, int day, int hourUtc = 2)
    {
        using var db = new OpsDbContext(_database.Options);
        if (db.Learners.Find(learner) is null)
        {
            db.Learners.Add(new Learner { Id = learner, Tier = MembershipTier.None });
        }
        db.Events.Add(new BehaviorEvent
        {
            EventId = $"e-{++_next}", LearnerId = learner, Type = type, OccurredAt = new DateTime(2026, month, day, hourUtc, 0, 0, DateTimeKind.Utc),
            Amount = type == EventType.Purchase ? 9m : null, Currency = type == EventType.Purchase ? "CNY" : null,
        });
        db.SaveChanges();
        LearnerHistoryRows.Rebuild(db, _time);
    }

    [Fact]
    public void Retention_SignupsWithReturns_ShowsTheWeeklyHeatmapAndExportLink()
    {
        Add("a", EventType.Signup, 3, 2);
        Add("a", EventType.View, 3, 10);
        Add("b", EventType.Signup, 3, 3);

        var page = RenderWithProviders<OpsConsole.Web.Components.Pages.Retention>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("tr[data-cohort='2026-03-02']")), TimeSpan.FromSeconds(10));
        var row = page.Find("tr[data-cohort='2026-03-02']");
        Assert.Equal("2", row.QuerySelector(".ops-heat__size")!.TextContent.Trim());
        Assert.Equal("50%", row.QuerySelector("td[data-k='1'] .ops-heat__pct")!.TextContent);
        var export = page.Find("a.ops-export").GetAttribute("href")!;
        Assert.StartsWith("/analytics/retention/export.csv?cohortEvent=signup&returnEvent=any&period=week&periods=8", export);
    }

    [Fact]
    public void Funnels_NoEvents_ShowsTheEmptyState()
    {
        var page = RenderWithProviders<Funnels>();

        page.WaitForAssertion(() => Assert.Contains("Nobody entered this funnel", page.Find(".ops-state__title").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Funnels_UnsupportedDatabase_ShowsAnAlertInsteadOfFailing()
    {
        _options.Provider = DatabaseProvider.SqlServer;

        var page = RenderWithProviders<Funnels>();

        page.WaitForAssertion(() => Assert.Contains("SQL", page.Find("[data-testid='analysis-error']").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Retention_Prerendering_LeavesTheQueryToTheCircuit()
    {
        // An unsupported provider makes any query attempt visible as an alert.
        _options.Provider = DatabaseProvider.SqlServer;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));

        var page = RenderWithProviders<OpsConsole.Web.Components.Pages.Retention>();

        Assert.Empty(page.FindAll("[data-testid='analysis-error']"));
        Assert.Empty(page.FindAll(".ops-heat"));
        Assert.DoesNotContain("visibility:hidden", page.Find(".mud-progress-linear").GetAttribute("style") ?? "");
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> FunnelWithDropouts()
    {
        Add("a", EventType.View, 5, 1);
        Add("a", EventType.LessonProgress, 5, 1, 3);
        Add("b", EventType.View, 5, 2);
        Add("c", EventType.View, 5, 3);
        Add("c", EventType.LessonProgress, 5, 3, 3);
        Add("c", EventType.Purchase, 5, 3, 4);
        var page = RenderWithProviders<Funnels>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid='funnel-table'] tbody tr").Count), TimeSpan.FromSeconds(10));
        page.Find("tr[data-step='2'] .ops-funnel-dropouts").Click();
        page.WaitForAssertion(() => Assert.Equal(["a"], page.FindAll(".ops-dropouts__list a").Select(a => a.TextContent)), TimeSpan.FromSeconds(10));
        return page;
    }

    [Fact]
    public void Funnels_DropoutsSavedAsSegment_StoresTheLearners()
    {
        var page = FunnelWithDropouts();
        Assert.Equal("3", page.Find("tr[data-step='1'] .ops-funnel-learners").TextContent);

        page.Find(".ops-save-segment").Click();
        page.WaitForElement(".ops-segment-name input").Input("Lesson, no purchase");
        page.Find(".ops-save-segment-confirm").Click();

        page.WaitForAssertion(() =>
        {
            using var db = new OpsDbContext(_database.Options);
            var segment = Assert.Single(db.Segments.AsNoTracking().ToList());
            Assert.Equal(("Lesson, no purchase", SegmentKind.Static, "li.na@example.test"), (segment.Name, segment.Kind, segment.CreatedBy));
            Assert.Equal(["a"], db.SegmentMembers.AsNoTracking().Select(m => m.LearnerId).ToList());
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Funnels_SegmentNameTaken_ShowsTheProblemOnTheNameField()
    {
        using (var db = new OpsDbContext(_database.Options))
        {
            db.Segments.Add(new Segment { Name = "Taken", Kind = SegmentKind.Static });
            db.SaveChanges();
        }
        var page = FunnelWithDropouts();

        page.Find(".ops-save-segment").Click();
        page.WaitForElement(".ops-segment-name input").Input("Taken");
        page.Find(".ops-save-segment-confirm").Click();

        page.WaitForAssertion(() => Assert.Contains("already exists", page.Find(".ops-segment-name").TextContent), TimeSpan.FromSeconds(10));
        using var check = new OpsDbContext(_database.Options);
        Assert.Equal(1, check.Segments.Count());
    }

    public new void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}
