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
        return Text(value, out error);
    }

    /// <summary>
    /// The text of a JSON string. An escaped unpaired surrogate ("\uD800") parses as JSON but cannot be decoded, and
    /// PostgreSQL refuses NUL in text columns: both are reported here rather than failing the batch further on.
    /// </summary>
    public static string? Text(JsonElement value, out string? error)
    {
        error = null;
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            error = UnpairedSurrogate;
            return null;
        }
        if (text.Contains('\0'))
        {
            error = "must not contain NUL characters";
            return null;
        }
        return text;
    }

    /// <summary>Why a JSON value holds a string or property name that cannot be decoded, or null when all of it can.</summary>
    public static string? UndecodableText(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return TryDecode(value) ? null : UnpairedSurrogate;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (UndecodableText(item) is { } problem) return problem;
                }
                return null;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (!TryDecodeName(property) || UndecodableText(property.Value) is not null) return UnpairedSurrogate;
                }
                return null;
            default:
                return null;
        }
    }

    private const string UnpairedSurrogate = "is not valid Unicode text (it holds an unpaired surrogate escape such as \\uD800)";

    private static bool TryDecode(JsonElement value)
    {
        try
        {
            _ = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryDecodeName(JsonProperty property)
    {
        try
        {
            _ = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
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
        if (value.ValueKind == JsonValueKind.String && decimal.TryParse(Text(value, out _), NumberStyles.Number, CultureInfo.InvariantCulture, out d))
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
