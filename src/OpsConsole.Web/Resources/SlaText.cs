namespace OpsConsole.Web.Resources;

/// <summary>Texts of the SLA policies page.</summary>
public sealed class SlaText;
