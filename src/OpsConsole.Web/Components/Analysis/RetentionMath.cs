using System.Globalization;
using OpsConsole.Analytics;

namespace OpsConsole.Web.Components.Analysis;

/// <summary>The numbers a retention table and curve show, derived from a report's counts.</summary>
public static class RetentionMath
{
    /// <summary>The share of the cohort retained in period <paramref name="k"/>; null while that period has not finished or the cohort is empty.</summary>
    public static double? Rate(RetentionCohort cohort, int k) =>
        k < cohort.Retained.Count && cohort.Size > 0 ? (double)cohort.Retained[k] / cohort.Size : null;

    /// <summary>
    /// The average retention per period over the cohorts that have finished it, weighted by cohort size (the learners
    /// retained over the learners who could have been): a small cohort does not swing the curve as much as a large one.
    /// Index 0 is 1 when any cohort has learners; a period no cohort has finished is null.
    /// </summary>
    public static IReadOnlyList<double?> AverageCurve(IEnumerable<RetentionCohort> cohorts, int periods)
    {
        var list = cohorts.ToList();
        var curve = new double?[periods + 1];
        for (var k = 0; k <= periods; k++)
        {
            var finished = list.Where(c => k < c.Retained.Count && c.Size > 0).ToList();
            var size = finished.Sum(c => (long)c.Size);
            curve[k] = size == 0 ? null : (double)finished.Sum(c => (long)c.Retained[k]) / size;
        }
        return curve;
    }

    /// <summary>
    /// The cell's background: the primary colour, more opaque the higher the rate, so a glance finds strong and weak
    /// cohorts. Percentages are spread over a square root: retention beyond the first periods is mostly small, and a
    /// linear scale would paint it all the same pale shade.
    /// </summary>
    public static double HeatAlpha(double rate) => Math.Round(0.06 + 0.84 * Math.Sqrt(Math.Clamp(rate, 0, 1)), 2);

    public static string HeatStyle(double rate)
    {
        var alpha = HeatAlpha(rate);
        var text = alpha >= 0.55 ? "color:#fff;" : "";
        return $"background-color:rgba(var(--mud-palette-primary-rgb),{alpha.ToString("0.##", CultureInfo.InvariantCulture)});{text}";
    }

    public static string Percent(double rate) => (rate * 100).ToString(rate is > 0 and < 0.1 ? "0.0" : "0", CultureInfo.CurrentCulture) + "%";
}
