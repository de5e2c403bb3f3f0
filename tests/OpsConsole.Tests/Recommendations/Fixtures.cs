using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

/// <summary>Small hand-checkable training sets.</summary>
internal static class Fixtures
{
    public const long Day = 86_400;
    public const long Now = 1_800_000_000;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A training set from each learner's items (one interaction each, a day apart, oldest first).</summary>
    public static TrainingSet FromBaskets(int itemCount, params int[][] baskets)
    {
        var interactions = new List<Interaction>();
        for (var user = 0; user < baskets.Length; user++)
        {
            for (var i = 0; i < baskets[user].Length; i++)
            {
                interactions.Add(new Interaction(user, baskets[user][i], 1f, Now - (baskets[user].Length - i) * Day));
            }
        }
        return Set(baskets.Length, Items(itemCount), interactions);
    }

    public static TrainingSet Set(int userCount, IReadOnlyList<ItemFeatures> items, IEnumerable<Interaction> interactions) => new()
    {
        UserCount = userCount,
        Items = items,
        Interactions = [.. interactions.OrderBy(i => i.User).ThenBy(i => i.Timestamp)],
        Now = Now,
    };

    public static ItemFeatures[] Items(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ItemFeatures($"item-{i}", $"Item {i}", "", [], true))];

    public static LearnerHistory History(params int[] items) =>
        new(items, [.. items.Select(_ => 1f)], [.. items.Select((_, i) => Now - (items.Length - i) * Day)], [], null);

    public static float[] Scores(ICandidateModel model, LearnerHistory history)
    {
        var scores = new float[model.ItemCount];
        model.Score(history, scores);
        return scores;
    }

    public static int Best(ICandidateModel model, LearnerHistory history, params int[] excluding)
    {
        var scores = Scores(model, history);
        foreach (var item in excluding)
        {
            scores[item] = float.NegativeInfinity;
        }
        var top = new int[1];
        Ranking.TopK(scores, 1, top);
        return top[0];
    }

    /// <summary>Saves and reloads through the generic loader, as the model registry would.</summary>
    public static ICandidateModel RoundTrip(ICandidateModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        return CandidateGenerators.Load(stream);
    }
}
