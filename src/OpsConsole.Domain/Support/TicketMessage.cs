namespace OpsConsole.Support;

/// <summary>One entry in a ticket's conversation.</summary>
public sealed class TicketMessage
{
    public const int BodyMaxLength = 8000;
    public const int AuthorMaxLength = 256;

    public long Id { get; set; }
    public long TicketId { get; set; }
    public MessageKind Kind { get; set; }
    /// <summary>The agent id or learner id that wrote it; null for automated and system entries.</summary>
    public string? AuthorId { get; set; }
    public string AuthorName { get; set; } = "";
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum MessageKind
{
    /// <summary>Written by the learner.</summary>
    Learner = 0,
    /// <summary>A reply the learner sees.</summary>
    Agent = 1,
    /// <summary>Internal: agents and managers only.</summary>
    Note = 2,
    /// <summary>The automated first reply from the knowledge base, clearly marked to the learner.</summary>
    Automated = 3,
    /// <summary>What happened (assigned, status changed), for the audit trail.</summary>
    System = 4,
}
