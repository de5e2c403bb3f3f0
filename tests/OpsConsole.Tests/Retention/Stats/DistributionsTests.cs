using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Tests.Retention.Stats;

/// <summary>
/// Reference values computed independently with a short Python script using only the math module: Φ from math.erf,
/// the Student t CDF by Simpson integration (20,000 panels) of the density built from math.lgamma, quantiles by
/// bisection on those CDFs, and the chi-square tail by Simpson integration of its density (or its closed forms:
/// erfc(sqrt(x/2)) for one degree of freedom, e^(−x/2)(1 + x/2) for four).
/// </summary>
public sealed class DistributionsTests
{
    [Theory]
    [InlineData(1.96, 0.9750021048517796)]
    [InlineData(0.0, 0.5)]
    [InlineData(-1.96, 0.0249978951482204)]
    public void NormalCdf_KnownPoints_MatchesErf(double x, double expected) =>
        Assert.Equal(expected, Distributions.NormalCdf(x), 1e-12);

    [Theory]
    [InlineData(0.975, 1.9599639845400536)]
    [InlineData(0.8, 0.8416212335729141)]
    [InlineData(0.5, 0.0)]
    public void NormalQuantile_KnownProbabilities_InvertsTheCdf(double p, double expected) =>
        Assert.Equal(expected, Distributions.NormalQuantile(p), 1e-9);

    [Theory]
    [InlineData(2.0, 5, 0.9490302605850705)]
    [InlineData(-1.5, 3, 0.11529193262240978)]
    [InlineData(0.0, 7, 0.5)]
    public void StudentTCdf_KnownPoints_MatchesNumericIntegration(double t, double df, double expected) =>
        Assert.Equal(expected, Distributions.StudentTCdf(t, df), 1e-9);

    [Fact]
    public void StudentTQuantile_TenDegreesOfFreedom_IsTheTableValue() =>
        Assert.Equal(2.228138851986314, Distributions.StudentTQuantile(0.975, 10), 1e-8);

    /// <summary>2∫ from 12 to 40 of the t density (ν = 5000), Simpson with 200,000 panels: 9.96665642636e−33.</summary>
    [Fact]
    public void StudentTTwoSided_HugeStatistic_KeepsTinyPValue()
    {
        var p = Distributions.StudentTTwoSided(12, 5000);

        Assert.Equal(9.96665642636e-33, p, 1e-42);
        // Heavier-tailed than the normal even at 5,000 degrees of freedom, which 1 − CDF could not show at all.
        Assert.True(p > 2 * Distributions.NormalSurvival(12));
    }

    [Theory]
    [InlineData(3.841459, 1, 0.04999999465319576)]
    [InlineData(7.5, 3, 0.05755845197263313)]
    [InlineData(12, 4, 0.017351265236663815)]
    public void ChiSquareSurvival_KnownPoints_MatchesIntegratedTail(double x, double df, double expected) =>
        Assert.Equal(expected, Distributions.ChiSquareSurvival(x, df), 1e-9);

    [Fact]
    public void ChiSquareSurvival_TwoDegreesOfFreedom_IsTheExponentialTail() =>
        Assert.Equal(Math.Exp(-40), Distributions.ChiSquareSurvival(80, 2), 1e-25);
}
