using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpsConsole.Support;

/// <summary>Turns the serializer's first complaint about rule JSON into an error at the path a manager can find.</summary>
internal static partial class RuleJsonErrors
{
    public static RuleError Describe(JsonException e, string json)
    {
        var path = Trim(e.Path);
        // The reader's own errors (bad syntax, truncated text) come wrapped, or as the reader's exception type.
        if (e.InnerException is JsonException || e.GetType() != typeof(JsonException))
        {
            return new RuleError(path, $"is not valid JSON (line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1})");
        }
        if (UnmappedProperty().Match(e.Message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups[1].Value;
            var named = path.EndsWith(name, StringComparison.Ordinal) || path.EndsWith($"['{name}']", StringComparison.Ordinal);
            return new RuleError(named ? path : Join(path, name), "is not a known property");
        }
        if (e.Message == RuleValueJsonConverter.Expected || e.Message.StartsWith("is a number", StringComparison.Ordinal))
        {
            return new RuleError(path, e.Message);
        }
        var found = Find(json, path);
        var last = path[(path.LastIndexOf('.') + 1)..];
        var names = last switch
        {
            "field" => Names<RuleField>(),
            "operator" => Names<RuleOperator>(),
            "setPriority" => Names<TicketPriority>(),
            _ => null,
        };
        if (names is not null && found is { ValueKind: JsonValueKind.String } text)
        {
            return new RuleError(path, $"'{text.GetString()}' is not one of {names}");
        }
        return new RuleError(path, found?.ValueKind switch
        {
            null => "is missing or misplaced",
            _ when names is not null => $"must be one of {names}",
            _ when last is "enabled" => "must be true or false",
            _ when last is "conditions" or "rules" or "addTags" => "must be a list",
            _ when last is "name" or "routeTo" => "must be a text",
            _ => "has the wrong kind of value",
        });
    }

    public static string Names<T>() where T : struct, Enum =>
        string.Join(", ", Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName));

    private static string Trim(string? path) => path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>The element at a serializer path such as <c>rules[0].conditions[1].field</c>, if the JSON has one there.</summary>
    private static JsonElement? Find(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var at = document.RootElement;
            foreach (Match step in PathStep().Matches(path))
            {
                if (step.Groups["index"].Success)
                {
                    var index = int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (at.ValueKind != JsonValueKind.Array || index >= at.GetArrayLength())
                    {
                        return null;
                    }
                    at = at[index];
                }
                else
                {
                    var name = step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value;
                    if (at.ValueKind != JsonValueKind.Object)
                    {
                        return null;
                    }
                    var property = at.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                    if (property.Value.ValueKind == JsonValueKind.Undefined)
                    {
                        return null;
                    }
                    at = property.Value;
                }
            }
            return at.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Greedy to the last quote before the verb: a property's own name may hold quotes and line breaks.
    [GeneratedRegex(@"The JSON property '(.*)' could not be mapped", RegexOptions.Singleline)]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"(?:^|\.)(?<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?<index>\d+)\]|\['(?<quoted>[^']*)'\]")]
    private static partial Regex PathStep();
}
