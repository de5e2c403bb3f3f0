using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Tests.Retention.Stats;

/// <summary>The test vectors of GrowthBook's own suite (rounded there to the digits asserted here).</summary>
public sealed class FrequentistTestTests
{
    private static readonly ArmMoments MeansA = ArmSummary.ForMean("A", 3407, 1396.87, 52377.9767).Moments;
    private static readonly ArmMoments MeansB = ArmSummary.ForMean("B", 3461, 2422.7, 134698.29).Moments;

    [Fact]
    public void Relative_GrowthBookProportions14Of28Vs16Of30_MatchesTheirVector()
    {
        var control = ArmSummary.Proportion("A", 28, 14).Moments;
        var treatment = ArmSummary.Proportion("B", 30, 16).Moments;

        var result = FrequentistTest.Relative(control, treatment);

        Assert.Equal(0.06667, result.Estimate, 5);
        Assert.Equal(0.2717, result.StandardError, 4);
        Assert.Equal(-0.47767, result.CiLow, 5);
        Assert.Equal(0.61101, result.CiHigh, 5);
        Assert.Equal(0.80707, result.PValue, 5);
    }

    [Fact]
    public void ArmSummary_GrowthBookMeans_RecoversTheirMeansAndDeviations()
    {
        Assert.Equal(0.41, MeansA.Mean, 10);
        Assert.Equal(3.9, Math.Sqrt(MeansA.Variance), 6);
        Assert.Equal(0.7, MeansB.Mean, 10);
        Assert.Equal(6.2, Math.Sqrt(MeansB.Variance), 6);
    }

    [Fact]
    public void Absolute_GrowthBookMeans_MatchesTheirVector()
    {
        var result = FrequentistTest.Absolute(MeansA, MeansB);

        Assert.Equal(0.29, result.Estimate, 5);
        Assert.Equal(0.12478, result.StandardError, 5);
        Assert.Equal(0.04538, result.CiLow, 5);
        Assert.Equal(0.53462, result.CiHigh, 5);
        Assert.Equal(0.02016, result.PValue, 5);
    }

    [Fact]
    public void Relative_GrowthBookMeans_MatchesTheirVector()
    {
        var result = FrequentistTest.Relative(MeansA, MeansB);

        Assert.Equal(0.70732, result.Estimate, 5);
        Assert.Equal(0.37879, result.StandardError, 5);
        Assert.Equal(0.06191, result.PValue, 5);
    }

    /// <summary>
    /// Independent check of the Welch degrees of freedom and of the interval width: the Python script (math module only,
    /// t CDF by Simpson integration, quantile by bisection) gives ν = 5841.742 and a relative interval
    /// (−0.0352601, 1.4498942) for the same sums.
    /// </summary>
    [Fact]
    public void Relative_GrowthBookMeans_IntervalMatchesIndependentComputation()
    {
        var result = FrequentistTest.Relative(MeansA, MeansB);

        Assert.Equal(5841.742, FrequentistTest.WelchDegreesOfFreedom(MeansA, MeansB), 3);
        Assert.Equal(-0.0352601, result.CiLow, 6);
        Assert.Equal(1.4498942, result.CiHigh, 6);
    }

    [Fact]
    public void Absolute_BothArmsWithoutSpread_IsUninformative()
    {
        var control = ArmSummary.Proportion("A", 50, 0).Moments;
        var treatment = ArmSummary.Proportion("B", 50, 0).Moments;

        var result = FrequentistTest.Absolute(control, treatment);

        Assert.False(result.Estimable);
        Assert.Equal(1, result.PValue);
        Assert.Equal(0, result.CiLow);
        Assert.Equal(0, result.CiHigh);
    }

    [Fact]
    public void Relative_ControlMeanZero_ThrowsNamingTheControlMean()
    {
        var control = ArmSummary.Proportion("A", 50, 0).Moments;
        var treatment = ArmSummary.Proportion("B", 50, 3).Moments;

        var ex = Assert.Throws<StatsInputException>(() => FrequentistTest.Relative(control, treatment));

        Assert.Equal("Control.Mean", ex.ParamName);
    }
}
