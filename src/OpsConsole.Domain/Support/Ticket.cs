namespace OpsConsole.Support;

public sealed class Ticket
{
    public long Id { get; set; }
    public required string LearnerId { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    /// <summary>BCP-47 language of the text, e.g. "en" or "zh".</summary>
    public string Language { get; set; } = "en";
    public string Channel { get; set; } = "web";
    public TicketStatus Status { get; set; }
    public TicketPriority Priority { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FirstRespondedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
}

public enum TicketStatus
{
    New = 0,
    Open = 1,
    Pending = 2,
    Solved = 3,
}

public enum TicketPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}
