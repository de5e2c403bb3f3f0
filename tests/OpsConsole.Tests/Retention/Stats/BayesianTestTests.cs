using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Tests.Retention.Stats;

public sealed class BayesianTestTests
{
    /// <summary>GrowthBook's vector: A (sum 100, Σx² 1002.25, n 10) against B (105, 1111.5, 10), relative effect.</summary>
    [Fact]
    public void Evaluate_GrowthBookRelativeVector_MatchesMeanDeviationAndChanceToWin()
    {
        var a = ArmSummary.ForMean("A", 10, 100, 1002.25).Moments;
        var b = ArmSummary.ForMean("B", 10, 105, 1111.5).Moments;
        var relative = FrequentistTest.Relative(a, b);

        var result = BayesianTest.Evaluate(relative.Estimate, relative.StandardError);

        Assert.Equal(0.05, relative.Estimate, 5);
        Assert.Equal(0.03572, relative.StandardError, 5);
        Assert.Equal(0.91923, result.ChanceToWin, 5);
    }

    /// <summary>
    /// Independent check of the truncated-normal risk: the Python script integrates max(−x, 0) and max(x, 0) against the
    /// N(0.05, 0.0357159²) density by Simpson's rule over ±12σ, giving 0.0013098 and 0.0513098.
    /// </summary>
    [Fact]
    public void Evaluate_GrowthBookRelativeVector_RiskMatchesNumericIntegration()
    {
        var result = BayesianTest.Evaluate(0.05, 0.03571589282098377);

        Assert.Equal(0.0013098, result.Risk, 7);
        Assert.Equal(0.0513098, result.ControlRisk, 7);
        // E[max(x, 0)] − E[max(−x, 0)] = E[x]
        Assert.Equal(0.05, result.ControlRisk - result.Risk, 12);
    }

    [Fact]
    public void Evaluate_LowerIsBetter_FlipsChanceAndRisk()
    {
        var higher = BayesianTest.Evaluate(0.05, 0.02);
        var lower = BayesianTest.Evaluate(0.05, 0.02, higherIsBetter: false);

        Assert.Equal(1 - higher.ChanceToWin, lower.ChanceToWin, 12);
        Assert.Equal(higher.Risk, lower.ControlRisk, 12);
        Assert.Equal(higher.ControlRisk, lower.Risk, 12);
    }

    [Fact]
    public void Evaluate_ZeroEffect_IsACoinTossWithEqualRisks()
    {
        var result = BayesianTest.Evaluate(0, 0.1);

        Assert.Equal(0.5, result.ChanceToWin, 12);
        Assert.Equal(result.Risk, result.ControlRisk, 12);
        // σ·φ(0) = σ/sqrt(2π)
        Assert.Equal(0.1 / Math.Sqrt(2 * Math.PI), result.Risk, 12);
    }
}
