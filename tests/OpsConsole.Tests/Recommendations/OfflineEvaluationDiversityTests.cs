using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class OfflineEvaluationDiversityTests
{
    /// <summary>The same scores for everyone, so each learner's list is the catalogue order minus what they had.</summary>
    private sealed class FixedScores(float[] scores) : ICandidateModel
    {
        public string Generator => "fixed";
        public int ItemCount => scores.Length;
        public void Score(LearnerHistory history, Span<float> into) => scores.CopyTo(into);
        public Reason Explain(LearnerHistory history, int item) => new(ReasonKind.Popular);
        public void Save(Stream stream) => throw new NotSupportedException();
    }

    // Item 0 {x, y}, 1 {x}, 2 {z}, 3 {y}.
    private static readonly TrainingSet Train = new()
    {
        UserCount = 2,
        Items =
        [
            new ItemFeatures("a", "A", "t", ["x", "y"], true), new ItemFeatures("b", "B", "t", ["x"], true),
            new ItemFeatures("c", "C", "t", ["z"], true), new ItemFeatures("d", "D", "t", ["y"], true),
        ],
        // Learner 0 had item 2, learner 1 had item 0.
        Interactions = [new Interaction(0, 2, 1, 10), new Interaction(1, 0, 1, 10)],
        Now = 100,
    };

    private static readonly Interaction[] Test = [new(0, 3, 1, 50), new(1, 3, 1, 50)];

    [Fact]
    public void Evaluate_TagCosine_AveragesOneMinusTheMeanPairSimilarityOfEachList()
    {
        var report = OfflineEvaluation.Evaluate(new FixedScores([4, 3, 2, 1]), Train, Test, k: 2, RankingMetrics.TagCosine(Train.Items), TestContext.Current.CancellationToken);

        // Learner 0 gets [0, 1]: cosine 1/√2, diversity 1 − 0.7071. Learner 1 gets [1, 2]: no shared tag, diversity 1.
        Assert.Equal((1 - 1 / Math.Sqrt(2) + 1) / 2, report.Diversity!.Value, 9);
    }

    [Fact]
    public void Evaluate_NoSimilarity_LeavesDiversityUnmeasuredAndTheRestUnchanged()
    {
        var model = new FixedScores([4, 3, 2, 1]);

        var plain = OfflineEvaluation.Evaluate(model, Train, Test, k: 2, TestContext.Current.CancellationToken);
        var measured = OfflineEvaluation.Evaluate(model, Train, Test, k: 2, RankingMetrics.TagCosine(Train.Items), TestContext.Current.CancellationToken);

        Assert.Null(plain.Diversity);
        Assert.Equal(plain with { Diversity = measured.Diversity }, measured);
    }
}
