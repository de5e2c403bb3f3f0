namespace OpsConsole.Web.Components.Retention.Renewals;

/// <summary>Texts of the renewals page: summary, expiring list and reminders, renewal rate by cohort, failed renewals.</summary>
public sealed class RenewalsText;
