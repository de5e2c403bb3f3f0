namespace OpsConsole.Ingestion;

/// <summary>An append-only behaviour event. <see cref="EventId"/> is the sender's id and makes re-sends idempotent.</summary>
public sealed class BehaviorEvent
{
    public const int EventIdMaxLength = 128;
    public const int SessionIdMaxLength = 128;
    public const int PropertiesMaxBytes = 4096;

    /// <summary>Store-assigned, increasing: a cheap cursor for projections.</summary>
    public long Seq { get; set; }
    public required string EventId { get; set; }
    public required string LearnerId { get; set; }
    public EventType Type { get; set; }
    public DateTime OccurredAt { get; set; }
    public DateTime ReceivedAt { get; set; }
    public string? ItemId { get; set; }
    public string? SessionId { get; set; }
    public decimal? Amount { get; set; }
    public string? Currency { get; set; }
    public string? Properties { get; set; }
}
