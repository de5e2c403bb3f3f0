namespace OpsConsole.Recommendations;

/// <summary>
/// The candidates the re-ranker orders for one learner, and the features it sees for each: every generator's score
/// (scaled by that generator's best score for the learner) and reciprocal rank, the item's popularity, and how the
/// item relates to the learner's history. Built the same way when training and when serving, so the model never
/// meets a feature it was not trained on.
/// </summary>
public sealed class RerankFeatures
{
    /// <summary>Candidates taken from each generator's top.</summary>
    public const int PerGenerator = 50;

    public static readonly string[] Generators = ["ease", "itemknn", "sequence", "popularity", "content"];

    /// <summary>Score and reciprocal rank per generator, then popularity, history length, topic share, days since last activity.</summary>
    public static int Width => Generators.Length * 2 + 4;

    private readonly float[] _logPopularity;

    /// <param name="topics">Each item's topic, by index.</param>
    /// <param name="learnersPerItem">How many learners touched each item in training (<see cref="CountLearners"/>).</param>
    public RerankFeatures(IReadOnlyList<string> topics, IReadOnlyList<float> learnersPerItem)
    {
        if (topics.Count != learnersPerItem.Count)
        {
            throw new ArgumentException("Every item needs a topic and a learner count.", nameof(learnersPerItem));
        }
        Topics = topics;
        LearnersPerItem = learnersPerItem;
        _logPopularity = [.. learnersPerItem.Select(c => MathF.Log(1 + c))];
    }

    public IReadOnlyList<string> Topics { get; }
    public IReadOnlyList<float> LearnersPerItem { get; }

    /// <summary>Learners who touched each item in a training set: the popularity feature.</summary>
    public static float[] CountLearners(TrainingSet data)
    {
        var counts = new float[data.ItemCount];
        foreach (var interaction in data.Interactions)
        {
            counts[interaction.Item]++;
        }
        return counts;
    }

    /// <summary>
    /// The union of each model's top <see cref="PerGenerator"/> items that <paramref name="eligible"/> allows (and
    /// <paramref name="alsoInclude"/>, e.g. the items of a logged list), with their feature rows, in ascending item
    /// order. <paramref name="now"/> is Unix seconds.
    /// </summary>
    public IReadOnlyList<(int Item, float[] Features)> Build(
        IReadOnlyDictionary<string, ICandidateModel> models, LearnerHistory history, Func<int, bool> eligible, long now, IEnumerable<int>? alsoInclude = null)
    {
        var n = Topics.Count;
        var top = new int[PerGenerator];
        var scaled = new float[Generators.Length][];
        var ranks = new Dictionary<int, int>[Generators.Length];
        var candidates = new SortedSet<int>();
        for (var g = 0; g < Generators.Length; g++)
        {
            ranks[g] = [];
            if (!models.TryGetValue(Generators[g], out var model))
            {
                continue;
            }
            var scores = scaled[g] = new float[n];
            model.Score(history, scores);
            for (var i = 0; i < n; i++)
            {
                if (!eligible(i))
                {
                    scores[i] = float.NegativeInfinity;
                }
            }
            var count = Ranking.TopK(scores, PerGenerator, top);
            var best = count > 0 ? scores[top[0]] : 0;
            for (var r = 0; r < count && scores[top[r]] > 0; r++)
            {
                ranks[g][top[r]] = r + 1;
                candidates.Add(top[r]);
            }
            for (var i = 0; i < n; i++)
            {
                scores[i] = best > 0 && scores[i] > 0 ? scores[i] / best : 0;
            }
        }
        if (alsoInclude is not null)
        {
            candidates.UnionWith(alsoInclude);
        }
        var topicCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in history.Items)
        {
            topicCounts[Topics[item]] = topicCounts.GetValueOrDefault(Topics[item]) + 1;
        }
        var historyLength = MathF.Log(1 + history.Items.Count);
        var idleDays = history.Timestamps.Count == 0 ? 365f : Math.Max(0, now - history.Timestamps.Max()) / 86_400f;
        var rows = new List<(int, float[])>(candidates.Count);
        foreach (var item in candidates)
        {
            var features = new float[Width];
            for (var g = 0; g < Generators.Length; g++)
            {
                features[2 * g] = scaled[g]?[item] ?? 0;
                features[2 * g + 1] = ranks[g].TryGetValue(item, out var rank) ? 1f / rank : 0;
            }
            var at = Generators.Length * 2;
            features[at] = _logPopularity[item];
            features[at + 1] = historyLength;
            features[at + 2] = history.Items.Count == 0 ? 0 : (float)topicCounts.GetValueOrDefault(Topics[item]) / history.Items.Count;
            features[at + 3] = MathF.Log(1 + idleDays);
            rows.Add((item, features));
        }
        return rows;
    }
}
