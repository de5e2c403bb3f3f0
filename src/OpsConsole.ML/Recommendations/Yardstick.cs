using System.Diagnostics;

namespace OpsConsole.Recommendations;

/// <summary>One algorithm's result on the ratings yardstick.</summary>
/// <summary>How the yardstick splits ratings into train and test.</summary>
public enum YardstickSplit
{
    /// <summary>Each item's ratings are split by the ratio (<see cref="RatingsSplit.ByItem"/>): the yardstick's protocol.</summary>
    Item,
    /// <summary>Each learner's ratings are split by the ratio (<see cref="RatingsSplit.ByUser"/>), as microsoft/recommenders splits by default.</summary>
    User,
}

public sealed record YardstickResult(string Algorithm, int K, double Map, double Ndcg, double Precision, double Recall, double TrainSeconds);

/// <summary>
/// The public recommendation yardstick on MovieLens ratings: a per-item split (<see cref="RatingsSplit.ByItem"/>),
/// every test rating relevant, a full ranking over all items minus each learner's training items, metrics averaged
/// over learners with test items. Training time is wall-clock time of <see cref="ICandidateGenerator.Train"/>.
/// </summary>
public static class Yardstick
{
    /// <summary>The algorithms <c>all</c> runs: the interaction-based generators (content needs catalogue text MovieLens ratings lack).</summary>
    public static IReadOnlyList<string> DefaultAlgorithms { get; } =
        [EaseGenerator.GeneratorName, ItemKnnGenerator.GeneratorName, SequenceGenerator.GeneratorName, PopularityGenerator.GeneratorName];

    public static IReadOnlyList<YardstickResult> Run(
        RatingsData data, IEnumerable<string> algorithms, int k, double ratio, int seed, EngineOptions? options = null,
        YardstickSplit split = YardstickSplit.Item, CancellationToken cancellationToken = default)
    {
        var (trainRatings, testRatings) = split == YardstickSplit.User ? RatingsSplit.ByUser(data, ratio, seed) : RatingsSplit.ByItem(data, ratio, seed);
        var train = RatingsSplit.ToTrainingSet(data, trainRatings);
        var test = RatingsSplit.ToInteractions(testRatings);
        var results = new List<YardstickResult>();
        foreach (var algorithm in algorithms)
        {
            var generator = CandidateGenerators.Create(algorithm, options);
            var clock = Stopwatch.StartNew();
            var model = generator.Train(train, cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            var report = OfflineEvaluation.Evaluate(model, train, test, k, cancellationToken);
            results.Add(new YardstickResult(generator.Name, k, report.Map, report.Ndcg, report.Precision, report.Recall, seconds));
        }
        return results;
    }
}
