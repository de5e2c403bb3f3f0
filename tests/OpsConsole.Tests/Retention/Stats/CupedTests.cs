using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Tests.Retention.Stats;

/// <summary>
/// A constructed experiment where this week's minutes watched (Y) follow last fortnight's (X) closely. The engine
/// only sees sums; the expectations are computed here from the raw values by another route (least squares on the
/// pooled points, sample variance of Y − θX).
/// </summary>
public sealed class CupedTests
{
    private sealed record Unit(double X, double Y);

    private static List<Unit> Units(int seed, int count, double effect)
    {
        var random = new Random(seed);
        var units = new List<Unit>(count);
        for (var i = 0; i < count; i++)
        {
            var x = 20 + 10 * Gaussian(random);
            var y = 5 + 0.8 * x + 3 * Gaussian(random) + effect;
            units.Add(new Unit(x, y));
        }
        return units;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static ArmSummary Summarise(string name, List<Unit> units) => ArmSummary.ForMean(
        name,
        units.Count,
        units.Sum(u => u.Y),
        units.Sum(u => u.Y * u.Y),
        new CovariateSums(units.Sum(u => u.X), units.Sum(u => u.X * u.X), units.Sum(u => u.X * u.Y)));

    private static double SampleVariance(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        return list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1);
    }

    private readonly List<Unit> _control = Units(1, 400, effect: 0);
    private readonly List<Unit> _treatment = Units(2, 400, effect: 1.0);

    [Fact]
    public void Theta_PooledArms_IsTheLeastSquaresSlope()
    {
        var all = _control.Concat(_treatment).ToList();
        var meanX = all.Average(u => u.X);
        var meanY = all.Average(u => u.Y);
        var slope = all.Sum(u => (u.X - meanX) * (u.Y - meanY)) / all.Sum(u => (u.X - meanX) * (u.X - meanX));

        var theta = Cuped.Theta([Summarise("control", _control), Summarise("treatment", _treatment)]);

        Assert.Equal(slope, theta, 9);
        Assert.InRange(theta, 0.7, 0.9);
    }

    [Fact]
    public void Adjust_EachArm_HasTheVarianceOfYMinusThetaX()
    {
        var arms = new[] { Summarise("control", _control), Summarise("treatment", _treatment) };

        var result = Cuped.Adjust(arms);

        Assert.Equal(SampleVariance(_control.Select(u => u.Y - result.Theta * u.X)), result.Arms[0].Variance, 6);
        Assert.Equal(SampleVariance(_treatment.Select(u => u.Y - result.Theta * u.X)), result.Arms[1].Variance, 6);
        // Y has variance ≈ 0.8²·100 + 9 = 73; what X cannot explain is ≈ 9.
        Assert.True(result.Arms[0].Variance < arms[0].Variance / 5, $"{result.Arms[0].Variance} vs {arms[0].Variance}");
    }

    [Fact]
    public void Adjust_EffectOfMeans_IsTheDifferenceOfAdjustedOutcomes()
    {
        var result = Cuped.Adjust([Summarise("control", _control), Summarise("treatment", _treatment)]);

        var expected = _treatment.Average(u => u.Y - result.Theta * u.X) - _control.Average(u => u.Y - result.Theta * u.X);
        Assert.Equal(expected, result.Arms[1].Mean - result.Arms[0].Mean, 9);
    }

    [Fact]
    public void Analyze_WithCuped_NarrowsTheIntervalAndFindsTheEffect()
    {
        var arms = new[] { Summarise("control", _control), Summarise("treatment", _treatment) };

        var plain = ExperimentAnalyzer.Analyze(arms, new AnalysisOptions { Scale = EffectScale.Absolute });
        var cuped = ExperimentAnalyzer.Analyze(arms, new AnalysisOptions { Scale = EffectScale.Absolute, Cuped = true });

        var plainWidth = plain.Variants[0].Absolute.CiHigh - plain.Variants[0].Absolute.CiLow;
        var cupedWidth = cuped.Variants[0].Absolute.CiHigh - cuped.Variants[0].Absolute.CiLow;
        Assert.True(cupedWidth < plainWidth / 2, $"CUPED width {cupedWidth} against {plainWidth}");
        Assert.NotNull(cuped.CupedTheta);
        Assert.InRange(cuped.Variants[0].Absolute.Estimate, 0.5, 1.5);
        Assert.Equal(VariantVerdict.Winning, cuped.Variants[0].Verdict);
    }

    [Fact]
    public void Adjust_ArmWithoutPrePeriod_ThrowsNamingIt()
    {
        var withPre = Summarise("control", _control);
        var without = ArmSummary.ForMean("treatment", 10, 10, 20);

        var ex = Assert.Throws<StatsInputException>(() => Cuped.Adjust([withPre, without]));

        Assert.Equal("Arms[1].PrePeriod", ex.ParamName);
    }

    [Fact]
    public void Theta_ConstantCovariate_MakesNoAdjustment()
    {
        var arms = new[]
        {
            ArmSummary.ForMean("control", 4, 10, 30, new CovariateSums(8, 16, 20)),
            ArmSummary.ForMean("treatment", 4, 12, 40, new CovariateSums(8, 16, 24)),
        };

        var result = Cuped.Adjust(arms);

        Assert.Equal(0, result.Theta);
        Assert.Equal(arms[0].Variance, result.Arms[0].Variance, 12);
        Assert.Equal(arms[1].Mean, result.Arms[1].Mean, 12);
    }
}
