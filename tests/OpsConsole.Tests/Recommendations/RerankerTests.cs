using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class RerankerTests
{
    /// <summary>Scores fixed per item, so the features the re-ranker sees can be computed by hand.</summary>
    private sealed class FixedScores(string generator, float[] scores) : ICandidateModel
    {
        public string Generator => generator;
        public int ItemCount => scores.Length;
        public void Score(LearnerHistory history, Span<float> into) => scores.CopyTo(into);
        public Reason Explain(LearnerHistory history, int item) => new(ReasonKind.SimilarToHistory, history.Items.Count > 0 ? history.Items[^1] : null);
        public void Save(Stream stream) => throw new NotSupportedException();
    }

    /// <summary>Lists where only the candidates that generator 0 scores above 0.6 were taken: what LambdaRank must find.</summary>
    private static List<RerankGroup> Groups(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => new RerankGroup([.. Enumerable.Range(0, 12).Select(_ =>
        {
            var features = new float[RerankFeatures.Width];
            for (var f = 0; f < features.Length; f++)
            {
                features[f] = (float)random.NextDouble();
            }
            return (features, features[0] > 0.6f ? 1f : 0f);
        })]))];
    }

    [Fact]
    public void Train_RelevanceFollowsOneFeature_RanksByThatFeature()
    {
        var reranker = Reranker.Train(Groups(300, 1));
        var fresh = Groups(50, 2);

        var hits = 0;
        foreach (var group in fresh.Where(g => g.Rows.Any(r => r.Label > 0)))
        {
            var scores = reranker.Score([.. group.Rows.Select(r => r.Features)]);
            var best = Array.IndexOf(scores, scores.Max());
            hits += group.Rows[best].Label > 0 ? 1 : 0;
        }

        Assert.True(hits >= 45, $"the top candidate was relevant in {hits} of ~50 lists");
    }

    [Fact]
    public void ToBytes_RoundTrip_ScoresAlike()
    {
        var reranker = Reranker.Train(Groups(100, 3));
        var rows = Groups(1, 4)[0].Rows.Select(r => r.Features).ToArray();

        var loaded = Reranker.FromBytes(reranker.ToBytes());

        Assert.Equal(reranker.Score(rows), loaded.Score(rows));
    }

    [Fact]
    public void Train_NoListWithARelevantCandidate_ThrowsSayingWhy()
    {
        var groups = Groups(20, 5).Select(g => new RerankGroup([.. g.Rows.Select(r => (r.Features, 0f))])).ToList();

        var error = Assert.Throws<ArgumentException>(() => Reranker.Train(groups));

        Assert.Contains("nothing to learn", error.Message);
    }

    [Fact]
    public void Build_TwoGenerators_UnionOfTheirCandidatesWithScaledScoresRanksAndTopicShare()
    {
        var features = new RerankFeatures(["cloud", "cloud", "rust", "rust"], [9, 0, 3, 1]);
        var models = new Dictionary<string, ICandidateModel>
        {
            ["ease"] = new FixedScores("ease", [0, 4, 2, 0]),
            ["popularity"] = new FixedScores("popularity", [5, 1, 0, 0]),
        };
        var history = new LearnerHistory([0], [1f], [0], [], null);

        var rows = features.Build(models, history, i => i != 0, now: 2 * 86_400);

        Assert.Equal([1, 2], rows.Select(r => r.Item));
        var item1 = rows[0].Features;
        Assert.Equal((1f, 1f), (item1[0], item1[1]));        // ease: its best, rank 1
        Assert.Equal((0f, 0f), (item1[2], item1[3]));        // itemknn: absent
        Assert.Equal((1f, 1f), (item1[6], item1[7]));        // popularity: best eligible (item 0 is excluded), rank 1
        Assert.Equal(MathF.Log(1), item1[10]);               // nobody touched item 1
        Assert.Equal(1f, item1[12]);                         // the whole history is cloud, as item 1 is
        Assert.Equal(MathF.Log(3), item1[13], 5);            // two idle days
        var item2 = rows[1].Features;
        Assert.Equal((0.5f, 0.5f), (item2[0], item2[1]));
        Assert.Equal(0f, item2[12]);
    }

    [Fact]
    public void Rank_RerankIsPrimary_OrdersTheGeneratorsCandidatesByTheLearnedScoreAndExplainsByTheStrongestGenerator()
    {
        // Learned from lists where generator 0's (EASE's) score decides relevance.
        var reranker = Reranker.Train(Groups(300, 6));
        var ids = new[] { "a", "b", "c", "d", "e" };
        var models = new Dictionary<string, ICandidateModel>
        {
            ["ease"] = new FixedScores("ease", [0, 1, 9, 5, 0]),
            ["popularity"] = new FixedScores("popularity", [0, 9, 1, 1, 2]),
        };
        var bundle = new ModelBundle(7, ModelBundle.Rerank, ids, models, new Dictionary<string, float[]>(),
            reranker, new RerankFeatures(["x", "y", "z", "w", "v"], [1, 1, 1, 1, 1]));
        var state = new ServingState(bundle, [.. ids.Select(id => (ServingItem?)new ServingItem(id, id.ToUpperInvariant(), id, Catalog.ContentKind.Course, 1m, true))]);
        var learner = new LearnerSignals("u", true, new LearnerHistory([0], [1f], [0], [], null), new HashSet<int> { 0 }, false);

        var list = new RecommendationRanker(new RecommenderOptions()).Rank(state, learner, 2, new RecommendationContext("home", null));

        Assert.Equal([2, 3], list.Items.Select(i => i.Item));
        Assert.Equal("rerank:ease", list.Items[0].Generator);
        Assert.Equal(0, list.Items[0].Reason.AnchorItem);
    }
}
