using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsConsole.Support;

/// <summary>The ticket fact a condition looks at.</summary>
public enum RuleField
{
    Intent,
    Language,
    Priority,
    Channel,
    /// <summary>From −1 (angry) to 1 (happy).</summary>
    Sentiment,
    /// <summary>How pressing the text reads, named like the priorities (low … urgent) and ordered like them.</summary>
    Urgency,
    /// <summary>A tag the ticket carries.</summary>
    Tag,
    Membership,
    /// <summary>The learner's net spend in the platform currency.</summary>
    LifetimeSpend,
    Lifecycle,
    Rfm,
}

public enum RuleOperator
{
    /// <summary>The fact equals one of the listed values.</summary>
    Is,
    /// <summary>The fact is known and equals none of the listed values.</summary>
    IsNot,
    AtLeast,
    AtMost,
}

/// <summary>
/// The right-hand side of a condition: one or more texts (names, intents, languages) or one number. In JSON it is a
/// string, an array of strings or a number, whichever the field calls for.
/// </summary>
[JsonConverter(typeof(RuleValueJsonConverter))]
public sealed record RuleValue(IReadOnlyList<string>? Texts, decimal? Number)
{
    public static RuleValue Of(params string[] texts) => new(texts, null);

    public static RuleValue Of(decimal number) => new(null, number);

    public static implicit operator RuleValue(string text) => Of(text);

    public static implicit operator RuleValue(decimal number) => Of(number);

    public bool Equals(RuleValue? other) =>
        other is not null
        && Number == other.Number
        && (Texts is null ? other.Texts is null : other.Texts is not null && Texts.SequenceEqual(other.Texts));

    public override int GetHashCode() =>
        HashCode.Combine(Number, Texts is null ? 0 : Texts.Aggregate(17, (h, t) => HashCode.Combine(h, t)));

    public override string ToString() =>
        Number is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Join(", ", Texts ?? []);
}

/// <summary>One test on the ticket's facts; a rule's conditions must all hold.</summary>
public sealed record RuleCondition(RuleField Field, RuleOperator Operator, RuleValue Value)
{
    public static RuleCondition Is(RuleField field, params string[] values) => new(field, RuleOperator.Is, RuleValue.Of(values));

    public static RuleCondition IsNot(RuleField field, params string[] values) => new(field, RuleOperator.IsNot, RuleValue.Of(values));

    public static RuleCondition AtLeast(RuleField field, decimal value) => new(field, RuleOperator.AtLeast, value);

    public static RuleCondition AtMost(RuleField field, decimal value) => new(field, RuleOperator.AtMost, value);

    /// <summary>For priority, the one ordered field whose values are names.</summary>
    public static RuleCondition AtLeast(RuleField field, string value) => new(field, RuleOperator.AtLeast, value);

    public static RuleCondition AtMost(RuleField field, string value) => new(field, RuleOperator.AtMost, value);
}

/// <summary>What a matching rule does. Any combination of the three; at least one.</summary>
/// <param name="RouteTo">A team or skill tag the agent must carry, e.g. <c>senior</c>.</param>
/// <param name="SetPriority">The priority the ticket gets (its SLA follows it).</param>
/// <param name="AddTags">Tags added to the ticket.</param>
public sealed record RuleAction(string? RouteTo = null, TicketPriority? SetPriority = null, IReadOnlyList<string>? AddTags = null);

/// <summary>A manager's routing rule: when every condition holds (an empty list always holds), the action applies.</summary>
public sealed record RoutingRule(string Name, IReadOnlyList<RuleCondition> Conditions, RuleAction Action, bool Enabled = true);

/// <summary>The rules of the desk, evaluated in order; the first enabled rule whose conditions hold wins.</summary>
public sealed record RoutingRuleSet(IReadOnlyList<RoutingRule> Rules)
{
    public static RoutingRuleSet Empty { get; } = new([]);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A misspelt property would otherwise be dropped silently, and a rule whose conditions were lost matches every ticket.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads and validates stored or uploaded rules; anything wrong is a <see cref="RoutingRuleException"/> naming each part at fault.</summary>
    public static RoutingRuleSet FromJson(string json)
    {
        var (rules, errors) = Parse(json);
        return errors.Count == 0 ? rules! : throw new RoutingRuleException(errors);
    }

    /// <summary>
    /// Reads and validates rules. JSON that cannot be read gives one error at the first bad spot; readable rules give
    /// every validation error at once, so an editor can mark them all.
    /// </summary>
    public static (RoutingRuleSet? Rules, IReadOnlyList<RuleError> Errors) Parse(string json)
    {
        RoutingRuleSet? rules;
        try
        {
            rules = JsonSerializer.Deserialize<RoutingRuleSet>(json, Json);
        }
        catch (JsonException e)
        {
            return (null, [RuleJsonErrors.Describe(e, json)]);
        }
        catch (ArgumentException)
        {
            // A string holding an unpaired surrogate cannot be transcoded to the UTF-8 the reader works on.
            return (null, [new RuleError("", "is not valid Unicode text")]);
        }
        if (rules is null)
        {
            return (null, [new RuleError("", "the rules are empty (expected {\"rules\": [...]})")]);
        }
        var errors = RoutingRuleValidator.Validate(rules);
        return (errors.Count == 0 ? rules : null, errors);
    }
}

/// <summary>One thing wrong with a rule set, at a path such as <c>rules[1].conditions[0].value</c>.</summary>
public sealed record RuleError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

public sealed class RoutingRuleException(IReadOnlyList<RuleError> errors)
    : Exception(string.Join("; ", errors.Select(e => e.ToString())))
{
    public IReadOnlyList<RuleError> Errors { get; } = errors;
}

internal sealed class RuleValueJsonConverter : JsonConverter<RuleValue>
{
    public const string Expected = "must be a text, a list of texts or a number";

    public override bool HandleNull => true;

    public override RuleValue? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return RuleValue.Of(reader.GetString()!);
            case JsonTokenType.Number:
                if (!reader.TryGetDecimal(out var number))
                {
                    throw new JsonException("is a number too large to compare");
                }
                return RuleValue.Of(number);
            case JsonTokenType.StartArray:
                var texts = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException(Expected);
                    }
                    texts.Add(reader.GetString()!);
                }
                return new RuleValue(texts, null);
            default:
                throw new JsonException(Expected);
        }
    }

    public override void Write(Utf8JsonWriter writer, RuleValue? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else if (value.Number is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else if (value.Texts is [var single])
        {
            writer.WriteStringValue(single);
        }
        else
        {
            writer.WriteStartArray();
            foreach (var text in value.Texts ?? [])
            {
                writer.WriteStringValue(text);
            }
            writer.WriteEndArray();
        }
    }
}
