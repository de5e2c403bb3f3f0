namespace OpsConsole.Web.Components.Retention.Model;

/// <summary>Texts of the churn model page: the versions, their held-out figures and charts, promotion and roll-back.</summary>
public sealed class ChurnModelText;
