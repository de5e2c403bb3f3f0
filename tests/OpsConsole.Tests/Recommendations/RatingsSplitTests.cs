using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class RatingsSplitTests
{
    /// <summary>Item i is rated by the first counts[i] users, at distinct times.</summary>
    private static RatingsData Ratings(params int[] counts)
    {
        var users = counts.Max();
        var ratings = new List<Rating>();
        for (var item = 0; item < counts.Length; item++)
        {
            for (var user = 0; user < counts[item]; user++)
            {
                ratings.Add(new Rating(user, item, 1 + (user + item) % 5, 1000 + ratings.Count));
            }
        }
        return new RatingsData([.. Enumerable.Range(0, users).Select(u => $"u{u}")], [.. counts.Select((_, i) => $"i{i}")], ratings);
    }

    [Fact]
    public void ByItem_ThreeQuarters_RoundsEachItemsShareHalfToEven()
    {
        var data = Ratings(4, 2, 6, 1, 8);

        var (train, test) = RatingsSplit.ByItem(data, 0.75, 42);

        // 3, 1.5→2, 4.5→4, 0.75→1 and 6 ratings go to train.
        Assert.Equal([3, 2, 4, 1, 6], Enumerable.Range(0, 5).Select(i => train.Count(r => r.Item == i)));
        Assert.Equal([1, 0, 2, 0, 2], Enumerable.Range(0, 5).Select(i => test.Count(r => r.Item == i)));
        Assert.Equal(data.Ratings.OrderBy(r => r.Timestamp), train.Concat(test).OrderBy(r => r.Timestamp));
    }

    [Fact]
    public void ByUser_ThreeQuarters_SplitsEachLearnersRatings()
    {
        var data = Ratings(4, 2, 6, 1, 8);

        var (train, test) = RatingsSplit.ByUser(data, 0.75, 42);

        // round(0.75·n) half to even: 5→4 (3.75), 4→3, 3→2 (2.25), 2→2 (1.5), 1→1 (0.75).
        int[] rated = [.. Enumerable.Range(0, 8).Select(u => data.Ratings.Count(r => r.User == u))];
        Assert.Equal([5, 4, 3, 3, 2, 2, 1, 1], rated);
        Assert.Equal([4, 3, 2, 2, 2, 2, 1, 1], Enumerable.Range(0, 8).Select(u => train.Count(r => r.User == u)));
        Assert.Equal(data.Ratings.Count, train.Length + test.Length);
    }

    [Fact]
    public void ByItem_SameSeed_GivesTheSameSplit()
    {
        var data = Ratings(40, 30, 20);

        var first = RatingsSplit.ByItem(data, 0.75, 7);
        var second = RatingsSplit.ByItem(data, 0.75, 7);
        var other = RatingsSplit.ByItem(data, 0.75, 8);

        Assert.Equal(first.Test, second.Test);
        Assert.NotEqual(first.Test, other.Test);
    }

    [Fact]
    public void ByItem_RatioOutsideTheOpenInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RatingsSplit.ByItem(Ratings(3), 1, 42));
        Assert.Throws<ArgumentOutOfRangeException>(() => RatingsSplit.ByItem(Ratings(3), 0, 42));
    }

    [Fact]
    public void ToTrainingSet_Ratings_AreUnitInteractionsSortedByLearnerThenTime()
    {
        var data = Ratings(3, 3);

        var set = RatingsSplit.ToTrainingSet(data, data.Ratings);

        Assert.Equal(3, set.UserCount);
        Assert.Equal(2, set.ItemCount);
        Assert.All(set.Interactions, i => Assert.Equal(1f, i.Weight));
        Assert.Equal(set.Interactions.OrderBy(i => i.User).ThenBy(i => i.Timestamp), set.Interactions);
        Assert.Equal(data.Ratings.Max(r => r.Timestamp), set.Now);
    }
}
