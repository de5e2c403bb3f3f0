using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class YardstickTests
{
    /// <summary>Three taste groups of 60 learners, each rating 8 of its group's 12 films and one film at random.</summary>
    internal static RatingsData TasteGroups(int seed = 1)
    {
        var random = new Random(seed);
        var ratings = new List<Rating>();
        for (var user = 0; user < 60; user++)
        {
            var group = user % 3;
            var films = Enumerable.Range(group * 12, 12).OrderBy(_ => random.Next()).Take(8).Append(random.Next(36)).Distinct();
            foreach (var film in films)
            {
                ratings.Add(new Rating(user, film, random.Next(1, 6), 1_000_000 + ratings.Count * 60L));
            }
        }
        return new RatingsData([.. Enumerable.Range(0, 60).Select(u => $"{u}")], [.. Enumerable.Range(0, 36).Select(i => $"{i}")], ratings);
    }

    [Fact]
    public void Run_TasteGroups_CollaborativeGeneratorsBeatPopularity()
    {
        var results = Yardstick.Run(TasteGroups(), Yardstick.DefaultAlgorithms, 5, 0.75, 42, cancellationToken: Fixtures.Ct);

        Assert.Equal(["ease", "itemknn", "sequence", "popularity"], results.Select(r => r.Algorithm));
        var byName = results.ToDictionary(r => r.Algorithm);
        Assert.True(byName["ease"].Ndcg > byName["popularity"].Ndcg + 0.2, $"EASE {byName["ease"].Ndcg} vs popularity {byName["popularity"].Ndcg}");
        Assert.True(byName["itemknn"].Precision > byName["popularity"].Precision);
        Assert.All(results, r =>
        {
            Assert.Equal(5, r.K);
            Assert.InRange(r.Ndcg, 0, 1);
            Assert.InRange(r.Map, 0, r.Recall);
            Assert.True(r.TrainSeconds >= 0);
        });
    }

    [Fact]
    public void Run_SameSeed_GivesTheSameMetrics()
    {
        var data = TasteGroups();

        var first = Yardstick.Run(data, ["ease"], 10, 0.75, 3, cancellationToken: Fixtures.Ct)[0];
        var second = Yardstick.Run(data, ["ease"], 10, 0.75, 3, cancellationToken: Fixtures.Ct)[0];

        Assert.Equal(first with { TrainSeconds = 0 }, second with { TrainSeconds = 0 });
    }
}
