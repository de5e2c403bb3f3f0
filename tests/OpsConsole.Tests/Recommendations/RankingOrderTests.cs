using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class RankingOrderTests
{
    private static int[] FullSort(float[] scores) =>
        [.. Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i)];

    private static List<int> Drain(float[] scores, int firstBatch)
    {
        using var order = new RankingOrder(scores, firstBatch);
        var items = new List<int>();
        while (order.TryNext(out var item))
        {
            items.Add(item);
        }
        return items;
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 10)]
    [InlineData(17, 1)]
    [InlineData(2_000, 36)]
    [InlineData(5_000, 5_000)]
    public void TryNext_ScoresWithTiesNaNInfinitiesAndSignedZeros_GivesExactlyTheOrderOfAFullSortByScoreThenIndex(int count, int firstBatch)
    {
        float[] palette = [float.NaN, float.NegativeInfinity, float.PositiveInfinity, -0f, 0f, -1.5f, 1.5f, 3f, float.Epsilon, -float.Epsilon];
        var random = new Random(count + firstBatch);
        var scores = new float[count];
        for (var i = 0; i < count; i++)
        {
            // Half from a small palette, so ties, NaN and both zeros are common; half continuous.
            scores[i] = random.Next(2) == 0 ? palette[random.Next(palette.Length)] : (float)(random.NextDouble() * 20 - 10);
        }

        Assert.Equal(FullSort(scores), Drain(scores, firstBatch));
    }

    [Fact]
    public void TryNext_StoppedAfterAFew_HandsOutTheBestFirstWithoutNeedingTheRest()
    {
        var scores = Enumerable.Range(0, 10_000).Select(i => (float)((i * 7_919) % 10_000)).ToArray();
        using var order = new RankingOrder(scores, 5);

        var first = new List<int>();
        for (var n = 0; n < 3 && order.TryNext(out var item); n++)
        {
            first.Add(item);
        }

        Assert.Equal(FullSort(scores).Take(3), first);
        Assert.Equal([9_999f, 9_998f, 9_997f], first.Select(i => scores[i]));
    }
}
