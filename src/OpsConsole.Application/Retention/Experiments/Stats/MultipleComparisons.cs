namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// Adjusted p-values, comparable with α directly: a hypothesis is rejected by the procedure exactly when its
/// adjusted p-value is below α. Results come back in the order the p-values were given.
/// </summary>
public static class MultipleComparisons
{
    public static double[] Adjust(IReadOnlyList<double> pValues, CorrectionMethod method) => method switch
    {
        CorrectionMethod.None => [.. Checked(pValues)],
        CorrectionMethod.HolmBonferroni => HolmBonferroni(pValues),
        CorrectionMethod.BenjaminiHochberg => BenjaminiHochberg(pValues),
        _ => throw new StatsInputException("Correction", $"Correction: unknown method {method}."),
    };

    /// <summary>Sorted ascending, p(i) becomes max over j ≤ i of min(1, (m − j + 1)·p(j)).</summary>
    public static double[] HolmBonferroni(IReadOnlyList<double> pValues)
    {
        var p = Checked(pValues);
        var m = p.Length;
        var order = Ascending(p);
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /// <summary>Sorted ascending, p(i) becomes min over j ≥ i of min(1, m·p(j)/j).</summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        var p = Checked(pValues);
        var m = p.Length;
        var order = Ascending(p);
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m - 1; rank >= 0; rank--)
        {
            var i = order[rank];
            running = Math.Min(running, Math.Min(1, m * p[i] / (rank + 1)));
            adjusted[i] = running;
        }
        return adjusted;
    }

    private static int[] Ascending(double[] p) => [.. Enumerable.Range(0, p.Length).OrderBy(i => p[i]).ThenBy(i => i)];

    private static double[] Checked(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        foreach (var p in pValues)
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new StatsInputException("PValues", $"PValues: every p-value must lie between 0 and 1 (got {p}).");
            }
        }
        return [.. pValues];
    }
}
