using OpsConsole.Analytics;

namespace OpsConsole.Tests.Analytics;

public sealed class KpiMathTests
{
    [Theory]
    [InlineData(120, 100, 20)]
    [InlineData(75, 100, -25)]
    [InlineData(100, 100, 0)]
    [InlineData(0, 40, -100)]
    [InlineData(-50, -100, 50)]
    public void ChangePercent_NonZeroPrevious_IsRelativeChange(int current, int previous, int expected)
    {
        Assert.Equal(expected, KpiMath.ChangePercent(current, previous));
    }

    [Fact]
    public void ChangePercent_PreviousZero_NullUnlessBothZero()
    {
        Assert.Null(KpiMath.ChangePercent(5, 0));
        Assert.Equal(0m, KpiMath.ChangePercent(0, 0));
    }

    [Fact]
    public void KpiValue_ConversionFractions_ChangeIsRelativeToPreviousRate()
    {
        var conversion = new KpiValue(KpiMath.Ratio(3, 12), KpiMath.Ratio(2, 10));

        Assert.Equal(0.25m, conversion.Value);
        Assert.Equal(0.2m, conversion.Previous);
        Assert.Equal(25m, conversion.ChangePercent);
        Assert.Equal(1, conversion.Direction);
    }

    [Fact]
    public void Ratio_EmptyWhole_IsZero()
    {
        Assert.Equal(0m, KpiMath.Ratio(3, 0));
    }

    [Fact]
    public void Previous_ThirtyDayRange_IsTheThirtyDaysBeforeIt()
    {
        var range = DayRange.Ending(new DateOnly(2026, 5, 30), 30);

        var previous = range.Previous();

        Assert.Equal(new DateOnly(2026, 5, 1), range.From);
        Assert.Equal((new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30)), (previous.From, previous.To));
        Assert.Equal(30, previous.Length);
    }

    [Fact]
    public void Previous_SingleDay_IsTheDayBefore()
    {
        var previous = new DayRange(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1)).Previous();

        Assert.Equal(new DayRange(new DateOnly(2026, 2, 28), new DateOnly(2026, 2, 28)), previous);
    }

    [Fact]
    public void Constructor_EndBeforeStart_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DayRange(new DateOnly(2026, 5, 2), new DateOnly(2026, 5, 1)));
    }
}
