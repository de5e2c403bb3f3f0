using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Tests.Retention.Stats;

public sealed class SequentialTestTests
{
    private static readonly ArmMoments MeansA = ArmSummary.ForMean("A", 3407, 1396.87, 52377.9767).Moments;
    private static readonly ArmMoments MeansB = ArmSummary.ForMean("B", 3461, 2422.7, 134698.29).Moments;

    [Fact]
    public void Rho_DefaultTuning_MatchesTheFormula()
    {
        // sqrt((−2 ln 0.05 + ln(−2 ln 0.05 + 1)) / 5000), evaluated with Python's math module
        Assert.Equal(0.03984006677137368, SequentialTest.Rho(0.05), 14);
    }

    /// <summary>
    /// GrowthBook's absolute means vector under sequential testing at N = 6,868, evaluated independently in Python from
    /// the confidence-sequence formula: (−0.0894101, 0.6694101), p = 0.2907446 — where the fixed test says 0.02.
    /// </summary>
    [Fact]
    public void Apply_GrowthBookMeans_WidensToTheConfidenceSequence()
    {
        var fixedHorizon = FrequentistTest.Absolute(MeansA, MeansB);

        var sequential = SequentialTest.Apply(fixedHorizon, MeansA.N + MeansB.N);

        Assert.Equal(-0.0894101, sequential.CiLow, 7);
        Assert.Equal(0.6694101, sequential.CiHigh, 7);
        Assert.Equal(0.2907446, sequential.PValue, 7);
        Assert.Equal(fixedHorizon.Estimate, sequential.Estimate);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(200)]
    [InlineData(5_000)]
    [InlineData(50_000)]
    [InlineData(5_000_000)]
    public void Apply_AnySampleSize_IsWiderThanTheFixedInterval(long totalUnits)
    {
        var fixedHorizon = FrequentistTest.Test(0.1, 0.0025, degreesOfFreedom: totalUnits - 2, alpha: 0.05);

        var sequential = SequentialTest.Apply(fixedHorizon, totalUnits);

        Assert.True(sequential.CiHigh - sequential.CiLow > fixedHorizon.CiHigh - fixedHorizon.CiLow);
        Assert.True(sequential.PValue > fixedHorizon.PValue);
    }

    [Fact]
    public void Apply_PValueAtAlpha_PutsZeroOnTheIntervalEdge()
    {
        // p is the smallest α whose sequence excludes zero: recompute the sequence at that α and zero is its edge.
        var estimate = FrequentistTest.Test(0.4, 0.01, 5000, 0.05);
        var sequential = SequentialTest.Apply(estimate, 6000);
        var rho = SequentialTest.Rho(0.05);
        var n = 6000.0;
        var halfWidthAtP = Math.Sqrt(0.01 * n) * Math.Sqrt(2 * (n * rho * rho + 1) / (n * n * rho * rho) * Math.Log(Math.Sqrt(n * rho * rho + 1) / sequential.PValue));

        Assert.InRange(sequential.PValue, 1e-6, 0.05);
        Assert.Equal(0.4, halfWidthAtP, 9);
    }

    /// <summary>
    /// The reason for sequential testing: 300 A/A experiments looked at after each of 30 days. Peeking at the fixed
    /// test declares some difference far more often than α; the confidence sequence stays under α.
    /// </summary>
    [Fact]
    public void Apply_DailyPeeksAtAaTests_KeepsFalsePositivesUnderAlpha()
    {
        var random = new Random(20260101);
        int fixedFalse = 0, sequentialFalse = 0;
        const int Experiments = 300;
        for (var e = 0; e < Experiments; e++)
        {
            var sums = new double[4];
            long perArm = 0;
            bool fixedFlag = false, sequentialFlag = false;
            for (var day = 0; day < 30; day++)
            {
                for (var u = 0; u < 100; u++)
                {
                    var a = Gaussian(random);
                    var b = Gaussian(random);
                    sums[0] += a;
                    sums[1] += a * a;
                    sums[2] += b;
                    sums[3] += b * b;
                }
                perArm += 100;
                var control = ArmSummary.ForMean("A", perArm, sums[0], sums[1]).Moments;
                var treatment = ArmSummary.ForMean("B", perArm, sums[2], sums[3]).Moments;
                var fixedHorizon = FrequentistTest.Absolute(control, treatment);
                fixedFlag |= fixedHorizon.PValue < 0.05;
                sequentialFlag |= SequentialTest.Apply(fixedHorizon, 2 * perArm).PValue < 0.05;
            }
            fixedFalse += fixedFlag ? 1 : 0;
            sequentialFalse += sequentialFlag ? 1 : 0;
        }

        Assert.True(fixedFalse > 0.12 * Experiments, $"peeking at the fixed test: {fixedFalse} of {Experiments}");
        Assert.True(sequentialFalse < 0.05 * Experiments, $"sequential: {sequentialFalse} of {Experiments}");
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Rho_TuningNotPositive_ThrowsNamingIt()
    {
        var ex = Assert.Throws<StatsInputException>(() => SequentialTest.Rho(0.05, 0));

        Assert.Equal("SequentialTuning", ex.ParamName);
    }
}
