using Bunit;
using OpsConsole.Analytics;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Analysis;

namespace OpsConsole.Tests.Analysis;

public sealed class RetentionHeatmapTests : ComponentTestBase
{
    private static readonly DateOnly Jan5 = new(2026, 1, 5);

    /// <summary>Three weekly cohorts; the newest has finished no week yet and is still running.</summary>
    private static readonly RetentionCohort[] Cohorts =
    [
        new(Jan5, 1200, [1200, 600, 300], true),
        new(Jan5.AddDays(7), 400, [400, 40], true),
        new(Jan5.AddDays(14), 80, [80], false),
    ];

    private IRenderedComponent<RetentionHeatmap> Render(IReadOnlyList<RetentionCohort> cohorts, int periods = 2) =>
        Render<RetentionHeatmap>(p => p.Add(c => c.Cohorts, cohorts).Add(c => c.Periods, periods).Add(c => c.Period, CalendarPeriod.Week));

    private static AngleSharp.Dom.IElement Cell(IRenderedComponent<RetentionHeatmap> cut, string cohort, int k) =>
        cut.Find($"tr[data-cohort='{cohort}'] td[data-k='{k}']");

    [Fact]
    public void Render_Cohorts_ShowsSizesAndPercentagesPerWeek()
    {
        var cut = Render(Cohorts);

        Assert.Equal(["Cohort", "Learners", "Week 1", "Week 2"], cut.FindAll("th.ops-heat__head").Select(h => h.TextContent.Trim()));
        Assert.Equal(["1,680", "1,200", "400", "80"], cut.FindAll(".ops-heat__size").Select(c => c.TextContent.Trim()));
        Assert.Equal("50%", Cell(cut, "2026-01-05", 1).QuerySelector(".ops-heat__pct")!.TextContent);
        Assert.Equal("600", Cell(cut, "2026-01-05", 1).QuerySelector(".ops-heat__count")!.TextContent);
        Assert.Equal("25%", Cell(cut, "2026-01-05", 2).QuerySelector(".ops-heat__pct")!.TextContent);
        Assert.Equal("10%", Cell(cut, "2026-01-12", 1).QuerySelector(".ops-heat__pct")!.TextContent);
    }

    [Fact]
    public void Render_Average_IsWeightedByCohortSize()
    {
        var cut = Render(Cohorts);

        var average = cut.Find(".ops-heat__row--average");
        // Week 1: (600 + 40) / (1200 + 400) = 40%; week 2: only the first cohort has finished it.
        Assert.Equal(["40%", "25%"], average.QuerySelectorAll(".ops-heat__pct").Select(c => c.TextContent));
    }

    [Fact]
    public void Render_UnfinishedPeriods_AreMarkedPendingNotZero()
    {
        var cut = Render(Cohorts);

        Assert.Contains("ops-heat__cell--pending", Cell(cut, "2026-01-12", 2).ClassName);
        Assert.Contains("ops-heat__cell--pending", Cell(cut, "2026-01-19", 1).ClassName);
        Assert.Empty(Cell(cut, "2026-01-19", 1).TextContent.Trim());
        Assert.Equal("This period has not finished yet.", Cell(cut, "2026-01-19", 1).GetAttribute("title"));
        Assert.Equal(3, cut.FindAll(".ops-heat__cell--pending").Count);
        // The cohort whose own week is still running says so.
        Assert.Single(cut.FindAll(".ops-heat__running"));
        Assert.NotNull(cut.Find("tr[data-cohort='2026-01-19'] .ops-heat__running"));
    }

    [Fact]
    public void Render_Colour_DeepensWithThePercentage()
    {
        var cut = Render(Cohorts);

        var half = Cell(cut, "2026-01-05", 1).GetAttribute("style")!;
        var tenth = Cell(cut, "2026-01-12", 1).GetAttribute("style")!;

        Assert.Equal(RetentionMath.HeatStyle(0.5), half);
        Assert.Equal(RetentionMath.HeatStyle(0.1), tenth);
        Assert.True(RetentionMath.HeatAlpha(0.5) > RetentionMath.HeatAlpha(0.1));
        Assert.Null(Cell(cut, "2026-01-19", 1).GetAttribute("style"));
    }

    [Fact]
    public void Render_EmptyCohortInAFinishedPeriod_ShowsADashInsteadOfAPercentage()
    {
        var cut = Render([new RetentionCohort(Jan5, 0, [0, 0], true)], periods: 1);

        var cell = Cell(cut, "2026-01-05", 1);
        Assert.Contains("ops-heat__cell--empty", cell.ClassName);
        Assert.Equal("–", cell.TextContent.Trim());
    }
}
