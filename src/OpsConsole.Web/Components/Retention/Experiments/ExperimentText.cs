using System.Globalization;
using Microsoft.Extensions.Localization;
using OpsConsole.Experiments;

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

    /// <summary>The messages for one field, joined, or null when it has none (MudBlazor shows no error then).</summary>
    public static string? ErrorFor(IReadOnlyList<ExperimentFieldError> errors, string field)
    {
        var messages = errors.Where(e => e.Field == field).Select(e => e.Message).ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }
}
