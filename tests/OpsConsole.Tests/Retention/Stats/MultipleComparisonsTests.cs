using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Tests.Retention.Stats;

/// <summary>
/// The worked example of Benjamini &amp; Hochberg (1995, J. R. Statist. Soc. B 57, p. 295): fifteen p-values from a
/// clinical trial, where at 0.05 the step-up procedure rejects four hypotheses and Bonferroni-type procedures three.
/// The adjusted values were computed by hand from the definitions (and checked with a Python one-liner each).
/// </summary>
public sealed class MultipleComparisonsTests
{
    private static readonly double[] PaperPValues =
        [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000];

    [Fact]
    public void HolmBonferroni_PaperExample_RejectsThree()
    {
        var adjusted = MultipleComparisons.HolmBonferroni(PaperPValues);

        Assert.Equal(3, adjusted.Count(p => p < 0.05));
        double[] expected = [0.0015, 0.0056, 0.0247, 0.114, 0.2211, 0.278, 0.278, 0.278, 0.3213, 1, 1, 1, 1, 1, 1];
        Assert.All(expected.Zip(adjusted), pair => Assert.Equal(pair.First, pair.Second, 10));
    }

    [Fact]
    public void BenjaminiHochberg_PaperExample_RejectsFour()
    {
        var adjusted = MultipleComparisons.BenjaminiHochberg(PaperPValues);

        Assert.Equal(4, adjusted.Count(p => p < 0.05));
        // 0.0095·15/4 = 0.035625; 0.0201·15/5 = 0.0603; 0.0298·15/7 = 0.0638571 also covers the 6th.
        Assert.Equal(0.035625, adjusted[3], 10);
        Assert.Equal(0.0603, adjusted[4], 10);
        Assert.Equal(0.0638571, adjusted[5], 7);
        Assert.Equal(0.0030, adjusted[1], 10);
        Assert.Equal(1, adjusted[^1], 10);
    }

    [Fact]
    public void Adjust_UnsortedInput_KeepsTheGivenOrder()
    {
        double[] p = [0.04, 0.01, 0.03, 0.005];

        // sorted 0.005, 0.01, 0.03, 0.04: Holm 0.02, 0.03, max(0.03, 0.06), max(0.06, 0.04)
        Assert.Equal([0.06, 0.03, 0.06, 0.02], MultipleComparisons.Adjust(p, CorrectionMethod.HolmBonferroni).Select(x => Math.Round(x, 12)));
        // BH: 0.04·4/4, min(0.04, 0.03·4/3), min(0.04, 0.01·4/2), min(0.02, 0.005·4/1)
        Assert.Equal([0.04, 0.02, 0.04, 0.02], MultipleComparisons.Adjust(p, CorrectionMethod.BenjaminiHochberg).Select(x => Math.Round(x, 12)));
        Assert.Equal(p, MultipleComparisons.Adjust(p, CorrectionMethod.None));
    }

    [Fact]
    public void Adjust_PValueOutOfRange_ThrowsNamingPValues()
    {
        var ex = Assert.Throws<StatsInputException>(() => MultipleComparisons.BenjaminiHochberg([0.2, 1.5]));

        Assert.Equal("PValues", ex.ParamName);
    }
}
