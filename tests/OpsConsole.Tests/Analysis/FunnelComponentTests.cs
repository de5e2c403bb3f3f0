using Bunit;
using OpsConsole.Analytics;
using OpsConsole.Ingestion;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Analysis;
using OpsConsole.Web.Components.Charts;

namespace OpsConsole.Tests.Analysis;

public sealed class FunnelComponentTests : ComponentTestBase
{
    private IReadOnlyList<EventType>? _changed;

    private IRenderedComponent<FunnelStepsEditor> Editor(params EventType[] steps) =>
        Render<FunnelStepsEditor>(p => p.Add(c => c.Steps, steps).Add(c => c.StepsChanged, (IReadOnlyList<EventType> s) => _changed = s));

    [Fact]
    public void StepsEditor_Steps_ListsThemInOrderWithEndsDisabled()
    {
        var cut = Editor(EventType.View, EventType.LessonProgress, EventType.Purchase);

        Assert.Equal(["1", "2", "3"], cut.FindAll(".ops-steps__item").Select(i => i.GetAttribute("data-step")));
        Assert.Equal(["View", "Lesson progress", "Purchase"], cut.FindAll(".ops-steps__item input").Select(i => i.GetAttribute("value")));
        Assert.True(cut.Find("[data-step='1'] .ops-steps__up").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-step='3'] .ops-steps__down").HasAttribute("disabled"));
        Assert.False(cut.Find("[data-step='2'] .ops-steps__remove").HasAttribute("disabled"));
    }

    [Fact]
    public void StepsEditor_MoveUp_SwapsWithThePreviousStep()
    {
        var cut = Editor(EventType.View, EventType.LessonProgress, EventType.Purchase);

        cut.Find("[data-step='3'] .ops-steps__up").Click();

        Assert.Equal([EventType.View, EventType.Purchase, EventType.LessonProgress], _changed);
    }

    [Fact]
    public void StepsEditor_RemoveAndAdd_ChangeTheListWithinTwoToEight()
    {
        var cut = Editor(EventType.View, EventType.LessonProgress, EventType.Purchase);

        cut.Find("[data-step='2'] .ops-steps__remove").Click();
        Assert.Equal([EventType.View, EventType.Purchase], _changed);

        cut.Find(".ops-steps__add").Click();
        // The first type in the usual order that is not a step yet.
        Assert.Equal([EventType.View, EventType.LessonProgress, EventType.Purchase, EventType.Signup], _changed);
    }

    [Fact]
    public void StepsEditor_AtTheLimits_DisablesRemoveAndAdd()
    {
        var two = Editor(EventType.View, EventType.Purchase);
        Assert.All(two.FindAll(".ops-steps__remove"), b => Assert.True(b.HasAttribute("disabled")));

        var eight = Editor([.. EventNames.Ordered.Take(8)]);
        Assert.True(eight.Find(".ops-steps__add").HasAttribute("disabled"));
    }

    private static readonly FunnelReport Report = new(
    [
        new FunnelStep("view", 1000, null, null, null),
        new FunnelStep("lesson_progress", 400, 5400, 0.4, 0.4),
        new FunnelStep("purchase", 100, 90000, 0.25, 0.1),
    ], 168, "channel",
    [
        new FunnelGroup("app", [new("view", 700, null, null, null), new("lesson_progress", 350, 3600, 0.5, 0.5), new("purchase", 90, 7200, 90.0 / 350, 90.0 / 700)]),
        new FunnelGroup("(none)", [new("view", 300, null, null, null), new("lesson_progress", 50, 60, 50.0 / 300, 50.0 / 300), new("purchase", 10, 30, 0.2, 10.0 / 300)]),
    ]);

    [Fact]
    public void Results_Report_ShowsConversionDropOffAndMedianPerStep()
    {
        int? opened = null;
        var cut = Render<FunnelResults>(p => p.Add(c => c.Report, Report).Add(c => c.OnDropouts, (int step) => opened = step));

        var rows = cut.FindAll("[data-testid='funnel-table'] tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Equal(["1 View", "1,000", "—", "100%", "600", "—"], rows[0].QuerySelectorAll("td").Select(c => Normal(c.TextContent)));
        Assert.Equal(["2 Lesson progress", "400", "40%", "40%", "300", "1.5 h"], rows[1].QuerySelectorAll("td").Select(c => Normal(c.TextContent)));
        Assert.Equal(["3 Purchase", "100", "25%", "10%", "", "1 d"], rows[2].QuerySelectorAll("td").Select(c => Normal(c.TextContent)));

        cut.Find("tr[data-step='2'] .ops-funnel-dropouts").Click();
        Assert.Equal(2, opened);
    }

    [Fact]
    public void Results_Breakdown_DrawsOneBarSeriesPerGroup()
    {
        var module = JSInterop.SetupModule(ApexChart.ModulePath);
        module.SetupVoid("create", _ => true).SetVoidResult();

        Render<FunnelResults>(p => p.Add(c => c.Report, Report));

        var spec = Assert.IsType<ChartSpec>(module.VerifyInvoke("create").Arguments[1]);
        Assert.Equal("bar", spec.Type);
        Assert.Equal(["1. View", "2. Lesson progress", "3. Purchase"], spec.Categories);
        Assert.Equal(["app", "(none)"], spec.Series.Select(s => s.Name));
        Assert.Equal([700, 350, 90], spec.Series[0].Data);
    }

    private static string Normal(string text) => string.Join(' ', text.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
