using OpsConsole.Support;

namespace OpsConsole.Web.Components.Support.Desk;

/// <summary>What a canned response's variables stand for on the open ticket.</summary>
public static class TicketTemplateValues
{
    /// <summary>
    /// The learner's name only where the viewer may see it (a masked name must not reach a reply); the course from the
    /// titles found in the text; the order the ticket was opened about, else the first order id found in the text.
    /// </summary>
    public static TemplateValues For(TicketDetails details, string? agentName, bool reveal)
    {
        var found = EntityList.Parse(details.Ticket.Entities);
        return new TemplateValues(
            LearnerName: reveal ? details.Learner.Name : null,
            CourseTitle: found.FirstOrDefault(e => e.Kind == "title")?.Text,
            OrderId: details.Ticket.OrderId ?? found.FirstOrDefault(e => e.Kind == "order")?.Text,
            AgentName: agentName);
    }
}
