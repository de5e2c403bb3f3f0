namespace OpsConsole.Ingestion;

/// <summary>Why one record of a batch was not stored: which record (index in the batch, its id) and which field.</summary>
public sealed record Rejection(int Index, string? EventId, string Field, string Reason);

public sealed record IngestResult(int Accepted, int Duplicates, IReadOnlyList<Rejection> Rejected);
