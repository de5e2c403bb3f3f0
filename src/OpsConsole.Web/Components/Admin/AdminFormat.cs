using System.Globalization;
using System.Text.Json;

namespace OpsConsole.Web.Components.Admin;

/// <summary>How the admin pages show stored values. Times are shown in UTC, the zone they are stored in, and say so.</summary>
public static class AdminFormat
{
    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string TimeWithSeconds(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Indents a JSON payload for reading; anything that is not JSON is shown exactly as it was received.</summary>
    public static string Payload(string? payload)
    {
        if (string.IsNullOrWhiteSpace(payload))
        {
            return "";
        }
        try
        {
            using var document = JsonDocument.Parse(payload);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return payload;
        }
    }

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Learner data is often Chinese; keep it readable instead of \u escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
