namespace OpsConsole.Recommendations;

/// <summary>Why an item is proposed, in parts the console words in the reader's language; <see cref="Text"/> is the English the API sends.</summary>
public sealed record ReasonView(string Code, string? AnchorItemId, string? AnchorTitle, string? Topic, string Text);

/// <summary>
/// One item a generator proposes before any business rule. Items the rules would drop stay in and are marked, so the
/// preview shows what the rules take out.
/// </summary>
public sealed record ProposedItem(int Rank, string ItemId, string? Title, string? Topic, float Score, bool Owned, bool Unavailable, ReasonView Reason);

/// <summary>
/// What one generator of the active version proposes; <see cref="Ranks"/> marks the one that ranks served lists (none
/// does when the learned re-ranker orders them).
/// </summary>
public sealed record GeneratorProposals(string Generator, bool Ranks, IReadOnlyList<ProposedItem> Items);

/// <summary>One item of the list the learner would be served now.</summary>
public sealed record PreviewItem(int Position, string ItemId, string Title, string Topic, float Score, string Generator, ReasonView Reason);

/// <summary>An item of the learner's history as the model sees it: the damped signal and the first touch.</summary>
public sealed record PreviewTouch(string ItemId, string? Title, float Weight, DateTime FirstTouch);

public sealed record RecommendationPreviewResult(
    int ModelVersion, string Primary, string LearnerId, bool KnownLearner, bool ColdStart, bool Member, int OwnedItems,
    IReadOnlyList<PreviewTouch> RecentHistory, IReadOnlyList<GeneratorProposals> Generators, IReadOnlyList<PreviewItem> Served,
    IReadOnlyList<AppliedRule> Rules);

/// <summary>
/// What the active model version would do for one learner, for people looking at it in the console: each generator's
/// own top items with scores, and the final list with reasons and the business rules that shaped it. It serves
/// nothing, so it logs no impression and moves no online metric.
/// </summary>
public sealed class RecommendationPreview(LearnerStateCache learners, RecommenderHost host, RecommendationRanker ranker, TimeProvider clock)
{
    public const int MaxItems = 50;
    private const int HistoryShown = 10;

    /// <summary>The preview, or null while no model version is active.</summary>
    /// <param name="k">Items in the served list (1–<see cref="MaxItems"/>).</param>
    /// <param name="perGenerator">Items shown per generator; 0 skips the generators (the served list alone).</param>
    public async Task<RecommendationPreviewResult?> PreviewAsync(string learnerId, int k, int perGenerator, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxItems);
        ArgumentOutOfRangeException.ThrowIfNegative(perGenerator);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perGenerator, MaxItems);
        if (await host.GetAsync(cancellationToken) is not { } state)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var learnerState = await learners.GetAsync(learnerId, cancellationToken);
        var learner = LearnerSignals.For(learnerState, state.Bundle, now);
        var ranked = ranker.Rank(state, learner, k, new RecommendationContext("preview", null), new DateTimeOffset(now).ToUnixTimeSeconds());
        var served = ranked.Items.Select(r =>
        {
            var item = state.Items[r.Item]!;
            return new PreviewItem(r.Position, item.Id, item.Title, item.Topic, r.Score, r.Generator, Describe(r.Reason, state));
        }).ToArray();
        GeneratorProposals[] generators = perGenerator == 0 ? [] : Proposals(state, learner, perGenerator);
        var history = learnerState.History
            .OrderByDescending(t => t.FirstTouch).Take(HistoryShown)
            .Select(t => new PreviewTouch(t.ItemId, state.Bundle.TryIndexOf(t.ItemId, out var i) ? state.Items[i]?.Title : null, t.Weight, t.FirstTouch))
            .ToArray();
        return new RecommendationPreviewResult(state.Bundle.Version, state.Bundle.Primary, learnerId, learnerState.Known, ranked.ColdStart, learner.Member,
            learnerState.Owned.Count, history, generators, served, ranked.Applied);
    }

    /// <summary>Each generator's top items for the learner, the ranking one (if a generator ranks) first, then by name.</summary>
    private static GeneratorProposals[] Proposals(ServingState state, LearnerSignals learner, int count)
    {
        var bundle = state.Bundle;
        var scores = new float[bundle.ItemCount];
        return [.. bundle.Models
            .OrderBy(m => m.Key == bundle.Primary ? 0 : 1).ThenBy(m => m.Key, StringComparer.Ordinal)
            .Select(m =>
            {
                var model = m.Value;
                Array.Clear(scores);
                model.Score(learner.History, scores);
                // A score of 0 is "no opinion" (e.g. a collaborative model for a learner with no history), not a proposal.
                var top = Enumerable.Range(0, scores.Length).Where(i => scores[i] > 0)
                    .OrderByDescending(i => scores[i]).ThenBy(i => i).Take(count)
                    .Select((i, rank) =>
                    {
                        var item = state.Items[i];
                        var owned = learner.Owned.Contains(i) || item is not null && learner.Member && InteractionSignals.MembershipIncludes(item.Kind);
                        return new ProposedItem(rank + 1, bundle.ItemIds[i], item?.Title, item?.Topic, scores[i], owned, item is not { Available: true },
                            Describe(model.Explain(learner.History, i), state));
                    })
                    .ToArray();
                return new GeneratorProposals(m.Key, m.Key == bundle.Primary, top);
            })];
    }

    private static ReasonView Describe(Reason reason, ServingState state)
    {
        var anchor = reason.AnchorItem is { } a && a >= 0 && a < state.Bundle.ItemCount ? a : (int?)null;
        return new ReasonView(ReasonText.Code(reason), anchor is { } i ? state.Bundle.ItemIds[i] : null, anchor is { } j ? state.Items[j]?.Title : null,
            reason.Topic, ReasonText.For(reason, state, itemContext: false));
    }
}
