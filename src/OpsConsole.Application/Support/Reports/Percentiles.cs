namespace OpsConsole.Support.Reports;

/// <summary>
/// Percentiles with linear interpolation between the closest ranks (PostgreSQL's <c>percentile_cont</c>, Excel's
/// <c>PERCENTILE.INC</c>): the p-th percentile of n sorted values sits at rank (n − 1)·p, so the median of an even
/// count is the mean of the two middle values.
/// </summary>
public static class Percentiles
{
    /// <summary>The percentile <paramref name="p"/> (0–1) of values sorted ascending; null for none.</summary>
    public static double? OfSorted(IReadOnlyList<double> sorted, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        if (sorted.Count == 0)
        {
            return null;
        }
        var rank = (sorted.Count - 1) * p;
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }

    /// <summary>Sorts the values in place, then takes the percentile.</summary>
    public static double? Of(List<double> values, double p)
    {
        values.Sort();
        return OfSorted(values, p);
    }
}
