using OpsConsole.Support;
using OpsConsole.Web.Support;

namespace OpsConsole.Web.Components.Live;

/// <summary>A ticket routed to the signed-in agent, with the router's reason.</summary>
public sealed record TicketAssignedPush(TicketSummary Ticket, string Reason);

/// <summary>Everyone who has a ticket open now.</summary>
public sealed record TicketViewersPush(long TicketId, IReadOnlyList<TicketViewer> Viewers);
