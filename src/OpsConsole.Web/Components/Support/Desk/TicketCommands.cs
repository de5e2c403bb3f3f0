using Microsoft.Extensions.Localization;
using MudBlazor;
using OpsConsole.Support;

namespace OpsConsole.Web.Components.Support.Desk;

/// <summary>
/// What the ticket page's parts can do to the open ticket, as the signed-in user. Each command reports success or the
/// desk's refusal in a toast and reloads the page's ticket, so the parts need not know about each other.
/// </summary>
public sealed class TicketCommands(
    long ticketId,
    Actor me,
    SupportDesk desk,
    DeskRouter router,
    ISnackbar snackbar,
    IStringLocalizer<DeskText> texts,
    Func<Task> reload)
{
    public long TicketId => ticketId;

    public Actor Me => me;

    /// <summary>Sends a reply (or a note); false with the reason shown when the desk refused it.</summary>
    public Task<bool> ReplyAsync(string? body, bool note, TicketStatus? then) =>
        RunAsync(() => desk.ReplyAsync(ticketId, me, body, note, then), note ? texts["Done_Note"] : then == TicketStatus.Resolved ? texts["Done_ReplyResolved"] : texts["Done_Reply"]);

    public Task<bool> SetStatusAsync(TicketStatus status) =>
        RunAsync(() => desk.SetStatusAsync(ticketId, status, me), texts["Done_Status", texts[$"Status_{status}"]]);

    public Task<bool> SetPriorityAsync(TicketPriority priority) =>
        RunAsync(() => desk.SetPriorityAsync(ticketId, priority, me), texts["Done_Priority", texts[$"Priority_{priority}"]]);

    public Task<bool> SetIntentAsync(string intent) =>
        RunAsync(() => desk.SetIntentAsync(ticketId, intent, me), texts["Done_Intent", DeskFormat.Intent(intent)]);

    public Task<bool> SetTagsAsync(IReadOnlyList<string> tags) =>
        RunAsync(() => desk.SetTagsAsync(ticketId, tags, me), texts["Done_Tags"]);

    /// <summary>To an agent, or back to the queue when <paramref name="agentId"/> is null.</summary>
    public Task<bool> ReassignAsync(string? agentId, string? agentName) =>
        RunAsync(() => router.ReassignAsync(ticketId, agentId, me, CancellationToken.None),
            agentId is null ? texts["Done_Queued"] : texts["Done_Assigned", agentName ?? agentId]);

    private async Task<bool> RunAsync(Func<Task> action, string done)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is TicketRequestException or TicketStateException or TicketNotFoundException)
        {
            snackbar.Add(e.Message, Severity.Error, o => o.VisibleStateDuration = 8000);
            return false;
        }
        snackbar.Add(done, Severity.Success);
        await reload();
        return true;
    }
}
