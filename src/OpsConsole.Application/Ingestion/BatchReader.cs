using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace OpsConsole.Ingestion;

/// <summary>Splits a request body or file into records: a JSON array, or NDJSON (one object per line).</summary>
public static class BatchReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>A JSON array is all-or-nothing at the syntax level: one broken bracket makes the whole body unreadable.</summary>
    public static IReadOnlyList<IncomingRecord> ReadJsonArray(ReadOnlyMemory<byte> body)
    {
        // The JSON reader leaves string contents undecoded until read, so bad bytes are refused up front.
        if (!Utf8.IsValid(body.Span))
        {
            throw new MalformedBatchException("The body is not valid UTF-8.");
        }
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

    /// <summary>
    /// NDJSON straight from the request's bytes: each line is parsed where it lies, without copying the body
    /// or decoding it to strings first (the body outlives the records, which are used within the request).
    /// </summary>
    public static IReadOnlyList<IncomingRecord> ReadNdjson(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var start = span.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        var records = new List<IncomingRecord>();
        while (start < body.Length)
        {
            var length = body.Span[start..].IndexOf((byte)'\n');
            var end = length < 0 ? body.Length : start + length;
            var line = body[start..end];
            if (line.Span is [.., (byte)'\r'])
            {
                line = line[..^1];
            }
            start = end + 1;
            if (line.Span.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }
            // The JSON reader leaves string contents undecoded until read; bad bytes must be refused here, per line.
            if (!Utf8.IsValid(line.Span))
            {
                records.Add(IncomingRecord.Malformed(records.Count, "is not valid UTF-8", Encoding.UTF8.GetString(line.Span)));
                continue;
            }
            try
            {
                records.Add(IncomingRecord.Parsed(records.Count, JsonDocument.Parse(line, DocumentOptions).RootElement));
            }
            catch (JsonException ex)
            {
                records.Add(IncomingRecord.Malformed(records.Count, $"is not valid JSON (byte {ex.BytePositionInLine + 1} of the line)", Encoding.UTF8.GetString(line.Span)));
            }
        }
        return records;
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];
}

public sealed class MalformedBatchException(string message) : Exception(message);
