namespace OpsConsole.Support;

/// <summary>A ticket as the platform or a console user submits it.</summary>
/// <param name="Tags">Optional tags, e.g. from the platform's help widget.</param>
public sealed record NewTicket(
    string? LearnerId,
    string? Subject,
    string? Body,
    string? Channel = null,
    string? OrderId = null,
    string? ItemId = null,
    TicketPriority? Priority = null,
    IReadOnlyList<string>? Tags = null);

/// <summary>Who did something on the desk: an agent, a manager, the platform's API key, or the desk itself.</summary>
public sealed record Actor(string Id, string Name)
{
    public static Actor Desk { get; } = new("desk", "OpsConsole");
}

/// <summary>What creating a ticket did: how it was read, where it went and whether the learner got an automated answer.</summary>
public sealed record TicketCreated(
    long TicketId,
    TicketStatus Status,
    TicketPriority Priority,
    string Language,
    string? Intent,
    double? IntentConfidence,
    TicketQueue? Queue,
    string? AssigneeId,
    string RoutingReason,
    bool AutoReplied,
    DateTime? FirstResponseDueAt,
    DateTime? ResolutionDueAt);

/// <summary>A ticket in a list: enough for the queue and the toast, nothing from the conversation.</summary>
public sealed record TicketSummary(
    long Id,
    string Subject,
    string LearnerId,
    TicketStatus Status,
    TicketPriority Priority,
    string Language,
    string Channel,
    string? Intent,
    double? IntentConfidence,
    TicketQueue? Queue,
    string? AssigneeId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? FirstResponseDueAt,
    DateTime? ResolutionDueAt,
    SlaAlerts SlaAlerts,
    double? Sentiment)
{
    public static TicketSummary Of(Ticket t) => new(t.Id, t.Subject, t.LearnerId, t.Status, t.Priority, t.Language, t.Channel, t.Intent,
        t.IntentConfidence, t.Queue, t.AssigneeId, t.CreatedAt, t.UpdatedAt, t.FirstResponseDueAt, t.ResolutionDueAt, t.SlaAlerts, t.Sentiment);
}

public enum TicketChangeKind
{
    Created,
    Message,
    Assigned,
    Status,
    Reading,
    SlaWarning,
    SlaBreach,
    Csat,
}

/// <summary>Something that happened to a ticket, pushed to everyone viewing it and to the queues that list it.</summary>
/// <param name="AgentId">The agent now holding the ticket (after the change).</param>
/// <param name="PreviousAgentId">For reassignments: who held it before, so their queue drops it.</param>
public sealed record TicketChange(long TicketId, TicketChangeKind Kind, string Text, string? AgentId, DateTime At, string? PreviousAgentId = null);

/// <summary>Live push of the desk; the web app sends these through the hub.</summary>
public interface ISupportNotifier
{
    /// <summary>A ticket was routed to an agent: their queue shows it with a toast.</summary>
    Task TicketAssignedAsync(TicketSummary ticket, string agentId, string reason, CancellationToken cancellationToken);

    Task TicketChangedAsync(TicketChange change, CancellationToken cancellationToken);

    /// <summary>Queue lengths or agent load changed; supervisors' views refresh.</summary>
    Task DeskChangedAsync(CancellationToken cancellationToken);
}

/// <summary>A desk request that cannot be carried out as given; names the field at fault.</summary>
public sealed class TicketRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

public sealed class TicketNotFoundException(long ticketId) : Exception($"Ticket {ticketId} does not exist.")
{
    public long TicketId { get; } = ticketId;
}

/// <summary>The request is well formed but the ticket's state does not allow it (e.g. replying to a closed ticket).</summary>
public sealed class TicketStateException(string message) : Exception(message);
