namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// Sample ratio mismatch: when arms meant to split 50/50 come out 48/52 on many units, the assignment or the logging
/// is broken and the results cannot be trusted. GrowthBook warns when p &lt; 0.001 with every arm at 8 units or more.
/// </summary>
public static class SampleRatioMismatch
{
    public const double DefaultThreshold = 0.001;

    /// <summary>Below this many units in some arm the χ² approximation is too rough to raise an alarm on.</summary>
    public const long MinimumUnitsPerArm = 8;

    /// <param name="counts">Units per arm, control first.</param>
    /// <param name="weights">Expected traffic split, normalised; equal when null.</param>
    public static SrmResult Check(IReadOnlyList<long> counts, IReadOnlyList<double>? weights = null, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(counts);
        Guard.Open01(threshold, "SrmThreshold", "the mismatch threshold");
        if (counts.Count < 2)
        {
            throw new StatsInputException("Counts", $"Counts: a ratio needs at least two arms (got {counts.Count}).");
        }
        if (counts.Any(c => c < 0))
        {
            throw new StatsInputException("Counts", "Counts: units per arm cannot be negative.");
        }
        var shares = Guard.Weights(weights, counts.Count);
        var total = counts.Sum();
        if (total <= 0)
        {
            throw new StatsInputException("Counts", "Counts: there are no units to check.");
        }
        var expected = shares.Select(w => w * total).ToArray();
        var chiSquare = 0.0;
        for (var i = 0; i < counts.Count; i++)
        {
            var d = counts[i] - expected[i];
            chiSquare += d * d / expected[i];
        }
        var df = counts.Count - 1;
        var p = Distributions.ChiSquareSurvival(chiSquare, df);
        var mismatch = p < threshold && counts.All(c => c >= MinimumUnitsPerArm);
        return new SrmResult([.. counts], expected, chiSquare, df, p, mismatch);
    }
}
