using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpsConsole.Ingestion;

namespace OpsConsole.Support;

/// <summary>
/// The desk's outcomes come back into the behaviour log (ticket opened, resolved, rated) through ingestion, so
/// profiles, analyses and the churn model see support like any other learner activity. Event ids are derived from the
/// ticket, so writing one twice is harmless; a failure is logged, never the ticket's failure.
/// </summary>
public sealed class DeskEvents(IngestionService ingestion, ILogger<DeskEvents> log)
{
    public const string Source = "support-desk";

    public Task OpenedAsync(Ticket ticket, CancellationToken cancellationToken) =>
        WriteAsync(ticket, EventType.TicketOpened, $"ticket:{ticket.Id}:opened", ticket.CreatedAt, new Dictionary<string, object?>
        {
            ["ticketId"] = ticket.Id, ["channel"] = ticket.Channel, ["intent"] = ticket.Intent, ["priority"] = ticket.Priority.ToString().ToLowerInvariant(),
        }, cancellationToken);

    public Task ResolvedAsync(Ticket ticket, CancellationToken cancellationToken) =>
        ticket.ResolvedAt is not { } at
            ? Task.CompletedTask
            : WriteAsync(ticket, EventType.TicketResolved, $"ticket:{ticket.Id}:resolved:{at.Ticks.ToString(CultureInfo.InvariantCulture)}", at, new Dictionary<string, object?>
            {
                ["ticketId"] = ticket.Id, ["intent"] = ticket.Intent, ["automated"] = ticket.AutoReplyArticleId is not null && ticket.AssigneeId is null,
                ["hours"] = Math.Round((at - ticket.CreatedAt).TotalHours, 2),
            }, cancellationToken);

    public Task RatedAsync(Ticket ticket, CancellationToken cancellationToken) =>
        ticket.CsatRatedAt is not { } at || ticket.CsatRating is not { } rating
            ? Task.CompletedTask
            : WriteAsync(ticket, EventType.TicketRated, $"ticket:{ticket.Id}:rated:{at.Ticks.ToString(CultureInfo.InvariantCulture)}", at, new Dictionary<string, object?>
            {
                ["ticketId"] = ticket.Id, ["rating"] = rating,
            }, cancellationToken);

    private async Task WriteAsync(Ticket ticket, EventType type, string eventId, DateTime at, Dictionary<string, object?> properties, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["eventId"] = eventId,
            ["learnerId"] = ticket.LearnerId,
            ["type"] = type.ToWireName(),
            ["occurredAt"] = at.ToString("O", CultureInfo.InvariantCulture),
            ["properties"] = properties.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value),
        });
        try
        {
            var result = await ingestion.IngestAsync([IncomingRecord.Parsed(0, json)], Source, cancellationToken);
            if (result.Rejected.Count > 0)
            {
                log.LogWarning("The {Type} event of ticket {TicketId} was rejected by ingestion", type, ticket.Id);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not record the {Type} event of ticket {TicketId}", type, ticket.Id);
        }
    }
}
