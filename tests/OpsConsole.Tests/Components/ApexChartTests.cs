using Bunit;
using OpsConsole.Web.Components.Charts;
using OpsConsole.Web.Components.Layout;

namespace OpsConsole.Tests.Components;

public sealed class ApexChartTests : ComponentTestBase
{
    private static readonly IReadOnlyList<string> Days = ["05-01", "05-02", "05-03"];
    private static readonly IReadOnlyList<ChartSeries> Revenue = [new("Revenue", [1200, 980.5, 1430])];
    private readonly BunitJSModuleInterop _module;

    public ApexChartTests()
    {
        _module = JSInterop.SetupModule(ApexChart.ModulePath);
        _module.SetupVoid("create", _ => true).SetVoidResult();
        _module.SetupVoid("update", _ => true).SetVoidResult();
        _module.SetupVoid("destroy", _ => true).SetVoidResult();
    }

    [Fact]
    public void Render_WithSeries_CreatesChartWithSeriesCategoriesAndFormat()
    {
        Render<ApexChart>(p => p
            .Add(c => c.Type, "area")
            .Add(c => c.Series, Revenue)
            .Add(c => c.Categories, Days)
            .Add(c => c.Height, 240)
            .Add(c => c.YFormat, "currency"));

        var spec = Assert.IsType<ChartSpec>(_module.VerifyInvoke("create").Arguments[1]);
        Assert.Equal("area", spec.Type);
        Assert.Equal(Revenue, spec.Series);
        Assert.Equal(Days, spec.Categories);
        Assert.Equal(240, spec.Height);
        Assert.Equal("currency", spec.YFormat);
        Assert.False(spec.Dark);
    }

    [Fact]
    public void Render_EmptySeries_ShowsEmptyStateAndDrawsNothing()
    {
        var chart = Render<ApexChart>(p => p.Add(c => c.Type, "line").Add(c => c.Series, []).Add(c => c.Categories, Days));

        Assert.Contains("No data yet", chart.Find(".ops-chart__empty").TextContent);
        _module.VerifyNotInvoke("create");
    }

    [Fact]
    public void Render_SeriesWithoutPoints_CountsAsEmpty()
    {
        var chart = Render<ApexChart>(p => p.Add(c => c.Series, [new ChartSeries("Revenue", [])]).Add(c => c.Categories, []));

        Assert.NotNull(chart.Find(".ops-chart__empty"));
        _module.VerifyNotInvoke("create");
    }

    [Fact]
    public void SetParameters_NewData_UpdatesTheChartInPlace()
    {
        var chart = Render<ApexChart>(p => p.Add(c => c.Series, Revenue).Add(c => c.Categories, Days));
        IReadOnlyList<ChartSeries> next = [new("Revenue", [1, 2, 3, 4])];

        chart.Render(p => p.Add(c => c.Series, next).Add(c => c.Categories, [.. Days, "05-04"]));

        var spec = Assert.IsType<ChartSpec>(_module.VerifyInvoke("update").Arguments[1]);
        Assert.Equal(next, spec.Series);
        Assert.Equal(4, spec.Categories.Count);
        Assert.Single(_module.Invocations["create"]);
    }

    [Fact]
    public void SetParameters_SameData_DoesNotRedraw()
    {
        var chart = Render<ApexChart>(p => p.Add(c => c.Series, Revenue).Add(c => c.Categories, Days));

        chart.Render(p => p.Add(c => c.Series, Revenue).Add(c => c.Categories, Days));

        _module.VerifyNotInvoke("update");
    }

    [Fact]
    public void SetParameters_DataBecomesEmpty_DestroysChartAndShowsEmptyState()
    {
        var chart = Render<ApexChart>(p => p.Add(c => c.Series, Revenue).Add(c => c.Categories, Days));

        chart.Render(p => p.Add(c => c.Series, []));

        _module.VerifyInvoke("destroy");
        Assert.NotNull(chart.Find(".ops-chart__empty"));
    }

    [Fact]
    public void Render_DarkTheme_TellsTheModuleToDrawDark()
    {
        Render<ApexChart>(p => p
            .AddCascadingValue(MainLayout.DarkModeName, true)
            .Add(c => c.Series, Revenue)
            .Add(c => c.Categories, Days));

        var spec = Assert.IsType<ChartSpec>(_module.VerifyInvoke("create").Arguments[1]);
        Assert.True(spec.Dark);
    }

    [Fact]
    public async Task DisposeAsync_DrawnChart_DestroysItInTheBrowser()
    {
        Render<ApexChart>(p => p.Add(c => c.Series, Revenue).Add(c => c.Categories, Days));

        await DisposeComponentsAsync();

        _module.VerifyInvoke("destroy");
    }

    [Theory]
    [InlineData("pie", "number")]
    [InlineData("line", "money")]
    public void Render_UnknownTypeOrFormat_Throws(string type, string format) =>
        Assert.Throws<ArgumentException>(() => Render<ApexChart>(p => p.Add(c => c.Type, type).Add(c => c.YFormat, format)));
}
