using OpsConsole.Retention.Churn;

namespace OpsConsole.Tests.Churn;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void Auc_FourRows_IsTheShareOfPositiveNegativePairsRankedRight()
    {
        // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35 beats 0.1 only, 0.8 beats both, so 3 of 4 pairs.
        Assert.Equal(0.75, BinaryMetrics.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])!.Value, 12);
    }

    [Fact]
    public void Auc_TiedScores_CountHalf()
    {
        // Pairs: (0.5 vs 0.5) tie = ½, (0.5 vs 0.2) = 1, (0.9 vs 0.5) = 1, (0.9 vs 0.2) = 1 → 3.5 / 4.
        Assert.Equal(0.875, BinaryMetrics.Auc([0.5, 0.5, 0.2, 0.9], [true, false, false, true])!.Value, 12);
    }

    [Fact]
    public void Auc_OneClassOnly_IsNull()
    {
        Assert.Null(BinaryMetrics.Auc([0.2, 0.7], [true, true]));
        Assert.Null(BinaryMetrics.Auc([0.2, 0.7], [false, false]));
    }

    [Fact]
    public void AveragePrecision_HitsAtRanksOneAndThree_MatchesHandComputedValue()
    {
        // Recall rises by ½ at rank 1 (precision 1) and by ½ at rank 3 (precision 2/3): ½ + ⅓.
        Assert.Equal(0.5 + 1 / 3.0, BinaryMetrics.AveragePrecision([0.8, 0.4, 0.35, 0.1], [true, false, true, false])!.Value, 12);
    }

    [Fact]
    public void AveragePrecision_TiedScores_EnterTogether()
    {
        // 0.9 is a hit (precision 1, recall ½); the two rows at 0.5 enter together: precision 2/3 at recall 1.
        Assert.Equal(0.5 + 0.5 * 2 / 3.0, BinaryMetrics.AveragePrecision([0.9, 0.5, 0.5, 0.1], [true, true, false, false])!.Value, 12);
    }

    [Fact]
    public void AveragePrecision_NoPositives_IsNull()
    {
        Assert.Null(BinaryMetrics.AveragePrecision([0.3, 0.6], [false, false]));
    }

    [Fact]
    public void LogLoss_TwoRows_IsTheMeanNaturalLogLoss()
    {
        var expected = (-Math.Log(0.9) - Math.Log(1 - 0.2)) / 2;

        Assert.Equal(expected, BinaryMetrics.LogLoss([0.9, 0.2], [true, false]), 12);
        Assert.Equal(0.1642520, BinaryMetrics.LogLoss([0.9, 0.2], [true, false]), 6);
    }

    [Fact]
    public void LogLoss_CertainAndWrong_IsClippedInsteadOfInfinite()
    {
        var loss = BinaryMetrics.LogLoss([1.0], [false]);

        // p is held at 1 − 1e-15, so the loss is −ln(1 − (1 − 1e-15)) ≈ 34.5 rather than infinity.
        Assert.Equal(-Math.Log(1 - (1 - 1e-15)), loss, 9);
        Assert.InRange(loss, 34, 35);
    }

    [Fact]
    public void Calibration_TenBins_MeanPredictedAndObservedPerBin()
    {
        double[] p = [0.05, 0.08, 0.15, 0.95, 1.0, 0.55];
        bool[] y = [false, true, false, true, true, false];

        var bins = BinaryMetrics.Calibration(p, y);

        Assert.Equal(10, bins.Count);
        Assert.Equal(2, bins[0].Count);
        Assert.Equal(0.065, bins[0].MeanPredicted!.Value, 12);
        Assert.Equal(0.5, bins[0].ObservedRate!.Value, 12);
        Assert.Equal(1, bins[1].Count);
        Assert.Equal(0.0, bins[1].ObservedRate!.Value);
        Assert.Equal(0, bins[2].Count);
        Assert.Null(bins[2].MeanPredicted);
        Assert.Null(bins[2].ObservedRate);
        // 1.0 belongs to the last bin with 0.95.
        Assert.Equal(2, bins[9].Count);
        Assert.Equal(0.975, bins[9].MeanPredicted!.Value, 12);
        Assert.Equal(1.0, bins[9].ObservedRate!.Value);
    }

    [Fact]
    public void LiftByDecile_TwentyRows_RiskiestDecileFirstWithLiftAndCapture()
    {
        // Scores 20..1; the positives are the rows scored 20, 19, 18 and 5.
        var scores = Enumerable.Range(1, 20).Select(i => (double)(21 - i)).ToArray();
        var labels = scores.Select(s => s is 20 or 19 or 18 or 5).ToArray();

        var lift = BinaryMetrics.LiftByDecile(scores, labels);

        Assert.Equal(10, lift.Count);
        Assert.All(lift, d => Assert.Equal(2, d.Count));
        Assert.Equal(2, lift[0].Positives);
        Assert.Equal(1.0, lift[0].Rate);
        Assert.Equal(5.0, lift[0].Lift, 12);
        Assert.Equal(0.5, lift[0].CumulativeCapture, 12);
        Assert.Equal(1, lift[1].Positives);
        Assert.Equal(0.75, lift[1].CumulativeCapture, 12);
        Assert.Equal(1, lift[7].Positives);
        Assert.Equal(1.0, lift[7].CumulativeCapture, 12);
        Assert.Equal(0.0, lift[9].Lift);
    }

    [Fact]
    public void Evaluate_PerfectRanking_AucAndPrAucAreOne()
    {
        var evaluation = BinaryMetrics.Evaluate([0.9, 0.8, 0.3, 0.1], [true, true, false, false]);

        Assert.Equal(1.0, evaluation.Auc);
        Assert.Equal(1.0, evaluation.PrAuc);
        Assert.Equal(4, evaluation.Rows);
        Assert.Equal(2, evaluation.Positives);
        Assert.Equal(0.5, evaluation.BaseRate);
    }

    [Fact]
    public void RocCurve_FourRows_HasOneCornerPerScoreFromOriginToOne()
    {
        // Scores 0.8 (+), 0.4 (−), 0.35 (+), 0.1 (−): lowering the threshold meets them in that order.
        var roc = BinaryMetrics.RocCurve([0.1, 0.4, 0.35, 0.8], [false, false, true, true])!;

        Assert.Equal([(0.0, 0.0), (0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0)], roc.Select(p => (p.X, p.Y)));
        Assert.Equal([0.8, 0.4, 0.35, 0.1], roc.Skip(1).Select(p => p.Threshold));
    }

    [Fact]
    public void RocCurve_TrapezoidArea_EqualsAucWithTies()
    {
        double[] scores = [0.5, 0.5, 0.2, 0.9, 0.7, 0.7, 0.1, 0.3];
        bool[] labels = [true, false, false, true, true, false, false, true];

        var roc = BinaryMetrics.RocCurve(scores, labels)!;
        var area = roc.Zip(roc.Skip(1), (a, b) => (b.X - a.X) * (a.Y + b.Y) / 2).Sum();

        Assert.Equal(BinaryMetrics.Auc(scores, labels)!.Value, area, 12);
    }

    [Fact]
    public void PrecisionRecallCurve_HitsAtRanksOneAndThree_TracesPrecisionAtEachRecall()
    {
        var pr = BinaryMetrics.PrecisionRecallCurve([0.8, 0.4, 0.35, 0.1], [true, false, true, false])!;

        Assert.Equal([(0.5, 1.0), (0.5, 0.5), (1.0, 2 / 3.0), (1.0, 0.5)], pr.Select(p => (p.X, p.Y)));
    }

    [Fact]
    public void Curves_OneClassOnly_AreNull()
    {
        Assert.Null(BinaryMetrics.RocCurve([0.2, 0.7], [true, true]));
        Assert.Null(BinaryMetrics.PrecisionRecallCurve([0.2, 0.7], [false, false]));
        Assert.NotNull(BinaryMetrics.PrecisionRecallCurve([0.2, 0.7], [true, true]));
    }

    [Fact]
    public void RocCurve_ManyDistinctScores_IsThinnedKeepingBothEnds()
    {
        var random = new Random(7);
        var scores = Enumerable.Range(0, 5_000).Select(_ => random.NextDouble()).ToArray();
        var labels = scores.Select(s => random.NextDouble() < s).ToArray();

        var roc = BinaryMetrics.RocCurve(scores, labels)!;

        Assert.Equal(BinaryMetrics.MaxCurvePoints, roc.Count);
        Assert.Equal((0.0, 0.0), (roc[0].X, roc[0].Y));
        Assert.Equal((1.0, 1.0), (roc[^1].X, roc[^1].Y));
        Assert.All(roc.Zip(roc.Skip(1)), pair => Assert.True(pair.First.X <= pair.Second.X && pair.First.Y <= pair.Second.Y));
    }

    [Fact]
    public void Evaluate_ReportWithoutCurves_ReadsThemAsNull()
    {
        // Reports stored before the curves existed must still load.
        const string stored = """{"Rows":2,"Positives":1,"BaseRate":0.5,"Auc":1,"PrAuc":1,"LogLoss":0.1,"Calibration":[],"Lift":[]}""";

        var evaluation = System.Text.Json.JsonSerializer.Deserialize<BinaryEvaluation>(stored)!;

        Assert.Null(evaluation.Roc);
        Assert.Null(evaluation.PrecisionRecall);
        Assert.Equal(1, evaluation.Auc);
    }
}
