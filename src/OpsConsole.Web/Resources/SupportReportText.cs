namespace OpsConsole.Web.Resources;

/// <summary>Texts of the support reports page and the overview's satisfaction card.</summary>
public sealed class SupportReportText;
