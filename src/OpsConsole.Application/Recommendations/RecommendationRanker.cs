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

    public RankedList Rank(ServingState state, LearnerSignals learner, int k, RecommendationContext context)
    {
        var bundle = state.Bundle;
        var n = bundle.ItemCount;
        var rules = new List<string>();
        int? anchor = null;
        if (context.ItemId is { } itemId)
        {
            anchor = bundle.TryIndexOf(itemId, out var index) ? index
                : throw new RecommendationRequestException("context", $"No catalogue item '{itemId}' is known to model v{bundle.Version}.");
        }

        var scores = new float[n];
        var reasons = new Func<int, (Reason Reason, string Generator)>[1];
        var coldStart = anchor is null && learner.History.IsEmpty;
        float[]? channelScores = null;
        if (anchor is { } a)
        {
            // "Learners who took this also took": the collaborative model asked about the one item alone.
            var name = bundle.Models.ContainsKey(RecommenderGenerators.Ease) ? RecommenderGenerators.Ease : RecommenderGenerators.ItemKnn;
            var model = bundle.Models.GetValueOrDefault(name) ?? bundle.Models[bundle.Primary];
            var history = new LearnerHistory([a], [1f], [0], learner.History.InterestTopics, learner.History.Channel);
            model.Score(history, scores);
            reasons[0] = i => (model.Explain(history, i), model.Generator);
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
            rules.Add(learner.History.InterestTopics.Count > 0
                ? $"No history yet: popular lately with learners like you (channel {learner.History.Channel ?? "unknown"}, interests {string.Join(", ", learner.History.InterestTopics)})."
                : $"No history yet: popular lately with learners who joined through {learner.History.Channel ?? "any channel"}.");
            reasons[0] = i => channelScores is not null && channelScores[i] * ChannelShare >= scores[i] * 0.5f
                ? (new Reason(ReasonKind.PopularInChannel, Topic: learner.History.Channel), "channel")
                : (popularity.Explain(learner.History, i), popularity.Generator);
        }
        else
        {
            var model = bundle.Models[bundle.Primary];
            model.Score(learner.History, scores);
            reasons[0] = i => (model.Explain(learner.History, i), model.Generator);
        }

        var order = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        int owned = 0, unavailable = 0, capped = 0;
        var perTopic = new Dictionary<string, int>(StringComparer.Ordinal);
        var picked = new List<int>(k);
        var overflow = new List<int>();
        foreach (var i in order)
        {
            if (picked.Count == k)
            {
                break;
            }
            var item = state.Items[i];
            if (i == anchor || learner.Owned.Contains(i) || item is not null && learner.Member && InteractionSignals.MembershipIncludes(item.Kind))
            {
                owned++;
                continue;
            }
            if (item is null || !item.Available)
            {
                unavailable++;
                continue;
            }
            if (scores[i] <= 0)
            {
                break;
            }
            var count = perTopic.GetValueOrDefault(item.Topic);
            if (count >= options.MaxPerTopic)
            {
                capped++;
                overflow.Add(i);
                continue;
            }
            perTopic[item.Topic] = count + 1;
            picked.Add(i);
        }
        // A narrow learner may not have enough topics: better a full list than an empty slot.
        picked.AddRange(overflow.Take(k - picked.Count));

        if (owned > 0)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $"Left out {owned} item(s) the learner already bought, studies or has through membership{(anchor is null ? "" : " (and the item itself)")}."));
        }
        if (unavailable > 0)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $"Left out {unavailable} retired or unpublished item(s)."));
        }
        if (capped > 0)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $"At most {options.MaxPerTopic} item(s) per topic, so the list stays varied."));
        }
        var items = picked.Select((i, position) =>
        {
            var (reason, generator) = reasons[0](i);
            return new RankedItem(position + 1, i, scores[i], reason, generator);
        }).ToArray();
        return new RankedList(coldStart, anchor, items, rules);
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

public sealed record RankedList(bool ColdStart, int? Anchor, IReadOnlyList<RankedItem> Items, IReadOnlyList<string> Rules);
