using System.Text.Json;
using System.Text.Json.Serialization;
using OpsConsole.Recommendations;

namespace OpsConsole.Web.Recommendations;

/// <summary>
/// The served list's JSON, generated at build time with the web defaults minimal APIs use (camelCase names), so the
/// busiest answer of the API is written without reflection-driven converters; the document is the same.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RecommendationList))]
internal sealed partial class RecommendationJson : JsonSerializerContext
{
    /// <summary>What minimal APIs send JSON as.</summary>
    public const string ContentType = "application/json; charset=utf-8";
}
