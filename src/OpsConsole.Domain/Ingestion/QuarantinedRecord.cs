namespace OpsConsole.Ingestion;

/// <summary>A record that failed validation, kept with the reason so nothing sent is silently dropped.</summary>
public sealed class QuarantinedRecord
{
    public long Id { get; set; }
    public DateTime ReceivedAt { get; set; }
    public required string Kind { get; set; }
    public required string Source { get; set; }
    public int Index { get; set; }
    public string? RecordId { get; set; }
    public required string Field { get; set; }
    public required string Reason { get; set; }
    public string? Payload { get; set; }
}
