using OpsConsole.Ingestion;

namespace OpsConsole.Profiles;

/// <summary>The columns of an event that profiles read.</summary>
public sealed record ProfileEvent(EventType Type, DateTime OccurredAt, string? ItemId, decimal? Amount, string? Currency, string? Properties, long Seq = 0);

/// <summary>What profiles need to know about a catalogue item.</summary>
public sealed record ItemFacts(string Topic, IReadOnlyList<string> Tags);
