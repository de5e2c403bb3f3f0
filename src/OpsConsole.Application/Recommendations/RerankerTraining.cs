using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Recommendations;

/// <summary>How the learned re-ranker fared against the best single generator on the same held-out learners.</summary>
public sealed record RerankComparison(
    int HoldoutLists, int ImpressionLists, int EvaluationLearners, string Baseline,
    double Ndcg, double Precision, double BaselineNdcg, double BaselinePrecision, bool Used, string? Note);

/// <summary>
/// Trains the re-ranker on what learners did with candidates: lists that were served and then clicked or bought
/// (impressions after the holdout cut-off, labelled 2 for a purchase, 1 for a click), and half of the holdout learners
/// (their candidates labelled by what they went on to take). The other half judges it against the best single
/// generator; it ranks final lists only if it wins there.
/// </summary>
public sealed class RerankerTraining(IDbContextFactory<OpsDbContext> contexts)
{
    public async Task<(Reranker? Model, RerankFeatures Features, RerankComparison Comparison)> TrainAsync(
        RecommenderData data, TrainingSet train, IReadOnlyList<Interaction> test, IReadOnlyDictionary<string, ICandidateModel> models,
        GeneratorMetrics best, int k, DateTime cutoff, CancellationToken cancellationToken)
    {
        var features = new RerankFeatures([.. data.Catalog.Select(i => i.Topic)], RerankFeatures.CountLearners(train));
        var histories = OfflineEvaluation.Histories(train);
        var relevant = test.GroupBy(t => t.User).ToDictionary(g => g.Key, g => g.Select(t => t.Item).ToHashSet());
        var (learn, judge) = Halves(relevant.Keys);
        var now = new DateTimeOffset(cutoff).ToUnixTimeSeconds();
        var eligible = new Func<int, LearnerHistory, Func<int, bool>>((user, history) =>
        {
            var had = history.Items.ToHashSet();
            return i => !had.Contains(i) && train.Items[i].Available;
        });

        var groups = new List<RerankGroup>();
        foreach (var user in learn)
        {
            var history = histories.GetValueOrDefault(user) ?? LearnerHistory.Empty;
            var rows = features.Build(models, history, eligible(user, history), now);
            groups.Add(new RerankGroup([.. rows.Select(r => (r.Features, relevant[user].Contains(r.Item) ? 1f : 0f))]));
        }
        var holdoutLists = groups.Count;
        var impressionLists = await AddServedListsAsync(groups, data, train, models, features, histories, cutoff, cancellationToken);

        Reranker reranker;
        try
        {
            reranker = Reranker.Train(groups);
        }
        catch (ArgumentException e)
        {
            return (null, features, new RerankComparison(holdoutLists, impressionLists, judge.Count, best.Generator, 0, 0, best.Ndcg, best.Precision, false, e.Message));
        }

        double ndcg = 0, precision = 0, baseNdcg = 0, basePrecision = 0;
        var baseline = models[best.Generator];
        var scores = new float[train.ItemCount];
        var top = new int[k];
        foreach (var user in judge)
        {
            var history = histories.GetValueOrDefault(user) ?? LearnerHistory.Empty;
            var allowed = eligible(user, history);
            var rows = features.Build(models, history, allowed, now);
            var reranked = rows.Count == 0 ? [] : reranker.Score([.. rows.Select(r => r.Features)]);
            var list = rows.Select((r, i) => (r.Item, Score: reranked[i])).OrderByDescending(r => r.Score).ThenBy(r => r.Item).Take(k).Select(r => r.Item).ToArray();
            ndcg += RankingMetrics.NdcgAtK(list, relevant[user], k);
            precision += RankingMetrics.PrecisionAtK(list, relevant[user], k);

            baseline.Score(history, scores);
            for (var i = 0; i < scores.Length; i++)
            {
                if (!allowed(i))
                {
                    scores[i] = float.NegativeInfinity;
                }
            }
            var count = Ranking.TopK(scores, k, top);
            baseNdcg += RankingMetrics.NdcgAtK(top.AsSpan(0, count), relevant[user], k);
            basePrecision += RankingMetrics.PrecisionAtK(top.AsSpan(0, count), relevant[user], k);
        }
        var judged = Math.Max(1, judge.Count);
        var comparison = new RerankComparison(holdoutLists, impressionLists, judge.Count, best.Generator,
            ndcg / judged, precision / judged, baseNdcg / judged, basePrecision / judged, judge.Count > 0 && ndcg > baseNdcg, null);
        return (comparison.Used ? reranker : null, features, comparison);
    }

    /// <summary>Lists served after the cut-off that got a click or purchase become training lists too.</summary>
    private async Task<int> AddServedListsAsync(List<RerankGroup> groups, RecommenderData data, TrainingSet train,
        IReadOnlyDictionary<string, ICandidateModel> models, RerankFeatures features, Dictionary<int, LearnerHistory> histories,
        DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var credited = await db.RecommendationFeedback.AsNoTracking()
            .Where(f => f.OccurredAt >= cutoff)
            .Select(f => new { f.RecommendationId, f.ItemId, f.Kind })
            .ToListAsync(cancellationToken);
        if (credited.Count == 0)
        {
            return 0;
        }
        var lists = credited.Select(c => c.RecommendationId).Distinct().ToArray();
        var shown = await db.RecommendationImpressions.AsNoTracking()
            .Where(i => lists.Contains(i.RecommendationId))
            .Select(i => new { i.RecommendationId, i.LearnerId, i.ItemId })
            .ToListAsync(cancellationToken);
        var itemIndex = data.Catalog.Select((item, index) => (item.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);
        var userIndex = data.LearnerIds.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index, StringComparer.Ordinal);
        var labels = credited.GroupBy(c => (c.RecommendationId, c.ItemId))
            .ToDictionary(g => g.Key, g => g.Any(c => c.Kind == FeedbackKind.Purchase) ? 2f : 1f);
        var now = new DateTimeOffset(cutoff).ToUnixTimeSeconds();
        var added = 0;
        foreach (var list in shown.GroupBy(s => (s.RecommendationId, s.LearnerId)))
        {
            var items = list.Where(s => itemIndex.ContainsKey(s.ItemId)).Select(s => itemIndex[s.ItemId]).ToHashSet();
            var history = userIndex.TryGetValue(list.Key.LearnerId, out var user) && histories.TryGetValue(user, out var h) ? h : LearnerHistory.Empty;
            var had = history.Items.ToHashSet();
            var rows = features.Build(models, history, i => !had.Contains(i) && train.Items[i].Available, now, items)
                .Where(r => items.Contains(r.Item))
                .Select(r => (r.Features, labels.GetValueOrDefault((list.Key.RecommendationId, data.Catalog[r.Item].Id))))
                .ToArray();
            if (rows.Length > 1)
            {
                groups.Add(new RerankGroup(rows));
                added++;
            }
        }
        return added;
    }

    /// <summary>A seeded, stable split of the holdout learners: the same learners land on the same side every run.</summary>
    private static (List<int> Learn, List<int> Judge) Halves(IEnumerable<int> users)
    {
        var learn = new List<int>();
        var judge = new List<int>();
        foreach (var user in users.Order())
        {
            (unchecked((uint)user * 2654435761u) % 2 == 0 ? learn : judge).Add(user);
        }
        return (learn, judge);
    }
}
