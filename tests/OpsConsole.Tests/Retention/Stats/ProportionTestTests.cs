using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Tests.Retention.Stats;

public sealed class ProportionTestTests
{
    /// <summary>
    /// 100/1000 against 130/1000. Independently, with the Python script (math.erf only, z quantile by bisection):
    /// SE = sqrt(.1·.9/1000 + .13·.87/1000) = 0.0142513, interval 0.03 ± 1.959964·SE = (0.0020679, 0.0579321),
    /// p = 2(1 − Φ(0.03/SE)) = 0.0352853, Φ(0.03/SE) = 0.9823573.
    /// </summary>
    [Fact]
    public void Compare_100Of1000Vs130Of1000_MatchesUnpooledZInterval()
    {
        var result = ProportionTest.Compare(1000, 100, 1000, 130);

        Assert.Equal(0.03, result.Difference, 12);
        Assert.Equal(0.0142513, result.StandardError, 7);
        Assert.Equal(0.0020679, result.CiLow, 7);
        Assert.Equal(0.0579321, result.CiHigh, 7);
        Assert.Equal(0.0352853, result.PValue, 7);
        Assert.Equal(0.9823573, result.ChanceToWin, 7);
        Assert.Equal(0.3, result.RelativeLift!.Value, 12);
    }

    [Fact]
    public void Compare_StricterAlpha_WidensTheIntervalAroundTheSameDifference()
    {
        var at05 = ProportionTest.Compare(1000, 100, 1000, 130);
        var at01 = ProportionTest.Compare(1000, 100, 1000, 130, alpha: 0.01);

        Assert.True(at01.CiLow < at05.CiLow && at01.CiHigh > at05.CiHigh);
        Assert.True(at01.CiLow < 0, "at α = 0.01 the interval includes zero, as p = 0.035 says");
        Assert.Equal(at05.PValue, at01.PValue, 12);
    }

    [Fact]
    public void Compare_ControlConvertedNobody_HasNoRelativeLift()
    {
        var result = ProportionTest.Compare(200, 0, 200, 5);

        Assert.Null(result.RelativeLift);
        Assert.Equal(0.025, result.Difference, 12);
    }

    [Theory]
    [InlineData(10, 12, 10, 1, "ControlConversions")]
    [InlineData(0, 0, 10, 1, "ControlUnits")]
    [InlineData(10, 1, 10, -1, "TreatmentConversions")]
    [InlineData(10, 1, -5, 0, "TreatmentUnits")]
    public void Compare_ImpossibleCounts_ThrowsNamingTheField(long cn, long cx, long tn, long tx, string field)
    {
        var ex = Assert.Throws<StatsInputException>(() => ProportionTest.Compare(cn, cx, tn, tx));

        Assert.Equal(field, ex.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Compare_AlphaOutsideOpenUnitInterval_ThrowsNamingAlpha(double alpha)
    {
        var ex = Assert.Throws<StatsInputException>(() => ProportionTest.Compare(100, 10, 100, 12, alpha));

        Assert.Equal("Alpha", ex.ParamName);
    }
}
