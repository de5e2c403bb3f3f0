namespace OpsConsole.Web.Components.Retention.Alerts;

/// <summary>Texts of the churn alert pages, the thresholds editor and the churn risk sections of the profile and ticket pages.</summary>
public sealed class AlertText;
