namespace OpsConsole.Web.Components.Support.Desk;

/// <summary>Texts of the support desk's pages: the queue, the ticket, the agents board and the routing rules.</summary>
public sealed class DeskText;
