using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpsConsole.Ingestion;

/// <summary>
/// Turns one JSON record into a <see cref="BehaviorEvent"/> or a <see cref="Rejection"/> naming the field at fault.
/// Works on <see cref="JsonElement"/> rather than a bound DTO so that a wrong type in one field is reported
/// against that field instead of failing the whole batch.
/// </summary>
public sealed partial class EventParser(TimeProvider clock)
{
    /// <summary>Senders' clocks drift; further ahead than this is a bug on their side.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public bool TryParse(JsonElement record, int index, out BehaviorEvent? parsed, out Rejection? rejection)
    {
        parsed = null;
        rejection = null;
        if (record.ValueKind != JsonValueKind.Object)
        {
            rejection = new Rejection(index, null, "(record)", $"must be a JSON object, not {JsonFields.Describe(record.ValueKind)}");
            return false;
        }
        var eventId = JsonFields.String(record, "eventId", out var eventIdError);
        Rejection Reject(string field, string reason) => new(index, eventId, field, reason);

        if (eventIdError is not null) { rejection = Reject("eventId", eventIdError); return false; }
        if (string.IsNullOrWhiteSpace(eventId)) { rejection = Reject("eventId", "is required"); return false; }
        if (eventId.Length > BehaviorEvent.EventIdMaxLength) { rejection = Reject("eventId", $"must be at most {BehaviorEvent.EventIdMaxLength} characters"); return false; }

        var learnerId = JsonFields.String(record, "learnerId", out var error);
        if (error is not null) { rejection = Reject("learnerId", error); return false; }
        if (string.IsNullOrEmpty(learnerId)) { rejection = Reject("learnerId", "is required"); return false; }
        if (learnerId.Length > Learners.Learner.IdMaxLength) { rejection = Reject("learnerId", $"must be 1 to {Learners.Learner.IdMaxLength} characters"); return false; }

        var typeName = JsonFields.String(record, "type", out error);
        if (error is not null) { rejection = Reject("type", error); return false; }
        if (string.IsNullOrEmpty(typeName)) { rejection = Reject("type", "is required"); return false; }
        if (!EventTypes.TryParse(typeName, out var type)) { rejection = Reject("type", $"'{Truncate(typeName)}' is not a known event type ({string.Join(", ", EventTypes.Names)})"); return false; }

        var occurredText = JsonFields.String(record, "occurredAt", out error);
        if (error is not null) { rejection = Reject("occurredAt", error); return false; }
        if (string.IsNullOrEmpty(occurredText)) { rejection = Reject("occurredAt", "is required"); return false; }
        if (!TryParseTimestamp(occurredText, out var occurredAt))
        {
            rejection = Reject("occurredAt", "must be an ISO-8601 timestamp with a UTC offset, e.g. 2026-05-01T10:00:00Z");
            return false;
        }
        if (occurredAt > clock.GetUtcNow() + MaxClockSkew) { rejection = Reject("occurredAt", "is more than 5 minutes in the future"); return false; }

        var itemId = JsonFields.String(record, "itemId", out error);
        if (error is not null) { rejection = Reject("itemId", error); return false; }
        if (itemId is { Length: > Catalog.CatalogItem.IdMaxLength }) { rejection = Reject("itemId", $"must be at most {Catalog.CatalogItem.IdMaxLength} characters"); return false; }

        var sessionId = JsonFields.String(record, "sessionId", out error);
        if (error is not null) { rejection = Reject("sessionId", error); return false; }
        if (sessionId is { Length: > BehaviorEvent.SessionIdMaxLength }) { rejection = Reject("sessionId", $"must be at most {BehaviorEvent.SessionIdMaxLength} characters"); return false; }

        decimal? amount = null;
        if (record.TryGetProperty("amount", out var amountElement) && amountElement.ValueKind != JsonValueKind.Null)
        {
            if (amountElement.ValueKind != JsonValueKind.Number || !amountElement.TryGetDecimal(out var a))
            {
                rejection = Reject("amount", "must be a number"); return false;
            }
            if (a < 0) { rejection = Reject("amount", "must be zero or more"); return false; }
            if (a >= 10_000_000_000_000_000m) { rejection = Reject("amount", "is too large"); return false; }
            amount = a;
        }
        var currency = JsonFields.String(record, "currency", out error);
        if (error is not null) { rejection = Reject("currency", error); return false; }
        if (currency is not null && !CurrencyCode().IsMatch(currency)) { rejection = Reject("currency", "must be a three-letter ISO-4217 code such as CNY or USD"); return false; }
        if (type.IsMonetary())
        {
            if (amount is null) { rejection = Reject("amount", $"is required for {typeName} events"); return false; }
            if (currency is null) { rejection = Reject("currency", $"is required for {typeName} events"); return false; }
        }

        string? properties = null;
        if (record.TryGetProperty("properties", out var props) && props.ValueKind != JsonValueKind.Null)
        {
            if (props.ValueKind != JsonValueKind.Object) { rejection = Reject("properties", "must be a JSON object"); return false; }
            // Profiles, churn and recommendations read these strings back later; one that cannot be decoded would fail them there.
            if (JsonFields.UndecodableText(props) is { } undecodable) { rejection = Reject("properties", undecodable); return false; }
            properties = props.GetRawText();
            if (System.Text.Encoding.UTF8.GetByteCount(properties) > BehaviorEvent.PropertiesMaxBytes)
            {
                rejection = Reject("properties", $"must be at most {BehaviorEvent.PropertiesMaxBytes / 1024} KB of JSON");
                return false;
            }
        }

        parsed = new BehaviorEvent
        {
            EventId = eventId,
            LearnerId = learnerId,
            Type = type,
            OccurredAt = occurredAt.UtcDateTime,
            ItemId = string.IsNullOrEmpty(itemId) ? null : itemId,
            SessionId = string.IsNullOrEmpty(sessionId) ? null : sessionId,
            Amount = amount,
            Currency = currency,
            Properties = properties,
        };
        return true;
    }

    /// <summary>Requires an explicit offset: a bare local time would be bucketed into the wrong day.</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || !HasOffset(text))
        {
            return false;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static bool HasOffset(string text)
    {
        if (text.EndsWith('Z') || text.EndsWith('z'))
        {
            return true;
        }
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (t < 0)
        {
            return false;
        }
        var tail = text.AsSpan(t);
        return tail.Length >= 6 && (tail[^6] == '+' || tail[^6] == '-') && tail[^3] == ':';
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
