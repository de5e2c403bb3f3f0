using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsConsole.Segments;

public enum Match
{
    /// <summary>Every condition and group holds (AND).</summary>
    All,
    /// <summary>At least one holds (OR).</summary>
    Any,
}

public enum ConditionKind
{
    Lifecycle,
    Rfm,
    Membership,
    Channel,
    Persona,
    NetSpend,
    Orders,
    ActiveDays30,
    /// <summary>Interest share in tag <c>Value</c> at least <c>Number</c> (0–1).</summary>
    Interest,
    /// <summary>Did event type <c>Value</c> at least <c>Count</c> times in the last <c>Days</c> days.</summary>
    DidEvent,
    /// <summary>Did not do event type <c>Value</c> in the last <c>Days</c> days, or since <c>Since</c>.</summary>
    DidNotEvent,
}

public enum Comparison
{
    AtLeast,
    AtMost,
}

/// <summary>One condition of a segment. Which of the optional parts apply depends on <see cref="Kind"/>.</summary>
public sealed record SegmentCondition(
    ConditionKind Kind,
    string? Value = null,
    double? Number = null,
    Comparison Compare = Comparison.AtLeast,
    int? Count = null,
    int? Days = null,
    DateOnly? Since = null);

/// <summary>A group of conditions and nested groups joined by <see cref="Match"/>: the whole definition of a dynamic segment.</summary>
public sealed record SegmentRule(Match Match, IReadOnlyList<SegmentCondition> Conditions, IReadOnlyList<SegmentRule> Groups)
{
    public static SegmentRule Empty { get; } = new(Match.All, [], []);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a stored or uploaded definition; malformed JSON is a <see cref="SegmentRuleException"/> with the position.</summary>
    public static SegmentRule FromJson(string json)
    {
        try
        {
            var rule = JsonSerializer.Deserialize<SegmentRule>(json, Json) ?? throw new SegmentRuleException("definition", "is empty");
            return Complete(rule, "");
        }
        catch (JsonException e)
        {
            throw new SegmentRuleException(e.Path ?? "definition", $"is not a valid segment definition ({e.Message.Split('.')[0]})");
        }
        catch (ArgumentException e)
        {
            // A string holding an unpaired surrogate cannot be transcoded to the UTF-8 the reader works on.
            throw new SegmentRuleException("definition", $"is not valid Unicode text ({e.Message.Split('.')[0]})");
        }
    }

    /// <summary>
    /// The serializer leaves an omitted or null list null and keeps null entries; a definition without conditions or
    /// groups means none, and a null entry is named so that the validator and compiler only ever see whole rules.
    /// </summary>
    private static SegmentRule Complete(SegmentRule rule, string path)
    {
        var conditions = rule.Conditions ?? [];
        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i] is null)
            {
                throw new SegmentRuleException($"{path}conditions[{i}]", "is empty");
            }
        }
        var groups = new List<SegmentRule>(rule.Groups?.Count ?? 0);
        for (var g = 0; g < (rule.Groups?.Count ?? 0); g++)
        {
            groups.Add(Complete(rule.Groups![g] ?? throw new SegmentRuleException($"{path}groups[{g}]", "is empty"), $"{path}groups[{g}]."));
        }
        return rule with { Conditions = conditions, Groups = groups };
    }

    public bool IsEmpty => Conditions.Count == 0 && Groups.All(g => g.IsEmpty);
}

/// <summary>A definition that cannot be used, naming the part at fault (e.g. <c>conditions[1].value</c>).</summary>
public sealed class SegmentRuleException(string path, string reason) : Exception($"{path}: {reason}")
{
    public string Path { get; } = path;
    public string Reason { get; } = reason;
}
