namespace OpsConsole.Web.Resources;

/// <summary>Texts of the retention and funnel pages and their components.</summary>
public sealed class AnalysisText;
