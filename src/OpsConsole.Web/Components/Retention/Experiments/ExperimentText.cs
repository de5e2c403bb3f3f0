using System.Globalization;
using Microsoft.Extensions.Localization;
using OpsConsole.Experiments;
using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Web.Components.Retention.Experiments;

/// <summary>Texts of the experiment pages.</summary>
public sealed class ExperimentText;

/// <summary>How the experiment pages name statuses, metrics and shares, and which error belongs under which field.</summary>
internal static class ExperimentFormat
{
    /// <summary>The guardrails offered in the designer: retention on the days product teams watch, and the money metrics.</summary>
    public static readonly IReadOnlyList<MetricSpec> GuardrailChoices =
    [
        new(ExperimentMetric.RetentionDayN, 1), new(ExperimentMetric.RetentionDayN, 7), new(ExperimentMetric.RetentionDayN, 14),
        new(ExperimentMetric.RetentionDayN, 30), new(ExperimentMetric.MembershipRenewal), new(ExperimentMetric.PurchaseConversion),
        new(ExperimentMetric.RevenuePerLearner),
    ];

    public static string StatusClass(ExperimentStatus status) => "ops-status ops-experiment-status " + status switch
    {
        ExperimentStatus.Running => "ops-status--ok",
        ExperimentStatus.Stopped => "ops-status--warn",
        _ => "ops-status--off",
    };

    public static string Metric(this IStringLocalizer<ExperimentText> texts, MetricSpec metric) =>
        metric.Metric == ExperimentMetric.RetentionDayN
            ? texts["Metric_RetentionDayN", metric.Day ?? 0]
            : texts[$"Metric_{metric.Metric}"];

    public static string Percent(double share) => share.ToString("P1", CultureInfo.CurrentCulture);

    /// <summary>The confidence level of an analysis's intervals, e.g. "95%".</summary>
    public static string Confidence(double alpha) => (1 - alpha).ToString("0.#%", CultureInfo.CurrentCulture);

    /// <summary>
    /// A difference of treatment over control, signed: percentage points for a rate (0.023 → "+2.3 pp"), the metric's own
    /// unit for a mean. Rates are read in points because "+2.3%" would be mistaken for the relative lift.
    /// </summary>
    public static string AbsoluteLift(this IStringLocalizer<ExperimentText> texts, double difference, MetricKind kind) => kind == MetricKind.Proportion
        ? texts["Results_Points", (difference * 100).ToString("+0.0;-0.0;0.0", CultureInfo.CurrentCulture)]
        : difference.ToString("+#,##0.00;-#,##0.00;0.00", CultureInfo.CurrentCulture);

    /// <summary>A relative lift, signed, as a percentage of the control (0.125 → "+12.5%").</summary>
    public static string RelativeLift(double lift) => lift.ToString("+0.0%;-0.0%;0.0%", CultureInfo.CurrentCulture);

    /// <summary>An interval from its two ends already formatted; a dash when the effect could not be tested.</summary>
    public static string Interval(this IStringLocalizer<ExperimentText> texts, EffectEstimate effect, Func<double, string> format) =>
        effect.Estimable ? texts["Results_Ci", format(effect.CiLow), format(effect.CiHigh)] : "—";

    /// <summary>The messages for one field, joined, or null when it has none (MudBlazor shows no error then).</summary>
    public static string? ErrorFor(IReadOnlyList<ExperimentFieldError> errors, string field)
    {
        var messages = errors.Where(e => e.Field == field).Select(e => e.Message).ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }
}
