using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class RankingMetricsTests
{
    private static readonly int[] Ranked = [1, 2, 3, 4, 5];
    private static readonly HashSet<int> Relevant = [2, 4, 9];

    [Fact]
    public void AtFive_HitsAtRanksTwoAndFour_MatchHandComputedValues()
    {
        Assert.Equal(2 / 5.0, RankingMetrics.PrecisionAtK(Ranked, Relevant, 5), 12);
        Assert.Equal(2 / 3.0, RankingMetrics.RecallAtK(Ranked, Relevant, 5), 12);
        Assert.Equal(1.0, RankingMetrics.HitRateAtK(Ranked, Relevant, 5));
        // DCG = 1/log2(3) + 1/log2(5); the ideal puts the three relevant items first: 1 + 1/log2(3) + 1/2.
        var dcg = 1 / Math.Log2(3) + 1 / Math.Log2(5);
        Assert.Equal(dcg / (1 + 1 / Math.Log2(3) + 0.5), RankingMetrics.NdcgAtK(Ranked, Relevant, 5), 12);
        // Precision 1/2 at rank 2 and 2/4 at rank 4, over the three relevant items.
        Assert.Equal((0.5 + 0.5) / 3, RankingMetrics.AveragePrecisionAtK(Ranked, Relevant, 5), 12);
    }

    [Fact]
    public void AtThree_OnlyTheFirstHitCounts()
    {
        Assert.Equal(1 / 3.0, RankingMetrics.PrecisionAtK(Ranked, Relevant, 3), 12);
        Assert.Equal(1 / 3.0, RankingMetrics.RecallAtK(Ranked, Relevant, 3), 12);
        Assert.Equal(1 / Math.Log2(3) / (1 + 1 / Math.Log2(3) + 0.5), RankingMetrics.NdcgAtK(Ranked, Relevant, 3), 12);
        Assert.Equal(0.5 / 3, RankingMetrics.AveragePrecisionAtK(Ranked, Relevant, 3), 12);
    }

    [Fact]
    public void NdcgAtK_FewerRelevantThanK_IdealCountsOnlyTheRelevantItems()
    {
        HashSet<int> relevant = [7];

        Assert.Equal(1.0, RankingMetrics.NdcgAtK([7, 1, 2], relevant, 10), 12);
        Assert.Equal(1 / Math.Log2(3), RankingMetrics.NdcgAtK([1, 7, 2], relevant, 10), 12);
    }

    [Fact]
    public void PrecisionAtK_ListShorterThanK_CountsMissingPlacesAsMisses()
    {
        HashSet<int> relevant = [7];

        Assert.Equal(0.1, RankingMetrics.PrecisionAtK([7], relevant, 10), 12);
        Assert.Equal(1.0, RankingMetrics.AveragePrecisionAtK([7], relevant, 10), 12);
    }

    [Fact]
    public void Metrics_NoHits_AreZero()
    {
        HashSet<int> relevant = [8];

        Assert.Equal(0, RankingMetrics.PrecisionAtK(Ranked, relevant, 5));
        Assert.Equal(0, RankingMetrics.NdcgAtK(Ranked, relevant, 5));
        Assert.Equal(0, RankingMetrics.AveragePrecisionAtK(Ranked, relevant, 5));
        Assert.Equal(0, RankingMetrics.HitRateAtK(Ranked, relevant, 5));
    }

    [Fact]
    public void CatalogueCoverage_TwoLists_CountsDistinctItems()
    {
        Assert.Equal(0.3, RankingMetrics.CatalogueCoverage([[0, 1], [1, 2]], 10), 12);
    }

    [Fact]
    public void Novelty_ItemsHeldByAllAndByAQuarter_IsTheMeanSelfInformation()
    {
        // p = 4/4, 1/4 and (nobody, counted as one) 1/4: −log2 gives 0, 2 and 2.
        Assert.Equal(4 / 3.0, RankingMetrics.Novelty([[0, 1, 2]], [4, 1, 0], 4), 12);
    }

    [Fact]
    public void IntraListDiversity_TagCosine_IsOneMinusTheMeanPairSimilarity()
    {
        ItemFeatures[] items =
        [
            new("a", "", "", ["x", "y"], true),
            new("b", "", "", ["X"], true),
            new("c", "", "", ["z"], true),
        ];

        var diversity = RankingMetrics.IntraListDiversity([0, 1, 2], RankingMetrics.TagCosine(items));

        // cos(a, b) = 1/√2; the other two pairs share nothing.
        Assert.Equal(1 - 1 / Math.Sqrt(2) / 3, diversity, 12);
        Assert.Equal(1, RankingMetrics.IntraListDiversity([0], RankingMetrics.TagCosine(items)));
    }

    [Fact]
    public void TopK_TiesAndExcludedItems_KeepsLowerIndexFirstAndSkipsExcluded()
    {
        float[] scores = [0.5f, 0.9f, float.NegativeInfinity, 0.9f, 0.1f];
        var top = new int[3];

        var count = Ranking.TopK(scores, 3, top);

        Assert.Equal(3, count);
        Assert.Equal([1, 3, 0], top);
    }
}
