using OpsConsole.Analytics;
using OpsConsole.Recommendations;
using OpsConsole.Web.Components.Charts;

namespace OpsConsole.Web.Components.Recommendations;

public enum FigureKind
{
    Count,
    Rate,
    Money,
}

/// <summary>One figure of two versions side by side; <see cref="PValue"/> is set for rates, where chance can explain a gap.</summary>
public sealed record ComparisonRow(string Key, FigureKind Kind, double A, double B, double? PValue)
{
    public double Difference => B - A;
}

/// <summary>The online page's derived figures: totals, a comparison of two versions, and chart series.</summary>
public static class OnlineMath
{
    /// <summary>Past this position lists are rarely long enough for a rate to mean anything.</summary>
    public const int MaxPositions = 20;

    public static OnlineFigures Total(OnlineReport report) => report.Versions.Aggregate(OnlineFigures.None, (sum, v) => sum.Add(v.Figures));

    public static IReadOnlyList<ComparisonRow> Compare(OnlineVersion a, OnlineVersion b)
    {
        var (x, y) = (a.Figures, b.Figures);
        return
        [
            new("Online_Lists", FigureKind.Count, a.Lists, b.Lists, null),
            new("Online_Impressions", FigureKind.Count, x.Impressions, y.Impressions, null),
            new("Online_Clicks", FigureKind.Count, x.Clicks, y.Clicks, null),
            new("Online_Ctr", FigureKind.Rate, x.ClickThroughRate, y.ClickThroughRate, PValue(x.Clicks, x.Impressions, y.Clicks, y.Impressions)),
            new("Online_Purchases", FigureKind.Count, x.Purchases, y.Purchases, null),
            new("Online_Conversion", FigureKind.Rate, x.PurchaseRate, y.PurchaseRate, PValue(x.Purchases, x.Impressions, y.Purchases, y.Impressions)),
            new("Online_Revenue", FigureKind.Money, (double)x.Revenue, (double)y.Revenue, null),
            new("Online_Rpm", FigureKind.Money, (double)x.RevenuePerThousand, (double)y.RevenuePerThousand, null),
        ];
    }

    /// <summary>Click-through rate per day of the range, one series per version; days a version showed nothing are gaps, not zeros.</summary>
    public static (IReadOnlyList<string> Days, IReadOnlyList<ChartSeries> Series) CtrByDay(OnlineReport report, Func<int, string> name)
    {
        // Days before the first list served are left off: a month of empty axis would squeeze the days that have figures.
        var first = report.Days.Where(d => d.Figures.Impressions > 0).Select(d => (DateOnly?)d.Day).Min();
        var days = report.Range.Days().Where(d => first is { } f && d >= f).ToArray();
        var series = report.Versions.OrderBy(v => v.ModelVersion).Select(v =>
        {
            var byDay = report.Days.Where(d => d.ModelVersion == v.ModelVersion).ToDictionary(d => d.Day, d => d.Figures);
            return Series(name(v.ModelVersion), days.Select(d => byDay.TryGetValue(d, out var f) && f.Impressions > 0 ? f.ClickThroughRate : (double?)null));
        }).ToArray();
        return ([.. days.Select(d => d.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture))], series);
    }

    /// <summary>Click-through rate at each list position (1 to the longest list shown, at most <see cref="MaxPositions"/>), one series per version.</summary>
    public static (IReadOnlyList<string> Positions, IReadOnlyList<ChartSeries> Series) CtrByPosition(OnlineReport report, Func<int, string> name)
    {
        var last = Math.Min(MaxPositions, report.Positions.Where(p => p.Figures.Impressions > 0).Select(p => p.Position).DefaultIfEmpty(0).Max());
        var positions = Enumerable.Range(1, last).ToArray();
        var series = report.Versions.OrderBy(v => v.ModelVersion).Select(v =>
        {
            var at = report.Positions.Where(p => p.ModelVersion == v.ModelVersion).ToDictionary(p => p.Position, p => p.Figures);
            return Series(name(v.ModelVersion), positions.Select(p => at.TryGetValue(p, out var f) && f.Impressions > 0 ? f.ClickThroughRate : (double?)null));
        }).ToArray();
        return ([.. positions.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))], series);
    }

    private static ChartSeries Series(string name, IEnumerable<double?> values)
    {
        var list = values.ToArray();
        return new ChartSeries(name, [.. list.Select(v => v ?? 0)])
        {
            Gaps = [.. list.Select((v, i) => (v, i)).Where(p => p.v is null).Select(p => p.i)],
        };
    }

    private static double? PValue(long x1, long n1, long x2, long n2) =>
        n1 == 0 || n2 == 0 ? null : CompassQuery.TwoProportionPValue(Clamp(x1), Clamp(n1), Clamp(x2), Clamp(n2));

    private static int Clamp(long value) => (int)Math.Min(value, int.MaxValue);
}
