using System.Text;
using System.Text.Json;

namespace OpsConsole.Ingestion;

/// <summary>Splits a request body or file into records: a JSON array, or NDJSON (one object per line).</summary>
public static class BatchReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>A JSON array is all-or-nothing at the syntax level: one broken bracket makes the whole body unreadable.</summary>
    public static IReadOnlyList<IncomingRecord> ReadJsonArray(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new MalformedBatchException($"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new MalformedBatchException("The body must be a JSON array of events, or NDJSON with one event per line.");
        }
        var records = new List<IncomingRecord>(document.RootElement.GetArrayLength());
        var index = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            records.Add(IncomingRecord.Parsed(index++, element));
        }
        return records;
    }

    /// <summary>NDJSON is judged line by line: a broken line is rejected on its own and the rest still count.</summary>
    public static IEnumerable<IncomingRecord> ReadNdjson(TextReader reader)
    {
        var index = 0;
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            IncomingRecord record;
            try
            {
                using var document = JsonDocument.Parse(line, DocumentOptions);
                record = IncomingRecord.Parsed(index, document.RootElement.Clone());
            }
            catch (JsonException ex)
            {
                record = IncomingRecord.Malformed(index, $"is not valid JSON (byte {ex.BytePositionInLine + 1} of the line)", line);
            }
            index++;
            yield return record;
        }
    }

    public static IReadOnlyList<IncomingRecord> ReadNdjson(ReadOnlyMemory<byte> body)
    {
        using var reader = new StreamReader(new MemoryStream(body.ToArray(), writable: false), Encoding.UTF8);
        return ReadNdjson(reader).ToList();
    }
}

public sealed class MalformedBatchException(string message) : Exception(message);
