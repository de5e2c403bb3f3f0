using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class CandidateOrderTests
{
    private const float Shift = 1_000f;

    /// <summary>Everything an order hands out, as (item, score) pairs.</summary>
    private static List<(int Item, float Score)> Drain(IItemOrder order)
    {
        var seen = new List<(int, float)>();
        using (order)
        {
            while (order.TryNext(out var item, out var score))
            {
                seen.Add((item, score));
            }
        }
        return seen;
    }

    /// <summary>The buffer the ranker used to fill: the shifted score at each candidate, 0 everywhere else.</summary>
    private static List<(int Item, float Score)> FromBuffer(int itemCount, int[] items, float[] scores)
    {
        var buffer = new float[itemCount];
        for (var c = 0; c < items.Length; c++)
        {
            buffer[items[c]] = Shift + scores[c];
        }
        return Drain(new ScoredOrder(buffer, itemCount, 16));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void TryNext_RandomCandidates_HandsOutWhatTheScoreBufferWould(int seed)
    {
        var random = new Random(seed);
        const int itemCount = 400;
        var items = Enumerable.Range(0, itemCount).Where(_ => random.NextDouble() < 0.4).ToArray();
        // Raw scores 1e-5 apart collapse into ties once shifted; -1000 lands on 0 and -1500 below it.
        float[] specials = [-Shift, -1_500f, 0f, 1e-5f, 2e-5f, float.NaN];
        var scores = items.Select(_ => random.NextDouble() < 0.2
            ? specials[random.Next(specials.Length)]
            : (float)Math.Round(random.NextDouble() * 4 - 2, 2)).ToArray();
        var candidates = new RerankedCandidates(items, scores, new byte[items.Length], Shift);

        var expected = FromBuffer(itemCount, items, scores);
        var actual = Drain(new CandidateOrder(candidates, itemCount));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TryNext_ScoresTiedOnlyOnceShifted_KeepTheLowerItemFirst()
    {
        // 1e-5 and 2e-5 differ, but 1000 + either is the same float: the ranker has always ordered by the shifted value.
        var candidates = new RerankedCandidates([3, 7], [1e-5f, 2e-5f], new byte[2], Shift);

        var order = Drain(new CandidateOrder(candidates, 10));

        Assert.Equal([3, 7], order.Take(2).Select(o => o.Item));
        Assert.Equal([0, 1, 2, 4], order.Skip(2).Take(4).Select(o => o.Item));
        Assert.All(order.Skip(2), o => Assert.Equal(0f, o.Score));
    }

    [Fact]
    public void TryNext_NoCandidates_EveryItemAtZeroInIndexOrder()
    {
        var order = Drain(new CandidateOrder(new RerankedCandidates([], [], [], Shift), 4));

        Assert.Equal([(0, 0f), (1, 0f), (2, 0f), (3, 0f)], order);
    }
}
