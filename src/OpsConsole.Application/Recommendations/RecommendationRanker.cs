using System.Globalization;

namespace OpsConsole.Recommendations;

/// <summary>
/// Turns model scores into the list a learner sees: picks the model for the situation, then applies the business
/// rules in order — nothing owned, nothing retired or unpublished, at most <c>MaxPerTopic</c> per topic — and says
/// which rules shaped the list. Pure, so every rule is tested without a database.
/// </summary>
public sealed class RecommendationRanker(RecommenderOptions options)
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

        var scores = new float[n];
        Func<int, (Reason, string)> explain;
        var coldStart = anchor is null && learner.History.IsEmpty;
        float[]? channelScores = null;
        if (anchor is { } a)
        {
            // "Learners who took this also took": the collaborative model asked about the one item alone.
            var name = bundle.Models.ContainsKey(RecommenderGenerators.Ease) ? RecommenderGenerators.Ease : RecommenderGenerators.ItemKnn;
            var model = bundle.Models.GetValueOrDefault(name) ?? bundle.Models[bundle.Primary];
            var history = new LearnerHistory([a], [1f], [0], learner.History.InterestTopics, learner.History.Channel);
            model.Score(history, scores);
            explain = i => (model.Explain(history, i), model.Generator);
        }
        else if (coldStart)
        {
            var popularity = bundle.Models[RecommenderGenerators.Popularity];
            popularity.Score(learner.History, scores);
            Normalise(scores);
            if (learner.History.Channel is { } channel && bundle.ChannelPopularity.TryGetValue(channel, out var byChannel))
            {
                channelScores = [.. byChannel];
                Normalise(channelScores);
                for (var i = 0; i < n; i++)
                {
                    scores[i] = (1 - ChannelShare) * scores[i] + ChannelShare * channelScores[i];
                }
            }
            var interests = string.Join(", ", learner.History.InterestTopics);
            rules.Add(learner.History.InterestTopics.Count > 0
                ? new AppliedRule(AppliedRule.ColdStartInterests, [learner.History.Channel ?? "", interests],
                    $"No history yet: popular lately with learners like you (channel {learner.History.Channel ?? "unknown"}, interests {interests}).")
                : new AppliedRule(AppliedRule.ColdStartChannel, [learner.History.Channel ?? ""],
                    $"No history yet: popular lately with learners who joined through {learner.History.Channel ?? "any channel"}."));
            explain = i => channelScores is not null && channelScores[i] * ChannelShare >= scores[i] * 0.5f
                ? (new Reason(ReasonKind.PopularInChannel, Topic: learner.History.Channel), "channel")
                : (popularity.Explain(learner.History, i), popularity.Generator);
        }
        else if (bundle is { Primary: ModelBundle.Rerank, Reranker: { } reranker, RerankFeatures: { } features })
        {
            // Only the generators' candidates get a score; the reason comes from the generator that rated the item highest.
            var rows = features.Build(bundle.Models, learner.History, i => IsOfferable(state, learner, i), now);
            var reranked = reranker.Score([.. rows.Select(r => r.Features)]);
            var source = new Dictionary<int, string>(rows.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                // Shifted so every candidate outranks the items no generator proposed; reported without the shift.
                scores[rows[r].Item] = RerankShift + reranked[r];
                source[rows[r].Item] = StrongestGenerator(rows[r].Features, bundle);
            }
            explain = i => source.TryGetValue(i, out var name)
                ? (bundle.Models[name].Explain(learner.History, i), $"{ModelBundle.Rerank}:{name}")
                : (new Reason(ReasonKind.Popular), ModelBundle.Rerank);
        }
        else
        {
            var model = bundle.Models[bundle.Primary];
            model.Score(learner.History, scores);
            explain = i => (model.Explain(learner.History, i), model.Generator);
        }

        var picked = new List<int>(k);
        var why = new Dictionary<int, (Reason Reason, string Generator, float Score)>();
        var counts = new RuleCounts();
        var perTopic = new Dictionary<string, int>(StringComparer.Ordinal);
        var overflow = new List<int>();
        Pick(state, learner, anchor, scores, explain, k, picked, why, overflow, perTopic, counts);
        if (picked.Count + overflow.Count < k && !coldStart && bundle.Models.TryGetValue(RecommenderGenerators.Popularity, out var popular))
        {
            // The personal model ran out of opinions (a narrow history): fill with what is popular rather than leave slots empty.
            var before = picked.Count;
            var fill = new float[n];
            popular.Score(learner.History, fill);
            Pick(state, learner, anchor, fill, i => (popular.Explain(learner.History, i), popular.Generator), k, picked, why, overflow, perTopic, new RuleCounts());
            if (picked.Count > before)
            {
                rules.Add(AppliedRule.Counted(AppliedRule.PopularFill, picked.Count - before,
                    $"Filled {picked.Count - before} slot(s) with popular items: the personal model had nothing more to offer."));
            }
        }
        // A narrow learner may not have enough topics: better a full list than an empty slot.
        picked.AddRange(overflow.Take(k - picked.Count));
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
        var items = picked.Select((i, position) =>
        {
            var (reason, generator, score) = why[i];
            return new RankedItem(position + 1, i, generator.StartsWith(ModelBundle.Rerank, StringComparison.Ordinal) && score >= RerankShift / 2 ? score - RerankShift : score,
                reason, generator);
        }).ToArray();
        return new RankedList(coldStart, anchor, items, rules);
    }

    private static bool IsOfferable(ServingState state, LearnerSignals learner, int i) =>
        !learner.Owned.Contains(i) && state.Items[i] is { Available: true } item && !(learner.Member && InteractionSignals.MembershipIncludes(item.Kind));

    private static string StrongestGenerator(float[] features, ModelBundle bundle)
    {
        var best = -1;
        for (var g = 0; g < RerankFeatures.Generators.Length; g++)
        {
            if (bundle.Models.ContainsKey(RerankFeatures.Generators[g]) && (best < 0 || features[2 * g] > features[2 * best]))
            {
                best = g;
            }
        }
        return RerankFeatures.Generators[Math.Max(best, 0)];
    }

    private sealed class RuleCounts
    {
        public int Owned;
        public int Unavailable;
        public int Capped;
    }

    private void Pick(ServingState state, LearnerSignals learner, int? anchor, float[] scores, Func<int, (Reason, string)> explain, int k,
        List<int> picked, Dictionary<int, (Reason Reason, string Generator, float Score)> why, List<int> overflow, Dictionary<string, int> perTopic, RuleCounts counts)
    {
        foreach (var i in Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i))
        {
            if (picked.Count == k)
            {
                return;
            }
            if (why.ContainsKey(i))
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
            if (scores[i] <= 0)
            {
                return;
            }
            var (reason, generator) = explain(i);
            why[i] = (reason, generator, scores[i]);
            var count = perTopic.GetValueOrDefault(item.Topic);
            if (count >= options.MaxPerTopic)
            {
                counts.Capped++;
                overflow.Add(i);
                continue;
            }
            perTopic[item.Topic] = count + 1;
            picked.Add(i);
        }
    }

    private static void Normalise(float[] scores)
    {
        var max = scores.Length == 0 ? 0 : scores.Max();
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
