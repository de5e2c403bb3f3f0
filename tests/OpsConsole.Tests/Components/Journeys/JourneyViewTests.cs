using Bunit;
using OpsConsole.Analytics;
using OpsConsole.Web.Components.Charts;
using OpsConsole.Web.Components.Journeys;

namespace OpsConsole.Tests.Components.Journeys;

public sealed class JourneyViewTests : ComponentTestBase
{
    private readonly BunitJSModuleInterop _charts;

    public JourneyViewTests()
    {
        _charts = JSInterop.SetupModule(ApexChart.ModulePath);
        _charts.SetupVoid("create", _ => true).SetVoidResult();
        _charts.SetupVoid("update", _ => true).SetVoidResult();
    }

    /// <summary>Lessons followed by views (then purchases) or by searches; one session ended at the lesson.</summary>
    private static PathsReport Paths(string direction = "after") => new("lesson_progress", direction, 2, 10, 6,
        [
            new(0, "lesson_progress", 10), new(1, "view", 6), new(1, "search", 3), new(2, "purchase", 4), new(2, "click", 1),
        ],
        [
            new(1, "lesson_progress", "view", 6), new(1, "lesson_progress", "search", 3), new(2, "view", "purchase", 4), new(2, "search", "click", 1),
        ],
        false,
        [
            new(["view", "purchase"], 4, 3), new(["search"], 2, 2), new(["view"], 2, 1), new([], 1, 1), new(["search", "click"], 1, 1),
        ]);

    private ChartSpec LastChart() => Assert.IsType<ChartSpec>(_charts.Invocations.Last(i => i.Identifier is "create" or "update").Arguments[1]);

    [Fact]
    public void PathsView_TopSequences_NestsSharedPrefixesWithCounts()
    {
        var view = Render<PathsView>(p => p.Add(c => c.Report, Paths()));

        var rows = view.FindAll(".ops-path-tree__row:not(.ops-path-tree__row--root)")
            .Select(r => $"{r.GetAttribute("style")} {string.Join(" ", r.QuerySelectorAll(".ops-event, .ops-muted:not(.ops-path-tree__share), .ops-path-tree__count").Select(e => e.TextContent.Trim()))}")
            .ToList();
        // view (4 + 2) holds purchase and the 2 paths that ended at view; search (2 + 1) holds click and its own ending.
        Assert.Equal(["--depth:1 view 6", "--depth:2 session ends here 2", "--depth:2 purchase 4", "--depth:1 search 3", "--depth:2 session ends here 2", "--depth:2 click 1"], rows);
        Assert.Contains("10 top paths start here", view.Find(".ops-path-tree__row--root").TextContent);
    }

    [Fact]
    public void PathsView_Table_ReadsChronologicallyAndMarksEndedSessions()
    {
        var after = Render<PathsView>(p => p.Add(c => c.Report, Paths()));
        var before = Render<PathsView>(p => p.Add(c => c.Report, Paths("before")));

        string Row(IRenderedComponent<PathsView> v, int i) => string.Join(" ", v.FindAll(".ops-paths-table tbody tr")[i]
            .QuerySelectorAll(".ops-paths-table__sequence .ops-event, .ops-paths-table__end").Select(e => e.TextContent.Trim()));
        Assert.Equal("lesson_progress view purchase", Row(after, 0));
        Assert.Equal("lesson_progress search session ends", Row(after, 1));
        Assert.Equal("purchase view lesson_progress", Row(before, 0));
        Assert.Equal("session starts search lesson_progress", Row(before, 1));
        Assert.Equal(["4", "40.0%", "3"], after.FindAll(".ops-paths-table tbody tr")[0].QuerySelectorAll("td.ops-num").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public void PathsView_Chart_StacksEventTypesPerStep()
    {
        var view = Render<PathsView>(p => p.Add(c => c.Report, Paths()));

        var spec = LastChart();
        Assert.True(spec.Stacked);
        Assert.Equal(["Step +1", "Step +2"], spec.Categories);
        Assert.Equal(["view 6,0", "purchase 0,4", "search 3,0", "click 0,1"], spec.Series.Select(s => $"{s.Name} {string.Join(",", s.Data)}"));
        Assert.Equal(["lesson_progress 10", "view 6", "search 3"], view.FindAll(".ops-path-flow__column").Take(2)
            .SelectMany(c => c.QuerySelectorAll(".ops-path-flow__label")).Select(l => string.Join(" ", l.Children.Select(e => e.TextContent.Trim()))));
    }

    [Fact]
    public void LifecycleView_Periods_DrawsDormantBelowTheAxisAndTabulatesEachPeriod()
    {
        var report = new LifecycleReport("week", [new(new DateOnly(2026, 1, 5), 5, 0, 0, 0, true), new(new DateOnly(2026, 1, 12), 2, 3, 1, -2, false)]);

        var view = Render<LifecycleView>(p => p.Add(c => c.Report, report));

        var spec = LastChart();
        Assert.True(spec.Stacked);
        Assert.Equal(["New 5,2", "Returning 0,3", "Resurrecting 0,1", "Dormant 0,-2"], spec.Series.Select(s => $"{s.Name} {string.Join(",", s.Data)}"));
        var running = view.FindAll(".ops-lifecycle-table tbody tr")[1];
        Assert.Contains("in progress", running.TextContent);
        Assert.Equal(["2", "3", "1", "-2", "6"], running.QuerySelectorAll("td.ops-num").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public void StickinessView_Histogram_ShowsSharesAndAtLeastShares()
    {
        var view = Render<StickinessView>(p => p.Add(c => c.Report, new StickinessReport("week", 2, [6, 2, 0, 0, 0, 0, 2])));

        var rows = view.FindAll(".ops-stickiness-table tbody tr");
        Assert.Equal(7, rows.Count);
        Assert.Equal(["6", "60.0%", "100.0%"], rows[0].QuerySelectorAll("td.ops-num").Select(c => c.TextContent.Trim()));
        Assert.Equal(["2", "20.0%", "20.0%"], rows[6].QuerySelectorAll("td.ops-num").Select(c => c.TextContent.Trim()));
        Assert.Equal(["1 d", "2 d", "3 d", "4 d", "5 d", "6 d", "7 d"], LastChart().Categories);
    }

    [Fact]
    public void CompassView_Rows_ShowRatesDifferenceAndSignificance()
    {
        var report = new CompassReport("signup", 40, 12, 3, 0.3,
        [
            new("lesson_progress", 10, 8, 30, 4, 0.8, 4 / 30.0, 0.8 - 4 / 30.0, 0.0001, true),
            new("share", 2, 1, 38, 11, 0.5, 11 / 38.0, 0.5 - 11 / 38.0, 0.52, false),
        ]);

        var view = Render<CompassView>(p => p.Add(c => c.Report, report));

        var rows = view.FindAll(".ops-compass-table tbody tr");
        Assert.Equal(["10", "80.0%", "30", "13.3%", "+66.7 pp", "< 0.001"], rows[0].QuerySelectorAll("td.ops-num").Select(c => c.TextContent.Trim()));
        Assert.Contains("significant", rows[0].QuerySelector(".ops-compass-significant")!.TextContent);
        Assert.Contains("could be chance", rows[1].TextContent);
        Assert.Equal(["40", "30.0%", "3"], view.FindAll(".ops-compass-summary__item strong").Select(s => s.TextContent));
        Assert.Equal(["lesson_progress", "share"], LastChart().Categories);
        Assert.Equal("percent", LastChart().YFormat);
    }

    [Fact]
    public async Task PathsView_GroupChosen_ShowsThatGroupsFlowTreeAndTable()
    {
        var report = Paths() with
        {
            Breakdown = "device",
            Groups =
            [
                new("ios", 7, 4, [new(0, "lesson_progress", 7), new(1, "view", 6)], [new(1, "lesson_progress", "view", 6)], false,
                    [new(["view", "purchase"], 4, 3), new(["view"], 2, 1), new([], 1, 1)]),
                new(LearnerBreakdowns.None, 3, 2, [new(0, "lesson_progress", 3), new(1, "search", 3)], [new(1, "lesson_progress", "search", 3)], false,
                    [new(["search"], 2, 2), new(["search", "click"], 1, 1)]),
            ],
        };
        var view = Render<PathsView>(p => p.Add(c => c.Report, report));
        Assert.Equal(5, view.FindAll(".ops-paths-table tbody tr").Count);
        Assert.Equal(["ios", LearnerBreakdowns.None], view.FindComponent<GroupSelect>().Instance.Groups);
        Assert.Equal("All learners", view.Find(".ops-journey-group input").GetAttribute("value"));

        await view.InvokeAsync(() => view.FindComponent<GroupSelect>().Instance.ValueChanged.InvokeAsync(LearnerBreakdowns.None));

        Assert.Equal(LearnerBreakdowns.None, view.Find(".ops-journey-group input").GetAttribute("value"));

        Assert.Equal(["lesson_progress search", "lesson_progress search click"], view.FindAll(".ops-paths-table tbody tr")
            .Select(r => string.Join(" ", r.QuerySelectorAll(".ops-paths-table__sequence .ops-event").Select(e => e.TextContent.Trim()))));
        Assert.Contains("3 paths from 2 learners", view.Markup);
        Assert.Contains("3 top paths start here", view.Find(".ops-path-tree__row--root").TextContent);
        Assert.Equal(["search"], LastChart().Series.Select(s => s.Name));
    }

    [Fact]
    public void PathsView_NoGroups_ShowsNoGroupChoice()
    {
        var view = Render<PathsView>(p => p.Add(c => c.Report, Paths()));

        Assert.Empty(view.FindAll(".ops-journey-group"));
    }
}
