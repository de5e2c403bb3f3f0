using System.Buffers;
using System.Globalization;

namespace OpsConsole.Recommendations;

/// <summary>
/// Turns model scores into the list a learner sees: picks the model for the situation, then applies the business
/// rules in order — nothing owned, nothing retired or unpublished, at most <c>MaxPerTopic</c> per topic — and says
/// which rules shaped the list. Pure, so every rule is tested without a database; with a <see cref="RerankCache"/> it
/// reuses a learner's re-ranked candidates, and the rules still run on every list.
/// </summary>
public sealed class RecommendationRanker(RecommenderOptions options, RerankCache? cache = null)
{
    private const float ChannelShare = 0.5f;
    private const float RerankShift = 1_000f;

    public RankedList Rank(ServingState state, LearnerSignals learner, int k, RecommendationContext context, long now = 0)
    {
        var bundle = state.Bundle;
        var n = bundle.ItemCount;
        var rules = new List<AppliedRule>();
        int? anchor = null;
        if (context.ItemId is { } itemId)
        {
            anchor = bundle.TryIndexOf(itemId, out var index) ? index
                : throw new RecommendationRequestException("context", $"No catalogue item '{itemId}' is known to model v{bundle.Version}.");
        }

        // Score buffers come from the shared pool: a request must not allocate a catalogue-sized array (or two) each time.
        var scores = ArrayPool<float>.Shared.Rent(n);
        float[]? channelScores = null;
        float[]? fill = null;
        var picked = new List<int>(k);
        var seen = new Dictionary<int, (Func<int, (Reason, string)> Explain, float Score)>();
        var counts = new RuleCounts();
        RerankedCandidates? reranked = null;
        object? offer = null;
        bool coldStart;
        RankedItem[] items;
        try
        {
            var own = scores.AsSpan(0, n);
            Func<int, (Reason, string)> explain;
            coldStart = anchor is null && learner.History.IsEmpty;
            if (anchor is { } a)
            {
                // "Learners who took this also took": the collaborative model asked about the one item alone.
                var name = bundle.Models.ContainsKey(RecommenderGenerators.Ease) ? RecommenderGenerators.Ease : RecommenderGenerators.ItemKnn;
                var model = bundle.Models.GetValueOrDefault(name) ?? bundle.Models[bundle.Primary];
                var history = new LearnerHistory([a], [1f], [0], learner.History.InterestTopics, learner.History.Channel);
                model.Score(history, own);
                explain = i => (model.Explain(history, i), model.Generator);
            }
            else if (coldStart)
            {
                var popularity = bundle.Models[RecommenderGenerators.Popularity];
                popularity.Score(learner.History, own);
                Normalise(own);
                if (learner.History.Channel is { } channel && bundle.ChannelPopularity.TryGetValue(channel, out var byChannel))
                {
                    channelScores = ArrayPool<float>.Shared.Rent(n);
                    var blend = channelScores.AsSpan(0, n);
                    byChannel.AsSpan(0, n).CopyTo(blend);
                    Normalise(blend);
                    for (var i = 0; i < n; i++)
                    {
                        own[i] = (1 - ChannelShare) * own[i] + ChannelShare * blend[i];
                    }
                }
                var interests = string.Join(", ", learner.History.InterestTopics);
                rules.Add(learner.History.InterestTopics.Count > 0
                    ? new AppliedRule(AppliedRule.ColdStartInterests, [learner.History.Channel ?? "", interests],
                        $"No history yet: popular lately with learners like you (channel {learner.History.Channel ?? "unknown"}, interests {interests}).")
                    : new AppliedRule(AppliedRule.ColdStartChannel, [learner.History.Channel ?? ""],
                        $"No history yet: popular lately with learners who joined through {learner.History.Channel ?? "any channel"}."));
                var byChannelScores = channelScores;
                explain = i => byChannelScores is not null && byChannelScores[i] * ChannelShare >= scores[i] * 0.5f
                    ? (new Reason(ReasonKind.PopularInChannel, Topic: learner.History.Channel), "channel")
                    : (popularity.Explain(learner.History, i), popularity.Generator);
            }
            else if (bundle is { Primary: ModelBundle.Rerank, Reranker: { } reranker, RerankFeatures: { } features })
            {
                // Only the generators' candidates get a score (the items nobody proposed score 0), and the list is picked
                // from them in their cached order; the reason comes from the generator that rated the item highest.
                // The idle-days feature is read at the first request and kept while the state lives: it moves by a
                // fraction of a day in the five minutes a state is kept at most.
                var candidates = cache is not null && learner.State is { } key
                    ? cache.GetOrAdd(state, key, learner.Member, () => Rerank(state, learner, reranker, features, now), out offer)
                    : Rerank(state, learner, reranker, features, now);
                if (candidates.Served(k, offer) is { } again)
                {
                    return again;
                }
                reranked = candidates;
                explain = i => candidates.Explain(i, bundle, learner.History) ?? (new Reason(ReasonKind.Popular), ModelBundle.Rerank);
            }
            else
            {
                var model = bundle.Models[bundle.Primary];
                model.Score(learner.History, own);
                explain = i => (model.Explain(learner.History, i), model.Generator);
            }

            var perTopic = new int[state.TopicCount];
            var overflow = new List<int>();
            using (IItemOrder order = reranked is not null ? new CandidateOrder(reranked, n) : new ScoredOrder(scores, n, 2 * k + learner.Owned.Count + 16))
            {
                Pick(state, learner, anchor, order, explain, k, picked, seen, overflow, perTopic, counts);
            }
            if (picked.Count + overflow.Count < k && !coldStart && bundle.Models.TryGetValue(RecommenderGenerators.Popularity, out var popular))
            {
                // The personal model ran out of opinions (a narrow history): fill with what is popular rather than leave slots empty.
                var before = picked.Count;
                fill = ArrayPool<float>.Shared.Rent(n);
                popular.Score(learner.History, fill.AsSpan(0, n));
                using var order = new ScoredOrder(fill, n, 2 * k + learner.Owned.Count + 16);
                Pick(state, learner, anchor, order, i => (popular.Explain(learner.History, i), popular.Generator), k, picked, seen, overflow, perTopic, new RuleCounts());
                if (picked.Count > before)
                {
                    rules.Add(AppliedRule.Counted(AppliedRule.PopularFill, picked.Count - before,
                        $"Filled {picked.Count - before} slot(s) with popular items: the personal model had nothing more to offer."));
                }
            }
            // A narrow learner may not have enough topics: better a full list than an empty slot.
            for (var i = 0; i < overflow.Count && picked.Count < k; i++)
            {
                picked.Add(overflow[i]);
            }
            // Only what is shown is explained: an explanation walks the learner's history, and a focused learner's best
            // candidates are mostly held back by the topic cap. Models are immutable, so explaining later gives the same
            // reason; it happens before the score buffers go back to the pool, because an explanation may read them.
            items = new RankedItem[picked.Count];
            for (var position = 0; position < items.Length; position++)
            {
                var (explainWith, score) = seen[picked[position]];
                var (reason, generator) = explainWith(picked[position]);
                items[position] = new RankedItem(position + 1, picked[position],
                    generator.StartsWith(ModelBundle.Rerank, StringComparison.Ordinal) && score >= RerankShift / 2 ? score - RerankShift : score, reason, generator);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            if (channelScores is not null)
            {
                ArrayPool<float>.Shared.Return(channelScores);
            }
            if (fill is not null)
            {
                ArrayPool<float>.Shared.Return(fill);
            }
        }
        var (owned, unavailable, capped) = (counts.Owned, counts.Unavailable, counts.Capped);

        if (owned > 0)
        {
            rules.Add(AppliedRule.Counted(anchor is null ? AppliedRule.Owned : AppliedRule.OwnedAndAnchor, owned,
                $"Left out {owned} item(s) the learner already bought, studies or has through membership{(anchor is null ? "" : " (and the item itself)")}."));
        }
        if (unavailable > 0)
        {
            rules.Add(AppliedRule.Counted(AppliedRule.Unavailable, unavailable, $"Left out {unavailable} retired or unpublished item(s)."));
        }
        if (capped > 0)
        {
            rules.Add(AppliedRule.Counted(AppliedRule.TopicCap, options.MaxPerTopic, $"At most {options.MaxPerTopic} item(s) per topic, so the list stays varied."));
        }
        var list = new RankedList(coldStart, anchor, items, rules);
        reranked?.Remember(k, offer, list);
        return list;
    }

    // RerankCache mirrors the catalogue's part of this to tell when a cached ranking may lack a candidate.
    private static bool IsOfferable(ServingState state, LearnerSignals learner, int i) =>
        !learner.Owned.Contains(i) && state.Items[i] is { Available: true } item && !(learner.Member && InteractionSignals.MembershipIncludes(item.Kind));

    private static RerankedCandidates Rerank(ServingState state, LearnerSignals learner, Reranker reranker, RerankFeatures features, long now)
    {
        var bundle = state.Bundle;
        var rows = features.Build(bundle.Models, learner.History, i => IsOfferable(state, learner, i), now);
        var scores = reranker.Score([.. rows.Select(r => r.Features)]);
        var items = new int[rows.Count];
        var sources = new byte[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            items[r] = rows[r].Item;
            sources[r] = StrongestGenerator(rows[r].Features, bundle);
        }
        // Shifted so every candidate outranks the items no generator proposed; reported without the shift.
        return new RerankedCandidates(items, scores, sources, RerankShift);
    }

    private static byte StrongestGenerator(float[] features, ModelBundle bundle)
    {
        var best = -1;
        for (var g = 0; g < RerankFeatures.Generators.Length; g++)
        {
            if (bundle.Models.ContainsKey(RerankFeatures.Generators[g]) && (best < 0 || features[2 * g] > features[2 * best]))
            {
                best = g;
            }
        }
        return (byte)Math.Max(best, 0);
    }

    private sealed class RuleCounts
    {
        public int Owned;
        public int Unavailable;
        public int Capped;
    }

    private void Pick(ServingState state, LearnerSignals learner, int? anchor, IItemOrder order, Func<int, (Reason, string)> explain, int k,
        List<int> picked, Dictionary<int, (Func<int, (Reason, string)> Explain, float Score)> seen, List<int> overflow, int[] perTopic, RuleCounts counts)
    {
        while (order.TryNext(out var i, out var score))
        {
            if (picked.Count == k)
            {
                return;
            }
            if (seen.ContainsKey(i))
            {
                continue;
            }
            var item = state.Items[i];
            if (i == anchor || learner.Owned.Contains(i) || item is not null && learner.Member && InteractionSignals.MembershipIncludes(item.Kind))
            {
                counts.Owned++;
                continue;
            }
            if (item is null || !item.Available)
            {
                counts.Unavailable++;
                continue;
            }
            if (score <= 0)
            {
                return;
            }
            seen[i] = (explain, score);
            var topic = state.TopicIndexes[i];
            if (perTopic[topic] >= options.MaxPerTopic)
            {
                counts.Capped++;
                overflow.Add(i);
                continue;
            }
            perTopic[topic]++;
            picked.Add(i);
        }
    }

    /// <summary>Scales so the best item scores 1 (NaN ignored, as <c>Enumerable.Max</c> ignores it); nothing changes when no score is positive.</summary>
    private static void Normalise(Span<float> scores)
    {
        var max = scores.Length == 0 ? 0 : float.NaN;
        foreach (var score in scores)
        {
            if (float.IsNaN(max) || score > max)
            {
                max = score;
            }
        }
        if (max > 0)
        {
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] /= max;
            }
        }
    }
}

public sealed record RankedItem(int Position, int Item, float Score, Reason Reason, string Generator);

public sealed record RankedList(bool ColdStart, int? Anchor, IReadOnlyList<RankedItem> Items, IReadOnlyList<AppliedRule> Applied)
{
    /// <summary>The rules in English, as the API returns them.</summary>
    public IReadOnlyList<string> Rules => [.. Applied.Select(r => r.Text)];
}

/// <summary>
/// A business rule that shaped a list: a stable <see cref="Code"/> and its figures (<see cref="Arguments"/>) so the
/// console can say it in the reader's language, and the English <see cref="Text"/> the API returns.
/// </summary>
public sealed record AppliedRule(string Code, IReadOnlyList<string> Arguments, string Text)
{
    public const string ColdStartInterests = "cold_start_interests";
    public const string ColdStartChannel = "cold_start_channel";
    public const string PopularFill = "popular_fill";
    public const string Owned = "owned";
    public const string OwnedAndAnchor = "owned_and_anchor";
    public const string Unavailable = "unavailable";
    public const string TopicCap = "topic_cap";

    internal static AppliedRule Counted(string code, int count, FormattableString text) =>
        new(code, [count.ToString(CultureInfo.InvariantCulture)], FormattableString.Invariant(text));
}
