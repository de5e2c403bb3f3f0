using System.Globalization;
using System.Text.Json;

namespace OpsConsole.Ingestion;

/// <summary>Reads optional fields of a JSON record, saying what is wrong with a field instead of throwing.</summary>
public static class JsonFields
{
    public static string? String(JsonElement record, string name, out string? error)
    {
        error = null;
        if (!record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            error = $"must be a string, not {Describe(value.ValueKind)}";
            return null;
        }
        return value.GetString();
    }

    public static decimal? Decimal(JsonElement record, string name, out string? error)
    {
        error = null;
        if (!record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d))
        {
            return d;
        }
        // CSV imports carry numbers as text.
        if (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out d))
        {
            return d;
        }
        error = "must be a number";
        return null;
    }

    public static DateTime? Timestamp(JsonElement record, string name, out string? error)
    {
        var text = String(record, name, out error);
        if (error is not null || string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!EventParser.TryParseTimestamp(text, out var value))
        {
            error = "must be an ISO-8601 timestamp with a UTC offset, e.g. 2026-05-01T10:00:00Z";
            return null;
        }
        return value.UtcDateTime;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.String => "a string",
        _ => "null",
    };
}
