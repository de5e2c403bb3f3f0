namespace OpsConsole.Web.Support;

/// <summary>Texts of the intent model page (<c>/support/model</c>).</summary>
public sealed class IntentsText;
