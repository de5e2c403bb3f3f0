using System.Globalization;

namespace OpsConsole.Experiments;

/// <summary>
/// Deterministic bucketing, compatible with GrowthBook's hashing version 2: a learner's place on [0, 1) depends only on the
/// seed and the learner id, so every instance, every restart and the platform's own SDKs agree on the arm without asking
/// each other.
/// </summary>
public static class ExperimentHash
{
    private const uint OffsetBasis = 0x811c9dc5;
    private const uint Prime = 16777619;

    /// <summary>FNV-1a, 32 bits, over the UTF-16 code units of <paramref name="text"/> (as JavaScript's charCodeAt sees them).</summary>
    public static uint Fnv1a32(string text)
    {
        var hash = OffsetBasis;
        foreach (var unit in text)
        {
            hash ^= unit;
            hash = unchecked(hash * Prime);
        }
        return hash;
    }

    /// <summary>
    /// <c>fnv1a32(fnv1a32(seed + id).ToString()) % 10000 / 10000</c>: hashing the decimal text of the first hash again spreads
    /// ids that differ only in their last characters, which a single pass leaves correlated.
    /// </summary>
    public static double Bucket(string seed, string id)
    {
        var first = Fnv1a32(seed + id).ToString(CultureInfo.InvariantCulture);
        return Fnv1a32(first) % 10000 / 10000d;
    }

    /// <summary>
    /// Contiguous ranges over [0, 1) in the arms' order, each as wide as its weight: [.4, .6] gives [0, .4) and [.4, 1).
    /// Weights are scaled to sum to 1, and the last range ends at 1, so every bucket lands in an arm.
    /// </summary>
    public static IReadOnlyList<(double Start, double End)> Ranges(IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        var ranges = new (double, double)[weights.Count];
        var start = 0d;
        for (var i = 0; i < weights.Count; i++)
        {
            var end = i == weights.Count - 1 ? 1d : start + weights[i] / total;
            ranges[i] = (start, end);
            start = end;
        }
        return ranges;
    }

    /// <summary>The index of the range holding <paramref name="bucket"/>.</summary>
    public static int Choose(double bucket, IReadOnlyList<(double Start, double End)> ranges)
    {
        for (var i = 0; i < ranges.Count; i++)
        {
            if (bucket >= ranges[i].Start && bucket < ranges[i].End)
            {
                return i;
            }
        }
        return ranges.Count - 1;
    }

    /// <summary>The arm of <paramref name="variants"/> (in their order) that <paramref name="learnerId"/> falls in.</summary>
    public static T Assign<T>(string seed, string learnerId, IReadOnlyList<T> variants, Func<T, double> weight) =>
        variants[Choose(Bucket(seed, learnerId), Ranges([.. variants.Select(weight)]))];
}
