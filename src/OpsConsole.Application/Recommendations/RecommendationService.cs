namespace OpsConsole.Recommendations;

/// <summary>Serves recommendation lists with the active model version and logs each as impressions.</summary>
public sealed class RecommendationService(
    LearnerStateCache learners,
    RecommenderHost host,
    RecommendationRanker ranker,
    ImpressionLog impressions,
    TimeProvider clock)
{
    public const int MaxK = 100;

    public async Task<RecommendationList> RecommendAsync(string learnerId, int k, RecommendationContext context, CancellationToken cancellationToken)
    {
        if (k is < 1 or > MaxK)
        {
            throw new RecommendationRequestException("k", $"k must be between 1 and {MaxK}; got {k}.");
        }
        var state = await host.GetAsync(cancellationToken) ?? throw new NoActiveModelException();
        var servedAt = clock.GetUtcNow();
        var now = servedAt.UtcDateTime;
        var learner = LearnerSignals.For(await learners.GetAsync(learnerId, cancellationToken), state.Bundle, now);
        var ranked = ranker.Rank(state, learner, k, context, servedAt.ToUnixTimeSeconds());
        var id = RecommendationIds.Next(servedAt);
        var items = new RecommendedItem[ranked.Items.Count];
        var rows = new RecommendationImpression[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var r = ranked.Items[i];
            var item = state.Items[r.Item]!;
            var anchor = r.Reason.AnchorItem is { } a ? state.Bundle.ItemIds[a] : null;
            items[i] = new RecommendedItem(r.Position, item.Id, item.Title, item.Topic, r.Score,
                ReasonText.For(r.Reason, state, context.ItemId is not null), ReasonText.Code(r.Reason), anchor, r.Generator);
            rows[i] = new RecommendationImpression
            {
                RecommendationId = id,
                LearnerId = learnerId,
                ItemId = item.Id,
                Position = r.Position,
                Score = r.Score,
                ModelId = state.Bundle.Version,
                Context = context.Placement,
                ColdStart = ranked.ColdStart,
                ServedAt = now,
            };
        }
        impressions.Enqueue(rows);
        return new RecommendationList(id, state.Bundle.Version, learnerId, context.Placement, ranked.ColdStart, items, ranked.Rules);
    }
}
