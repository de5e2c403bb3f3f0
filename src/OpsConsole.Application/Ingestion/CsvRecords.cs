using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpsConsole.Ingestion;

/// <summary>
/// Reads CSV with a header row (RFC 4180 quoting) and turns each row into the same JSON record the API takes,
/// so CSV and NDJSON imports share one validation path.
/// </summary>
public static class CsvRecords
{
    /// <summary>Columns whose text is turned into a JSON number or object when it parses as one.</summary>
    private static readonly HashSet<string> NumericColumns = new(StringComparer.OrdinalIgnoreCase) { "amount", "price" };
    private static readonly HashSet<string> ObjectColumns = new(StringComparer.OrdinalIgnoreCase) { "properties" };
    private static readonly HashSet<string> ListColumns = new(StringComparer.OrdinalIgnoreCase) { "tags" };

    public static IEnumerable<IncomingRecord> Read(TextReader reader)
    {
        var header = ReadRow(reader);
        if (header is null)
        {
            yield break;
        }
        var index = 0;
        while (ReadRow(reader) is { } row)
        {
            if (row.Count == 1 && row[0].Length == 0)
            {
                continue;
            }
            if (row.Count != header.Count)
            {
                yield return IncomingRecord.Malformed(index++, $"has {row.Count} columns but the header has {header.Count}", string.Join(',', row));
                continue;
            }
            yield return IncomingRecord.Parsed(index++, ToJson(header, row));
        }
    }

    private static JsonElement ToJson(IReadOnlyList<string> header, IReadOnlyList<string> row)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < header.Count; i++)
            {
                var name = header[i].Trim();
                var value = row[i];
                if (value.Length == 0)
                {
                    continue;
                }
                writer.WritePropertyName(name);
                if (NumericColumns.Contains(name) && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                {
                    writer.WriteNumberValue(number);
                }
                else if (ObjectColumns.Contains(name) && TryParseObject(value, out var obj))
                {
                    obj.WriteTo(writer);
                }
                else if (ListColumns.Contains(name))
                {
                    writer.WriteStartArray();
                    foreach (var tag in value.Split(['|', ';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        writer.WriteStringValue(tag);
                    }
                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteStringValue(value);
                }
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static bool TryParseObject(string text, out JsonElement element)
    {
        element = default;
        try
        {
            using var document = JsonDocument.Parse(text);
            element = document.RootElement.Clone();
            return element.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads one logical row; quoted fields may hold commas, doubled quotes and line breaks.</summary>
    internal static List<string>? ReadRow(TextReader reader)
    {
        var first = reader.Peek();
        if (first < 0)
        {
            return null;
        }
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                fields.Add(field.ToString());
                return fields;
            }
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else { quoted = false; }
                }
                else
                {
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    return fields;
                default:
                    field.Append(ch);
                    break;
            }
        }
    }
}
