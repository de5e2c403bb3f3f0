using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsConsole.Web.Components.Support.Desk;

public static class RuleJson
{
    private static readonly JsonSerializerOptions Relaxed = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Stored rules as a person edits them: indented, with ¥ and Chinese written as themselves rather than \u escapes.
    /// Text that does not parse is returned as it is, so nothing a manager wrote is lost.
    /// </summary>
    public static string Readable(string json)
    {
        try
        {
            return JsonNode.Parse(json)?.ToJsonString(Relaxed) ?? json;
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
