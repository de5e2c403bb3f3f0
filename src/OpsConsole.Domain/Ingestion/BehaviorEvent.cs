namespace OpsConsole.Ingestion;

/// <summary>An append-only behaviour event. <see cref="EventId"/> is the sender's id and makes re-sends idempotent.</summary>
public sealed class BehaviorEvent
{
    public const int EventIdMaxLength = 128;
    public const int SessionIdMaxLength = 128;
    public const int PropertiesMaxBytes = 4096;

    private string _eventId = "";

    /// <summary>Store-assigned, increasing: a cheap cursor for projections.</summary>
    public long Seq { get; set; }

    /// <summary>The sender's id, stored as sent; setting it also sets <see cref="EventKey"/>.</summary>
    public required string EventId
    {
        get => _eventId;
        set
        {
            _eventId = value;
            EventKey = EventKeys.For(value);
        }
    }

    /// <summary>A digest of <see cref="EventId"/> (<see cref="EventKeys.For"/>): the unique idempotency key the store indexes.</summary>
    public Guid EventKey { get; private set; }

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
