using System.Globalization;
using OpsConsole.Analytics;
using OpsConsole.Web.Components.Analysis;

namespace OpsConsole.Tests.Analysis;

public sealed class FunnelMathTests
{
    [Fact]
    public void Dropped_EachStep_IsTheDifferenceToTheNextAndNullAtTheEnd()
    {
        FunnelStep[] steps = [new("view", 10, null, null, null), new("lesson_progress", 6, 1, 0.6, 0.6), new("purchase", 6, 1, 1, 0.6)];

        Assert.Equal([4, 0, null], Enumerable.Range(0, 3).Select(i => FunnelMath.Dropped(steps, i)));
    }

    [Theory]
    [InlineData(42, "42 s")]
    [InlineData(720, "12 min")]
    [InlineData(5400, "1.5 h")]
    [InlineData(183600, "2.1 d")]
    public void Duration_Seconds_ReadsInTheLargestSensibleUnit(double seconds, string expected)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            Assert.Equal(expected, FunnelMath.Duration(seconds));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
