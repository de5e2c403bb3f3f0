using OpsConsole.Support;

namespace OpsConsole.Tests.Support;

public sealed class IntentEvaluationTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void FromConfusionMatrix_ThreeIntents_MatchesHandComputedMetrics()
    {
        // Rows are true intents, columns predicted ones.
        //              billing refund video
        // billing         5      1     0     support 6, predicted 7
        // refund          2      3     1     support 6, predicted 4
        // video           0      0     4     support 4, predicted 5
        int[][] matrix = [[5, 1, 0], [2, 3, 1], [0, 0, 4]];

        var result = IntentEvaluation.FromConfusionMatrix(["billing", "refund", "video"], matrix);

        Assert.Equal(16, result.Total);
        Assert.Equal(12.0 / 16, result.Accuracy, Tolerance);
        var billing = result.PerIntent[0];
        Assert.Equal(5.0 / 7, billing.Precision, Tolerance);
        Assert.Equal(5.0 / 6, billing.Recall, Tolerance);
        Assert.Equal(2 * (5.0 / 7) * (5.0 / 6) / (5.0 / 7 + 5.0 / 6), billing.F1, Tolerance);
        Assert.Equal(6, billing.Support);
        Assert.Equal(7, billing.Predicted);
        var refund = result.PerIntent[1];
        Assert.Equal(3.0 / 4, refund.Precision, Tolerance);
        Assert.Equal(3.0 / 6, refund.Recall, Tolerance);
        Assert.Equal(0.6, refund.F1, Tolerance);
        var video = result.PerIntent[2];
        Assert.Equal(4.0 / 5, video.Precision, Tolerance);
        Assert.Equal(1.0, video.Recall, Tolerance);
        Assert.Equal(8.0 / 9, video.F1, Tolerance);
        Assert.Equal((billing.F1 + 0.6 + 8.0 / 9) / 3, result.MacroF1, Tolerance);
        Assert.Equal((5.0 / 7 + 0.75 + 0.8) / 3, result.MacroPrecision, Tolerance);
        Assert.Equal((5.0 / 6 + 0.5 + 1.0) / 3, result.MacroRecall, Tolerance);
    }

    [Fact]
    public void FromConfusionMatrix_IntentNeverPredicted_CountsZeroPrecisionInTheMacroAverage()
    {
        // "coupon" occurs twice but is never predicted: precision and F1 are 0, as scikit-learn reports them.
        int[][] matrix = [[4, 0], [2, 0]];

        var result = IntentEvaluation.FromConfusionMatrix(["billing", "coupon"], matrix);

        Assert.Equal(4.0 / 6, result.Accuracy, Tolerance);
        Assert.Equal(0, result.PerIntent[1].Precision);
        Assert.Equal(0, result.PerIntent[1].F1);
        // billing: precision 4/6, recall 1, F1 0.8; coupon: 0.
        Assert.Equal(0.4, result.MacroF1, Tolerance);
    }

    [Fact]
    public void FromConfusionMatrix_IntentAbsentOnBothSides_LeftOutOfTheMacroAverage()
    {
        int[][] matrix = [[3, 0, 0], [0, 1, 0], [0, 0, 0]];

        var result = IntentEvaluation.FromConfusionMatrix(["a", "b", "unused"], matrix);

        Assert.Equal(1.0, result.Accuracy, Tolerance);
        Assert.Equal(1.0, result.MacroF1, Tolerance);
    }

    [Fact]
    public void FromConfusionMatrix_NotSquare_Throws()
    {
        Assert.Throws<ArgumentException>(() => IntentEvaluation.FromConfusionMatrix(["a", "b"], [[1, 0], [0]]));
    }

    [Fact]
    public void FromPairs_LabelsInAnyOrder_BuildsTheOrdinalConfusionMatrix()
    {
        var result = IntentEvaluation.FromPairs([("video", "video"), ("billing", "video"), ("billing", "billing"), ("refund", "billing")]);

        Assert.Equal(["billing", "refund", "video"], result.Intents);
        Assert.Equal([1, 0, 1], result.ConfusionMatrix[0]);
        Assert.Equal([1, 0, 0], result.ConfusionMatrix[1]);
        Assert.Equal([0, 0, 1], result.ConfusionMatrix[2]);
        Assert.Equal(0.5, result.Accuracy, Tolerance);
    }
}
