using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Tests.Retention.Stats;

public sealed class ExperimentAnalyzerTests
{
    private static readonly ArmSummary[] GrowthBookMeans =
    [
        ArmSummary.ForMean("control", 3407, 1396.87, 52377.9767),
        ArmSummary.ForMean("new-onboarding", 3461, 2422.7, 134698.29),
    ];

    [Fact]
    public void Analyze_GrowthBookMeansOnRelativeScale_IsNotYetSignificant()
    {
        var analysis = ExperimentAnalyzer.Analyze(GrowthBookMeans);

        var variant = Assert.Single(analysis.Variants);
        Assert.Equal(0.06191, variant.PValue, 5);
        Assert.Equal(0.70732, variant.Relative!.Estimate, 5);
        Assert.Equal(0.29, variant.Absolute.Estimate, 5);
        Assert.Equal(0.02016, variant.Absolute.PValue, 5);
        Assert.Equal(VariantVerdict.Inconclusive, variant.Verdict);
        Assert.Equal(ExperimentVerdict.KeepRunning, analysis.Verdict);
        Assert.Equal(0.41, analysis.Control.Mean, 10);
        Assert.False(analysis.Srm.Mismatch);
    }

    [Fact]
    public void Analyze_GrowthBookMeansOnAbsoluteScale_ShipsTheVariant()
    {
        var analysis = ExperimentAnalyzer.Analyze(GrowthBookMeans, new AnalysisOptions { Scale = EffectScale.Absolute });

        Assert.Equal(0.02016, analysis.Variants[0].PValue, 5);
        Assert.Equal(VariantVerdict.Winning, analysis.Variants[0].Verdict);
        Assert.Equal(ExperimentVerdict.Ship, analysis.Verdict);
        Assert.Equal("new-onboarding", analysis.BestVariant);
    }

    [Fact]
    public void Analyze_BayesianEngine_DecidesOnChanceToWin()
    {
        var analysis = ExperimentAnalyzer.Analyze(GrowthBookMeans, new AnalysisOptions { Engine = StatsEngine.Bayesian });

        // Relative effect 0.70732 ± 0.37879: P(> 0) = Φ(1.8673) ≈ 0.969, past 0.95 although p = 0.062.
        Assert.InRange(analysis.Variants[0].ChanceToWin, 0.96, 0.975);
        Assert.Equal(ExperimentVerdict.Ship, analysis.Verdict);
    }

    [Fact]
    public void Analyze_SequentialOn_WithholdsTheEarlyCall()
    {
        var fixedHorizon = ExperimentAnalyzer.Analyze(GrowthBookMeans, new AnalysisOptions { Scale = EffectScale.Absolute });
        var sequential = ExperimentAnalyzer.Analyze(GrowthBookMeans, new AnalysisOptions { Scale = EffectScale.Absolute, Sequential = true });

        Assert.Equal(ExperimentVerdict.Ship, fixedHorizon.Verdict);
        Assert.Equal(ExperimentVerdict.KeepRunning, sequential.Verdict);
        Assert.True(sequential.Variants[0].Absolute.CiLow < fixedHorizon.Variants[0].Absolute.CiLow);
        Assert.True(sequential.Variants[0].Relative!.CiHigh > fixedHorizon.Variants[0].Relative!.CiHigh);
        // The posterior is not widened by sequential testing.
        Assert.Equal(fixedHorizon.Variants[0].ChanceToWin, sequential.Variants[0].ChanceToWin, 12);
    }

    [Fact]
    public void Analyze_GrowthBookProportions_ReportsTheirRelativeInterval()
    {
        var analysis = ExperimentAnalyzer.Analyze([ArmSummary.Proportion("control", 28, 14), ArmSummary.Proportion("b", 30, 16)]);

        var relative = analysis.Variants[0].Relative!;
        Assert.Equal(-0.47767, relative.CiLow, 5);
        Assert.Equal(0.61101, relative.CiHigh, 5);
        Assert.Equal(0.80707, analysis.Variants[0].PValue, 5);
        Assert.Equal(16 / 30.0, analysis.Variants[0].Mean, 12);
    }

    [Fact]
    public void Analyze_SignificantlyWorseVariant_IsHarmful()
    {
        var analysis = ExperimentAnalyzer.Analyze([ArmSummary.Proportion("control", 5000, 600), ArmSummary.Proportion("discount-banner", 5000, 480)]);

        Assert.Equal(VariantVerdict.Losing, analysis.Variants[0].Verdict);
        Assert.Equal(ExperimentVerdict.Harmful, analysis.Verdict);
        Assert.True(analysis.Variants[0].Risk > analysis.Variants[0].ControlRisk);
    }

    [Fact]
    public void Analyze_LowerIsBetterMetricThatDropped_Ships()
    {
        // Churn rate: 12% in control, 9.6% with the win-back email.
        var arms = new[] { ArmSummary.Proportion("control", 5000, 600), ArmSummary.Proportion("win-back-email", 5000, 480) };

        var analysis = ExperimentAnalyzer.Analyze(arms, new AnalysisOptions { HigherIsBetter = false });

        Assert.Equal(VariantVerdict.Winning, analysis.Variants[0].Verdict);
        Assert.True(analysis.Variants[0].ChanceToWin > 0.99);
        Assert.Equal(ExperimentVerdict.Ship, analysis.Verdict);
    }

    [Fact]
    public void Analyze_UnevenTraffic_FlagsSampleRatioMismatchOverTheResult()
    {
        var arms = new[] { ArmSummary.Proportion("control", 5000, 600), ArmSummary.Proportion("b", 5400, 800) };

        var analysis = ExperimentAnalyzer.Analyze(arms);

        Assert.True(analysis.Srm.Mismatch);
        Assert.Equal(ExperimentVerdict.SampleRatioMismatch, analysis.Verdict);
        Assert.Null(analysis.BestVariant);
    }

    [Fact]
    public void Analyze_PlannedWeights_AreWhatSrmChecksAgainst()
    {
        var arms = new[] { ArmSummary.Proportion("control", 2000, 200), ArmSummary.Proportion("b", 8000, 800) };

        var even = ExperimentAnalyzer.Analyze(arms);
        var planned = ExperimentAnalyzer.Analyze(arms, new AnalysisOptions { Weights = [0.2, 0.8] });

        Assert.True(even.Srm.Mismatch);
        Assert.False(planned.Srm.Mismatch);
    }

    [Fact]
    public void Analyze_HolmCorrection_TakesBackABorderlineWin()
    {
        var arms = new[]
        {
            ArmSummary.Proportion("control", 10_000, 1_000),
            ArmSummary.Proportion("b", 10_000, 1_095),
            ArmSummary.Proportion("c", 10_000, 1_000),
        };

        var plain = ExperimentAnalyzer.Analyze(arms);
        var corrected = ExperimentAnalyzer.Analyze(arms, new AnalysisOptions { Correction = CorrectionMethod.HolmBonferroni });

        Assert.InRange(plain.Variants[0].PValue, 0.025, 0.05);
        Assert.Equal(ExperimentVerdict.Ship, plain.Verdict);
        // The smaller of two p-values is doubled by Holm.
        Assert.Equal(2 * corrected.Variants[0].RawPValue, corrected.Variants[0].PValue, 12);
        Assert.Equal(VariantVerdict.Inconclusive, corrected.Variants[0].Verdict);
        Assert.Equal(ExperimentVerdict.KeepRunning, corrected.Verdict);
    }

    [Fact]
    public void Analyze_TargetReachedWithoutEffect_IsNoDifference()
    {
        var arms = new[] { ArmSummary.Proportion("control", 15_000, 1_500), ArmSummary.Proportion("b", 15_000, 1_510) };

        var running = ExperimentAnalyzer.Analyze(arms, new AnalysisOptions { TargetSampleSizePerVariant = 20_000 });
        var done = ExperimentAnalyzer.Analyze(arms, new AnalysisOptions { TargetSampleSizePerVariant = 14_751 });

        Assert.Equal(ExperimentVerdict.KeepRunning, running.Verdict);
        Assert.Equal(ExperimentVerdict.NoDifference, done.Verdict);
    }

    [Fact]
    public void Analyze_IntervalInsideMinimumEffect_IsNoDifference()
    {
        var arms = new[] { ArmSummary.Proportion("control", 200_000, 20_000), ArmSummary.Proportion("b", 200_000, 20_050) };

        var analysis = ExperimentAnalyzer.Analyze(arms, new AnalysisOptions { MinimumDetectableEffect = 0.05 });

        Assert.True(analysis.Variants[0].Relative!.CiHigh < 0.05);
        Assert.Equal(ExperimentVerdict.NoDifference, analysis.Verdict);
    }

    [Fact]
    public void Analyze_ControlWithoutConversions_DecidesOnTheAbsoluteEffect()
    {
        var analysis = ExperimentAnalyzer.Analyze([ArmSummary.Proportion("control", 400, 0), ArmSummary.Proportion("b", 400, 12)]);

        Assert.Null(analysis.Variants[0].Relative);
        Assert.Equal(analysis.Variants[0].Absolute.PValue, analysis.Variants[0].PValue);
        Assert.Equal(0.03, analysis.Variants[0].Absolute.Estimate, 12);
    }

    [Fact]
    public void Analyze_ThreeArms_ShipsTheBestWinner()
    {
        var arms = new[]
        {
            ArmSummary.Proportion("control", 10_000, 1_000),
            ArmSummary.Proportion("b", 10_000, 1_200),
            ArmSummary.Proportion("c", 10_000, 1_300),
        };

        var analysis = ExperimentAnalyzer.Analyze(arms, new AnalysisOptions { Correction = CorrectionMethod.BenjaminiHochberg });

        Assert.All(analysis.Variants, v => Assert.Equal(VariantVerdict.Winning, v.Verdict));
        Assert.Equal("c", analysis.BestVariant);
    }

    [Fact]
    public void Analyze_InvalidArms_ThrowNamingTheField()
    {
        Assert.Equal("Arms", Assert.Throws<StatsInputException>(() => ExperimentAnalyzer.Analyze([ArmSummary.Proportion("control", 10, 1)])).ParamName);
        Assert.Equal("Arms[1].N", Assert.Throws<StatsInputException>(() => ExperimentAnalyzer.Analyze(
            [ArmSummary.Proportion("control", 10, 1), new ArmSummary("b", MetricKind.Proportion, 0, 0, 0)])).ParamName);
        Assert.Equal("Arms[0].Conversions", Assert.Throws<StatsInputException>(() => ExperimentAnalyzer.Analyze(
            [new ArmSummary("control", MetricKind.Proportion, 10, 12, 12), ArmSummary.Proportion("b", 10, 1)])).ParamName);
        Assert.Equal("Arms[1].Kind", Assert.Throws<StatsInputException>(() => ExperimentAnalyzer.Analyze(
            [ArmSummary.Proportion("control", 10, 1), ArmSummary.ForMean("b", 10, 5, 5)])).ParamName);
        Assert.Equal("Arms[1].SumOfSquares", Assert.Throws<StatsInputException>(() => ExperimentAnalyzer.Analyze(
            [ArmSummary.ForMean("control", 10, 5, 5), new ArmSummary("b", MetricKind.Mean, 10, 50, 10)])).ParamName);
    }

    [Fact]
    public void Analyze_InvalidOptions_ThrowNamingTheField()
    {
        Assert.Equal("Alpha", Assert.Throws<StatsInputException>(() => ExperimentAnalyzer.Analyze(GrowthBookMeans, new AnalysisOptions { Alpha = 1.2 })).ParamName);
        Assert.Equal("ChanceToWinThreshold", Assert.Throws<StatsInputException>(() => ExperimentAnalyzer.Analyze(GrowthBookMeans, new AnalysisOptions { ChanceToWinThreshold = 1 })).ParamName);
        Assert.Equal("Weights", Assert.Throws<StatsInputException>(() => ExperimentAnalyzer.Analyze(GrowthBookMeans, new AnalysisOptions { Weights = [0.5, -0.5] })).ParamName);
        Assert.Equal("Weights", Assert.Throws<StatsInputException>(() => ExperimentAnalyzer.Analyze(GrowthBookMeans, new AnalysisOptions { Weights = [1, 1, 1] })).ParamName);
        Assert.Equal("TargetSampleSizePerVariant", Assert.Throws<StatsInputException>(() => ExperimentAnalyzer.Analyze(GrowthBookMeans, new AnalysisOptions { TargetSampleSizePerVariant = 0 })).ParamName);
        Assert.Equal("Arms[0].PrePeriod", Assert.Throws<StatsInputException>(() => ExperimentAnalyzer.Analyze(GrowthBookMeans, new AnalysisOptions { Cuped = true })).ParamName);
    }

    [Fact]
    public void StatsInputException_IsAnArgumentException()
    {
        var ex = Assert.Throws<StatsInputException>(() => ArmSummary.Proportion("a", 10, 11));

        Assert.IsAssignableFrom<ArgumentException>(ex);
        Assert.Equal("Conversions", ex.Field);
        Assert.StartsWith("Conversions:", ex.Reason);
    }
}
