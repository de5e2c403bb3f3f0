using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Tests.Retention.Stats;

public sealed class PowerCalculatorTests
{
    /// <summary>
    /// The textbook two-proportion sample size (Fleiss, without continuity correction):
    /// n = (z₀.₉₇₅·sqrt(2p̄q̄) + z₀.₈·sqrt(p₁q₁ + p₂q₂))² / (p₂ − p₁)², with p₁ = 0.10, p₂ = 0.11, p̄ = 0.105:
    /// (1.959964·0.433532 + 0.841621·0.433474)² / 0.0001 = 14,750.79 (Python, math module) → 14,751 per arm.
    /// </summary>
    [Fact]
    public void ForProportion_TenPercentBaselineTenPercentLift_NeedsAbout14751PerArm()
    {
        var result = PowerCalculator.ForProportion(0.10, 0.10, dailyEligible: 1_000);

        Assert.Equal([14_751L, 14_751L], result.SampleSizePerVariant);
        Assert.Equal(29_502, result.TotalSampleSize);
        Assert.Equal(30, result.DurationDays);
        Assert.Equal(0.11, result.TreatmentMean, 12);
        Assert.Equal(0.01, result.AbsoluteEffect, 12);
    }

    /// <summary>
    /// Cohen's medium effect d = 0.5 at α = 0.05 and power 0.8: 2(1.959964 + 0.841621)²/0.25 = 62.79 → 63 per group
    /// with the normal approximation (Cohen's t-based table says 64).
    /// </summary>
    [Fact]
    public void ForMean_HalfAStandardDeviation_Needs63PerGroup()
    {
        // baseline 10, sd 10, +50% → δ = 5 = 0.5σ
        var result = PowerCalculator.ForMean(10, 10, 0.5);

        Assert.Equal([63L, 63L], result.SampleSizePerVariant);
        Assert.Null(result.DurationDays);
    }

    [Fact]
    public void ForMean_StricterAlphaOrMorePower_NeedsMoreUnits()
    {
        var baseline = PowerCalculator.ForMean(50, 20, 0.05);
        var stricter = PowerCalculator.ForMean(50, 20, 0.05, alpha: 0.01);
        var morePower = PowerCalculator.ForMean(50, 20, 0.05, power: 0.9);

        // 2(z₀.₉₇₅ + z₀.₈)²·400/2.5² = 1,004.66 → 1,005
        Assert.Equal(1_005, baseline.SampleSizePerVariant[0]);
        Assert.True(stricter.SampleSizePerVariant[0] > baseline.SampleSizePerVariant[0]);
        Assert.True(morePower.SampleSizePerVariant[0] > baseline.SampleSizePerVariant[0]);
    }

    [Fact]
    public void ForProportion_ThreeEqualArms_NeedsThePairwiseSizeInEachArm()
    {
        var two = PowerCalculator.ForProportion(0.10, 0.10);
        var three = PowerCalculator.ForProportion(0.10, 0.10, variants: 3, dailyEligible: 2_000);

        Assert.Equal(3, three.SampleSizePerVariant.Count);
        Assert.All(three.SampleSizePerVariant, n => Assert.Equal(two.SampleSizePerVariant[0], n));
        Assert.Equal(3 * 14_751, three.TotalSampleSize);
        Assert.Equal(23, three.DurationDays);
    }

    [Fact]
    public void ForMean_UnevenSplit_NeedsMoreUnitsInAllThanAnEvenOne()
    {
        var even = PowerCalculator.ForMean(10, 10, 0.5);
        var uneven = PowerCalculator.ForMean(10, 10, 0.5, weights: [80, 20]);

        // σ²(1/wC + 1/wT) is smallest at an even split: 1/0.8 + 1/0.2 = 6.25 against 4, so N = 7.84886·625/25 = 196.22,
        // split 156.98 and 39.24, each rounded up.
        Assert.Equal(0.8, uneven.Weights[0], 12);
        Assert.Equal([157L, 40L], uneven.SampleSizePerVariant);
        Assert.True(uneven.TotalSampleSize > even.TotalSampleSize);
    }

    [Theory]
    [InlineData(0.0, 0.1, "BaselineRate")]
    [InlineData(1.0, 0.1, "BaselineRate")]
    [InlineData(0.6, 0.8, "MinimumDetectableEffect")]
    [InlineData(0.1, 0.0, "MinimumDetectableEffect")]
    public void ForProportion_ImpossibleRates_ThrowNamingTheField(double baseline, double mde, string field)
    {
        var ex = Assert.Throws<StatsInputException>(() => PowerCalculator.ForProportion(baseline, mde));

        Assert.Equal(field, ex.ParamName);
    }

    [Fact]
    public void ForMean_InvalidSettings_ThrowNamingTheField()
    {
        Assert.Equal("StandardDeviation", Assert.Throws<StatsInputException>(() => PowerCalculator.ForMean(10, 0, 0.1)).ParamName);
        Assert.Equal("Power", Assert.Throws<StatsInputException>(() => PowerCalculator.ForMean(10, 1, 0.1, power: 1)).ParamName);
        Assert.Equal("Alpha", Assert.Throws<StatsInputException>(() => PowerCalculator.ForMean(10, 1, 0.1, alpha: 1.5)).ParamName);
        Assert.Equal("Weights", Assert.Throws<StatsInputException>(() => PowerCalculator.ForMean(10, 1, 0.1, weights: [1, -1])).ParamName);
        Assert.Equal("Variants", Assert.Throws<StatsInputException>(() => PowerCalculator.ForMean(10, 1, 0.1, variants: 1)).ParamName);
        Assert.Equal("DailyEligible", Assert.Throws<StatsInputException>(() => PowerCalculator.ForMean(10, 1, 0.1, dailyEligible: 0)).ParamName);
    }
}
