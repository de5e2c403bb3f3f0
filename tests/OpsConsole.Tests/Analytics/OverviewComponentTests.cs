using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using OpsConsole.Analytics;
using OpsConsole.Web.Components.Overview;

namespace OpsConsole.Tests.Analytics;

public sealed class OverviewComponentTests : IDisposable
{
    private readonly BunitContext _ctx = new();
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public OverviewComponentTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
    }

    private IRenderedComponent<KpiCard> Card(KpiValue kpi, Func<decimal, string>? format = null) =>
        _ctx.Render<KpiCard>(p => p
            .Add(c => c.Label, "Revenue")
            .Add(c => c.Kpi, kpi)
            .Add(c => c.Format, format ?? OverviewFormat.Currency)
            .Add(c => c.Comparison, "vs previous 30 days")
            .Add(c => c.NewText, "new"));

    [Fact]
    public void KpiCard_RevenueUp_ShowsValueSignedChangeInSuccessColour()
    {
        var cut = Card(new KpiValue(1500m, 1200m));

        Assert.Equal("¥1,500.00", cut.Find(".ops-kpi__value").TextContent.Trim());
        var change = cut.Find(".ops-kpi__change");
        Assert.Equal("+25%", change.TextContent.Trim());
        Assert.Contains("success", change.ClassName);
    }

    [Fact]
    public void KpiCard_ValueDown_ShowsNegativeChangeInErrorColour()
    {
        var cut = Card(new KpiValue(30, 40), OverviewFormat.Number);

        var change = cut.Find(".ops-kpi__change");
        Assert.Equal("-25%", change.TextContent.Trim());
        Assert.Contains("error", change.ClassName);
    }

    [Fact]
    public void KpiCard_NothingBefore_SaysNewInsteadOfAPercentage()
    {
        var cut = Card(new KpiValue(8, 0), OverviewFormat.Number);

        Assert.Equal("new", cut.Find(".ops-kpi__change").TextContent.Trim());
    }

    [Theory]
    [InlineData(0.4, "40.0%")]
    [InlineData(0.0125, "1.3%")]
    public void Percent_Fraction_ReadsAsPercentage(decimal fraction, string expected)
    {
        Assert.Equal(expected, OverviewFormat.Percent(fraction));
    }

    [Theory]
    [InlineData(12.345, "+12.3%")]
    [InlineData(-100, "-100%")]
    [InlineData(0, "0%")]
    public void Change_Percent_IsSignedWithOneDecimal(decimal percent, string expected)
    {
        Assert.Equal(expected, OverviewFormat.Change(percent));
    }

    [Fact]
    public void Currency_LargeAmount_DropsTheCents()
    {
        Assert.Equal("¥123,457", OverviewFormat.Currency(123_456.78m));
        Assert.Equal("-¥50.00", OverviewFormat.Currency(-50m));
    }

    [Theory]
    [InlineData("en-US", "10/30")]
    [InlineData("zh-Hans", "10/30")]
    [InlineData("de-DE", "30.10")]
    public void Day_Culture_IsMonthAndDayInTheCulturesOrderWithoutYear(string culture, string expected)
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);

        Assert.Equal(expected, OverviewFormat.Day(new DateOnly(2026, 10, 30)));
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        _ctx.Dispose();
    }
}
