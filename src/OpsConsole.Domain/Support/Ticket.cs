namespace OpsConsole.Support;

/// <summary>
/// A learner's request to support. What the text says (intent, language, tone, entities) is stored beside it with each
/// reading's confidence, so routing can be explained and reports can be cut by it later.
/// </summary>
public sealed class Ticket
{
    public const int SubjectMaxLength = 256;
    public const int BodyMaxLength = 8000;
    public const int ChannelMaxLength = 32;
    public const int TagsMaxLength = 512;
    public const int IntentMaxLength = 64;
    public const int ReferenceMaxLength = 64;

    public long Id { get; set; }
    public required string LearnerId { get; set; }
    public required string Subject { get; set; }
    /// <summary>The learner's first message, kept on the ticket for classification and search.</summary>
    public required string Body { get; set; }
    /// <summary>BCP-47 language of the text, e.g. "en" or "zh".</summary>
    public string Language { get; set; } = "en";
    public double LanguageConfidence { get; set; } = 1;
    public string Channel { get; set; } = "web";
    public TicketStatus Status { get; set; }
    public TicketPriority Priority { get; set; }
    /// <summary>Space-separated lower-case tags.</summary>
    public string Tags { get; set; } = "";
    /// <summary>An order the learner named when writing in, if any.</summary>
    public string? OrderId { get; set; }
    /// <summary>A catalogue item the learner named when writing in, if any.</summary>
    public string? ItemId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FirstRespondedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>The intent the model read, or the one an agent set; null until classified.</summary>
    public string? Intent { get; set; }
    public double? IntentConfidence { get; set; }
    /// <summary>Whether an agent confirmed or corrected <see cref="Intent"/>: only such tickets train the next model.</summary>
    public bool IntentConfirmed { get; set; }
    /// <summary>The intent model version that read the ticket.</summary>
    public int? IntentModelId { get; set; }
    /// <summary>From −1 (angry) to 1 (happy).</summary>
    public double? Sentiment { get; set; }
    public double? SentimentConfidence { get; set; }
    /// <summary>How pressing the text reads, on the priority scale.</summary>
    public TicketPriority? Urgency { get; set; }
    public double? UrgencyConfidence { get; set; }
    /// <summary>Order ids, titles, emails, amounts and dates found in the text, as JSON.</summary>
    public string? Entities { get; set; }

    /// <summary>The agent holding the ticket; null while it waits in a queue.</summary>
    public string? AssigneeId { get; set; }
    /// <summary>Where an unassigned open ticket waits.</summary>
    public TicketQueue? Queue { get; set; }
    /// <summary>When it entered <see cref="Queue"/>: the oldest is served first and the fallback counts from here.</summary>
    public DateTime? WaitingSince { get; set; }
    /// <summary>The skill tag a routing rule asked for (e.g. <c>senior</c>), kept while the ticket waits.</summary>
    public string? RouteTag { get; set; }
    /// <summary>The routing rule that matched, if any.</summary>
    public string? RoutingRule { get; set; }

    /// <summary>Targets from the SLA policy of the ticket's priority, in UTC.</summary>
    public DateTime? FirstResponseDueAt { get; set; }
    public DateTime? ResolutionDueAt { get; set; }
    /// <summary>The SLA warnings already sent, so the watcher sends each once.</summary>
    public SlaAlerts SlaAlerts { get; set; }

    public DateTime? CsatRequestedAt { get; set; }
    /// <summary>1 (very unhappy) to 5 (very happy).</summary>
    public int? CsatRating { get; set; }
    public string? CsatComment { get; set; }
    public DateTime? CsatRatedAt { get; set; }

    /// <summary>The knowledge-base article sent as the automated first reply, if one was.</summary>
    public int? AutoReplyArticleId { get; set; }
    public DateTime? AutoRepliedAt { get; set; }
    /// <summary>The learner asked for a person after the automated reply.</summary>
    public bool HumanRequested { get; set; }

    public bool IsOpen => Status is not (TicketStatus.Resolved or TicketStatus.Closed);

    public IReadOnlyList<string> TagList => Tags.Length == 0 ? [] : Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>The life of a ticket: new → assigned → pending → resolved → closed; a learner's reply reopens it.</summary>
public enum TicketStatus
{
    /// <summary>Waiting in a queue for an agent.</summary>
    New = 0,
    /// <summary>An agent holds it and owes the next move.</summary>
    Assigned = 1,
    /// <summary>Waiting on the learner.</summary>
    Pending = 2,
    Resolved = 3,
    /// <summary>Final: a reply opens a new ticket rather than this one.</summary>
    Closed = 4,
}

public enum TicketPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}

public enum TicketQueue
{
    /// <summary>Waiting for an agent with the skills the ticket needs.</summary>
    Skill = 0,
    /// <summary>No skilled agent took it in time: any online agent with a free slot may.</summary>
    General = 1,
    /// <summary>The intent model was not sure enough: a person reads it first.</summary>
    Triage = 2,
}

[Flags]
public enum SlaAlerts
{
    None = 0,
    FirstResponseWarned = 1,
    FirstResponseBreached = 2,
    ResolutionWarned = 4,
    ResolutionBreached = 8,
}
