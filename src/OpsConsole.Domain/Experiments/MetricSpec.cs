using System.Globalization;

namespace OpsConsole.Experiments;

/// <summary>
/// A metric with its parameter, written as a short code: <c>retention_d7</c>, <c>membership_renewal</c>,
/// <c>purchase_conversion</c>, <c>revenue_per_learner</c>.
/// </summary>
public readonly record struct MetricSpec(ExperimentMetric Metric, int? Day = null)
{
    public const int MaxRetentionDay = 365;
    private const string RetentionPrefix = "retention_d";

    public static IReadOnlyList<MetricSpec> All(int retentionDay) =>
        [new(ExperimentMetric.RetentionDayN, retentionDay), new(ExperimentMetric.MembershipRenewal), new(ExperimentMetric.PurchaseConversion), new(ExperimentMetric.RevenuePerLearner)];

    public string Code => Metric switch
    {
        ExperimentMetric.RetentionDayN => RetentionPrefix + (Day ?? 0).ToString(CultureInfo.InvariantCulture),
        ExperimentMetric.MembershipRenewal => "membership_renewal",
        ExperimentMetric.PurchaseConversion => "purchase_conversion",
        ExperimentMetric.RevenuePerLearner => "revenue_per_learner",
        _ => Metric.ToString(),
    };

    public override string ToString() => Code;

    public static bool TryParse(string? code, out MetricSpec spec)
    {
        spec = default;
        code = code?.Trim().ToLowerInvariant();
        switch (code)
        {
            case "membership_renewal": spec = new(ExperimentMetric.MembershipRenewal); return true;
            case "purchase_conversion": spec = new(ExperimentMetric.PurchaseConversion); return true;
            case "revenue_per_learner": spec = new(ExperimentMetric.RevenuePerLearner); return true;
        }
        if (code is not null && code.StartsWith(RetentionPrefix, StringComparison.Ordinal)
            && int.TryParse(code.AsSpan(RetentionPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && day is >= 1 and <= MaxRetentionDay)
        {
            spec = new(ExperimentMetric.RetentionDayN, day);
            return true;
        }
        return false;
    }

    /// <summary>The metrics of a space-separated list; codes that do not parse are skipped (the list is validated on save).</summary>
    public static IReadOnlyList<MetricSpec> ParseList(string? codes) =>
        [.. (codes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => TryParse(c, out var s) ? (MetricSpec?)s : null).OfType<MetricSpec>()];

    public static string FormatList(IEnumerable<MetricSpec> metrics) => string.Join(' ', metrics.Select(m => m.Code).Distinct());
}
