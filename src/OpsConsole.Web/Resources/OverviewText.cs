namespace OpsConsole.Web.Resources;

/// <summary>Texts of the overview page and its components.</summary>
public sealed class OverviewText;
