using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Tests.Retention.Stats;

/// <summary>
/// χ² by hand, p from the closed forms of the chi-square tail, checked with the Python script's math.erfc:
/// one degree of freedom p = erfc(sqrt(χ²/2)), two degrees p = e^(−χ²/2).
/// </summary>
public sealed class SampleRatioMismatchTests
{
    [Fact]
    public void Check_50000Vs50600_IsWithinChance()
    {
        // expected 50,300 each: χ² = 2·300²/50,300 = 3.5785288, p = erfc(sqrt(1.7892644)) = 0.0585310
        var result = SampleRatioMismatch.Check([50_000, 50_600]);

        Assert.Equal(3.5785288, result.ChiSquare, 7);
        Assert.Equal(0.0585310, result.PValue, 7);
        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.False(result.Mismatch);
    }

    [Fact]
    public void Check_5000Vs5400_WarnsOfMismatch()
    {
        // χ² = 2·200²/5,200 = 15.3846154, p = erfc(sqrt(7.6923077)) = 8.76994e-5
        var result = SampleRatioMismatch.Check([5_000, 5_400]);

        Assert.Equal(15.3846154, result.ChiSquare, 7);
        Assert.Equal(8.76994e-5, result.PValue, 9);
        Assert.True(result.Mismatch);
    }

    [Fact]
    public void Check_ThreeArms_UsesTwoDegreesOfFreedom()
    {
        // expected 1,033.33 each: χ² = 6.4516129, p = e^(−3.2258065) = 0.0397237
        var result = SampleRatioMismatch.Check([1_000, 1_000, 1_100]);

        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(6.4516129, result.ChiSquare, 7);
        Assert.Equal(0.0397237, result.PValue, 7);
    }

    [Fact]
    public void Check_UnequalWeights_AreNormalised()
    {
        // weights 20:80 expect 2,000 and 8,000: χ² = 100²/2,000 + 100²/8,000 = 6.25, p = erfc(sqrt(3.125)) = 0.0124193
        var result = SampleRatioMismatch.Check([2_100, 7_900], [20, 80]);

        Assert.Equal([2_000.0, 8_000.0], result.ExpectedCounts);
        Assert.Equal(6.25, result.ChiSquare, 10);
        Assert.Equal(0.0124193, result.PValue, 7);
    }

    [Fact]
    public void Check_MatchingWeights_HasNoMismatch()
    {
        var result = SampleRatioMismatch.Check([2_000, 8_000], [0.2, 0.8]);

        Assert.Equal(0, result.ChiSquare, 12);
        Assert.Equal(1, result.PValue, 12);
    }

    [Fact]
    public void Check_ArmBelowEightUnits_DoesNotWarnDespiteTinyP()
    {
        var result = SampleRatioMismatch.Check([3, 300]);

        Assert.True(result.PValue < 1e-10);
        Assert.False(result.Mismatch);
    }

    [Theory]
    [InlineData(new long[] { 10 }, null, "Counts")]
    [InlineData(new long[] { 10, -1 }, null, "Counts")]
    [InlineData(new long[] { 0, 0 }, null, "Counts")]
    [InlineData(new long[] { 10, 10 }, new double[] { 1, -1 }, "Weights")]
    [InlineData(new long[] { 10, 10 }, new double[] { 1, 1, 1 }, "Weights")]
    public void Check_InvalidInput_ThrowsNamingTheField(long[] counts, double[]? weights, string field)
    {
        var ex = Assert.Throws<StatsInputException>(() => SampleRatioMismatch.Check(counts, weights));

        Assert.Equal(field, ex.ParamName);
    }
}
