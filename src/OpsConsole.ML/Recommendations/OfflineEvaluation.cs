namespace OpsConsole.Recommendations;

/// <summary>
/// Metrics averaged over the learners who have test items; coverage and novelty are over all their lists.
/// <see cref="Diversity"/> is the mean intra-list diversity of those lists, null when no item similarity was given.
/// </summary>
public sealed record EvaluationReport(
    int Users, int K, double Map, double Ndcg, double Precision, double Recall, double HitRate, double Coverage, double Novelty, double? Diversity = null);

/// <summary>
/// Offline evaluation of a trained model: every learner with test items gets a full ranking over the whole catalogue,
/// minus the items they already have in training, and the top K is scored against their test items (all relevant).
/// </summary>
public static class OfflineEvaluation
{
    public static EvaluationReport Evaluate(ICandidateModel model, TrainingSet train, IEnumerable<Interaction> test, int k, CancellationToken cancellationToken = default) =>
        Evaluate(model, train, test, k, similarity: null, cancellationToken);

    /// <param name="similarity">An item similarity in [0, 1] (e.g. <see cref="RankingMetrics.TagCosine"/>) to also measure intra-list diversity.</param>
    public static EvaluationReport Evaluate(ICandidateModel model, TrainingSet train, IEnumerable<Interaction> test, int k, Func<int, int, double>? similarity,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var relevant = new Dictionary<int, HashSet<int>>();
        foreach (var interaction in test)
        {
            if (!relevant.TryGetValue(interaction.User, out var set))
            {
                relevant[interaction.User] = set = [];
            }
            set.Add(interaction.Item);
        }
        var histories = Histories(train);
        var users = relevant.Keys.Order().ToArray();
        var itemCount = model.ItemCount;

        var lists = new int[users.Length][];
        var metrics = new double[users.Length, 6];
        Parallel.For(0, users.Length, new ParallelOptions { CancellationToken = cancellationToken }, () => new float[itemCount], (index, _, scores) =>
        {
            var user = users[index];
            var history = histories.TryGetValue(user, out var h) ? h : LearnerHistory.Empty;
            model.Score(history, scores);
            foreach (var item in history.Items)
            {
                scores[item] = float.NegativeInfinity;
            }
            var top = new int[k];
            var list = top[..Ranking.TopK(scores, k, top)];
            var set = relevant[user];
            lists[index] = list;
            metrics[index, 0] = RankingMetrics.AveragePrecisionAtK(list, set, k);
            metrics[index, 1] = RankingMetrics.NdcgAtK(list, set, k);
            metrics[index, 2] = RankingMetrics.PrecisionAtK(list, set, k);
            metrics[index, 3] = RankingMetrics.RecallAtK(list, set, k);
            metrics[index, 4] = RankingMetrics.HitRateAtK(list, set, k);
            metrics[index, 5] = similarity is null ? 0 : RankingMetrics.IntraListDiversity(list, similarity);
            return scores;
        }, _ => { });

        // Summed in learner order so a run is bit-for-bit reproducible whatever the thread schedule.
        var sums = new double[6];
        for (var i = 0; i < users.Length; i++)
        {
            for (var m = 0; m < 6; m++)
            {
                sums[m] += metrics[i, m];
            }
        }
        var count = Math.Max(1, users.Length);
        var learnersPerItem = new int[itemCount];
        foreach (var history in histories.Values)
        {
            foreach (var item in history.Items.Distinct())
            {
                learnersPerItem[item]++;
            }
        }
        return new EvaluationReport(
            users.Length, k, sums[0] / count, sums[1] / count, sums[2] / count, sums[3] / count, sums[4] / count,
            RankingMetrics.CatalogueCoverage(lists, itemCount),
            RankingMetrics.Novelty(lists, learnersPerItem, Math.Max(1, train.UserCount)),
            similarity is null ? null : sums[5] / count);
    }

    /// <summary>Each learner's training interactions as the history serving would pass: oldest first.</summary>
    public static Dictionary<int, LearnerHistory> Histories(TrainingSet train)
    {
        var histories = new Dictionary<int, LearnerHistory>();
        foreach (var group in train.Interactions.GroupBy(i => i.User))
        {
            var ordered = group.OrderBy(i => i.Timestamp).ToArray();
            histories[group.Key] = new LearnerHistory(
                [.. ordered.Select(i => i.Item)], [.. ordered.Select(i => i.Weight)], [.. ordered.Select(i => i.Timestamp)], [], null);
        }
        return histories;
    }
}
