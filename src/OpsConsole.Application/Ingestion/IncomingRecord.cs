using System.Text.Json;

namespace OpsConsole.Ingestion;

/// <summary>One record of an incoming batch: parsed JSON, or the reason its text could not be parsed.</summary>
public sealed record IncomingRecord(int Index, JsonElement? Json, string? ParseError, string? RawText)
{
    public static IncomingRecord Parsed(int index, JsonElement json) => new(index, json, null, null);
    public static IncomingRecord Malformed(int index, string error, string rawText) => new(index, null, error, rawText);
}
