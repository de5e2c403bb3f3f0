namespace OpsConsole.Recommendations;

/// <summary>
/// Top-K ranking metrics over one learner's ranked list and relevant set, with binary relevance, as the
/// microsoft/recommenders evaluation defines them (so results compare with its published benchmarks).
/// A ranked list shorter than K counts its missing places as misses.
/// </summary>
public static class RankingMetrics
{
    /// <summary>Relevant items in the top K, divided by K.</summary>
    public static double PrecisionAtK(ReadOnlySpan<int> ranked, IReadOnlySet<int> relevant, int k) =>
        k <= 0 ? 0 : (double)Hits(ranked, relevant, k) / k;

    /// <summary>Relevant items in the top K, divided by the number of relevant items.</summary>
    public static double RecallAtK(ReadOnlySpan<int> ranked, IReadOnlySet<int> relevant, int k) =>
        relevant.Count == 0 ? 0 : (double)Hits(ranked, relevant, k) / relevant.Count;

    /// <summary>1 when any relevant item is in the top K.</summary>
    public static double HitRateAtK(ReadOnlySpan<int> ranked, IReadOnlySet<int> relevant, int k) =>
        Hits(ranked, relevant, k) > 0 ? 1 : 0;

    /// <summary>
    /// DCG with gain 1 per relevant item and discount log2(rank + 1), divided by the ideal DCG of min(K, |relevant|)
    /// relevant items at the top.
    /// </summary>
    public static double NdcgAtK(ReadOnlySpan<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        if (relevant.Count == 0 || k <= 0)
        {
            return 0;
        }
        var dcg = 0.0;
        var top = Math.Min(k, ranked.Length);
        for (var i = 0; i < top; i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                dcg += 1 / Math.Log2(i + 2);
            }
        }
        var ideal = 0.0;
        for (var i = 0; i < Math.Min(k, relevant.Count); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }
        return dcg / ideal;
    }

    /// <summary>
    /// Average precision at K: the precision at the rank of each relevant item in the top K, summed and divided by the
    /// number of relevant items (not by min(K, |relevant|)), as microsoft/recommenders' benchmarks compute MAP.
    /// </summary>
    public static double AveragePrecisionAtK(ReadOnlySpan<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        if (relevant.Count == 0)
        {
            return 0;
        }
        var hits = 0;
        var sum = 0.0;
        var top = Math.Min(k, ranked.Length);
        for (var i = 0; i < top; i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                hits++;
                sum += (double)hits / (i + 1);
            }
        }
        return sum / relevant.Count;
    }

    /// <summary>Distinct items recommended to anyone, divided by the catalogue size.</summary>
    public static double CatalogueCoverage(IEnumerable<IReadOnlyList<int>> lists, int catalogueSize)
    {
        if (catalogueSize <= 0)
        {
            return 0;
        }
        var seen = new HashSet<int>();
        foreach (var list in lists)
        {
            seen.UnionWith(list);
        }
        return (double)seen.Count / catalogueSize;
    }

    /// <summary>
    /// Mean self-information −log2 p(i) of the recommended items, where p(i) is the share of learners who have item i
    /// (<paramref name="learnersPerItem"/> over <paramref name="learnerCount"/>). An item nobody has is counted as if
    /// one learner had it, the most novel an observed item can be.
    /// </summary>
    public static double Novelty(IEnumerable<IReadOnlyList<int>> lists, IReadOnlyList<int> learnersPerItem, int learnerCount)
    {
        var sum = 0.0;
        var count = 0;
        foreach (var list in lists)
        {
            foreach (var item in list)
            {
                var share = (double)Math.Max(1, learnersPerItem[item]) / learnerCount;
                sum += -Math.Log2(Math.Min(1, share));
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    /// <summary>
    /// Intra-list diversity: 1 − the mean similarity over all pairs of a list. The console uses
    /// <see cref="TagCosine"/> (shared tags), which operators can read off the catalogue; any other item similarity
    /// in [0, 1] may be passed. Lists of fewer than two items count as fully diverse (1).
    /// </summary>
    public static double IntraListDiversity(IReadOnlyList<int> list, Func<int, int, double> similarity)
    {
        if (list.Count < 2)
        {
            return 1;
        }
        var sum = 0.0;
        var pairs = 0;
        for (var a = 0; a < list.Count; a++)
        {
            for (var b = a + 1; b < list.Count; b++)
            {
                sum += similarity(list[a], list[b]);
                pairs++;
            }
        }
        return 1 - sum / pairs;
    }

    /// <summary>Cosine of two items' tag sets: shared tags / √(|tags a|·|tags b|); 0 when either has none.</summary>
    public static Func<int, int, double> TagCosine(IReadOnlyList<ItemFeatures> items)
    {
        var tags = items.Select(i => i.Tags.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).ToHashSet()).ToArray();
        return (a, b) =>
        {
            if (tags[a].Count == 0 || tags[b].Count == 0)
            {
                return 0;
            }
            var shared = tags[a].Count(tags[b].Contains);
            return shared / Math.Sqrt((double)tags[a].Count * tags[b].Count);
        };
    }

    private static int Hits(ReadOnlySpan<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        var hits = 0;
        var top = Math.Min(k, ranked.Length);
        for (var i = 0; i < top; i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                hits++;
            }
        }
        return hits;
    }
}
