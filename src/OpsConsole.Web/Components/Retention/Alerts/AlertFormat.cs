using System.Globalization;
using MudBlazor;
using OpsConsole.Retention;

namespace OpsConsole.Web.Components.Retention.Alerts;

/// <summary>How the alert pages write risks, tiers and states.</summary>
public static class AlertFormat
{
    /// <summary>A risk or threshold (0–1) as a whole percentage in the reader's culture: 0.823 reads 82%.</summary>
    public static string Percent(double value) => value.ToString("P0", CultureInfo.CurrentCulture).Replace(" ", "", StringComparison.Ordinal);

    public static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static Color StatusColor(ChurnAlertStatus status) => status switch
    {
        ChurnAlertStatus.Open => Color.Error,
        ChurnAlertStatus.Acknowledged => Color.Warning,
        ChurnAlertStatus.Actioned => Color.Info,
        _ => Color.Default,
    };

    public static Color OutcomeColor(AlertOutcome outcome) => outcome switch
    {
        AlertOutcome.Stayed => Color.Success,
        AlertOutcome.Churned => Color.Error,
        _ => Color.Default,
    };

    /// <summary>How alarming a risk looks: the bands the risk bar is coloured by.</summary>
    public static string RiskBand(double risk) => risk switch
    {
        >= 0.8 => "high",
        >= 0.5 => "medium",
        _ => "low",
    };

    /// <summary>An instant as the platform's local date and time, in the reader's culture.</summary>
    public static string When(DateTime utc, OpsConsole.Analytics.PlatformTime time) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), time.Zone).ToString("g", CultureInfo.CurrentCulture);

    public static string LearnerHref(string learnerId) => $"/learners/{Uri.EscapeDataString(learnerId)}";

    public static string AlertHref(long alertId) => $"/retention/alerts/{alertId}";
}
