using System.Text.Json;
using OpsConsole.Ingestion;

namespace OpsConsole.Tests.Ingestion;

public sealed class EventParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly EventParser _parser = new(new FixedClock(Now));

    private (BehaviorEvent? Event, Rejection? Rejection) Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        _parser.TryParse(doc.RootElement.Clone(), 3, out var parsed, out var rejection);
        return (parsed, rejection);
    }

    [Fact]
    public void TryParse_CompletePurchase_MapsEveryField()
    {
        var (e, rejection) = Parse("""
            {"eventId":"e-1","learnerId":"u-42","type":"purchase","occurredAt":"2026-05-01T18:00:00+08:00","itemId":"c-7","sessionId":"s-9","amount":199.00,"currency":"CNY","properties":{"coupon":"SPRING"}}
            """);

        Assert.Null(rejection);
        Assert.NotNull(e);
        Assert.Equal("e-1", e.EventId);
        Assert.Equal("u-42", e.LearnerId);
        Assert.Equal(EventType.Purchase, e.Type);
        Assert.Equal(new DateTime(2026, 5, 1, 10, 0, 0, DateTimeKind.Utc), e.OccurredAt);
        Assert.Equal(DateTimeKind.Utc, e.OccurredAt.Kind);
        Assert.Equal("c-7", e.ItemId);
        Assert.Equal("s-9", e.SessionId);
        Assert.Equal(199.00m, e.Amount);
        Assert.Equal("CNY", e.Currency);
        Assert.Equal("""{"coupon":"SPRING"}""", e.Properties);
    }

    [Theory]
    [InlineData("""{"learnerId":"u","type":"view","occurredAt":"2026-05-01T10:00:00Z"}""", "eventId", "is required")]
    [InlineData("""{"eventId":"e","type":"view","occurredAt":"2026-05-01T10:00:00Z"}""", "learnerId", "is required")]
    [InlineData("""{"eventId":"e","learnerId":"","type":"view","occurredAt":"2026-05-01T10:00:00Z"}""", "learnerId", "is required")]
    [InlineData("""{"eventId":"e","learnerId":"u","occurredAt":"2026-05-01T10:00:00Z"}""", "type", "is required")]
    [InlineData("""{"eventId":"e","learnerId":"u","type":"teleport","occurredAt":"2026-05-01T10:00:00Z"}""", "type", "not a known event type")]
    [InlineData("""{"eventId":"e","learnerId":"u","type":"view"}""", "occurredAt", "is required")]
    [InlineData("""{"eventId":"e","learnerId":"u","type":"view","occurredAt":"2026-05-01T10:00:00"}""", "occurredAt", "UTC offset")]
    [InlineData("""{"eventId":"e","learnerId":"u","type":"view","occurredAt":"yesterday"}""", "occurredAt", "ISO-8601")]
    [InlineData("""{"eventId":"e","learnerId":"u","type":"view","occurredAt":"2026-06-01T12:06:00Z"}""", "occurredAt", "future")]
    [InlineData("""{"eventId":"e","learnerId":"u","type":"purchase","occurredAt":"2026-05-01T10:00:00Z","currency":"CNY"}""", "amount", "required for purchase")]
    [InlineData("""{"eventId":"e","learnerId":"u","type":"refund","occurredAt":"2026-05-01T10:00:00Z","amount":5}""", "currency", "required for refund")]
    [InlineData("""{"eventId":"e","learnerId":"u","type":"purchase","occurredAt":"2026-05-01T10:00:00Z","amount":-1,"currency":"CNY"}""", "amount", "zero or more")]
    [InlineData("""{"eventId":"e","learnerId":"u","type":"purchase","occurredAt":"2026-05-01T10:00:00Z","amount":"12","currency":"CNY"}""", "amount", "must be a number")]
    [InlineData("""{"eventId":"e","learnerId":"u","type":"purchase","occurredAt":"2026-05-01T10:00:00Z","amount":1,"currency":"yuan"}""", "currency", "ISO-4217")]
    [InlineData("""{"eventId":"e","learnerId":"u","type":"view","occurredAt":"2026-05-01T10:00:00Z","properties":[1]}""", "properties", "JSON object")]
    [InlineData("""{"eventId":42,"learnerId":"u","type":"view","occurredAt":"2026-05-01T10:00:00Z"}""", "eventId", "must be a string")]
    public void TryParse_InvalidField_RejectsNamingTheField(string json, string field, string reasonPart)
    {
        var (e, rejection) = Parse(json);

        Assert.Null(e);
        Assert.NotNull(rejection);
        Assert.Equal(field, rejection.Field);
        Assert.Contains(reasonPart, rejection.Reason);
        Assert.Equal(3, rejection.Index);
    }

    [Fact]
    public void TryParse_LearnerIdOf65Characters_IsRejected()
    {
        var (_, rejection) = Parse($$"""{"eventId":"e","learnerId":"{{new string('x', 65)}}","type":"view","occurredAt":"2026-05-01T10:00:00Z"}""");

        Assert.Equal("learnerId", rejection?.Field);
    }

    [Fact]
    public void TryParse_PropertiesOver4KB_IsRejected()
    {
        var (_, rejection) = Parse($$$"""{"eventId":"e","learnerId":"u","type":"view","occurredAt":"2026-05-01T10:00:00Z","properties":{"p":"{{{new string('a', 4100)}}}"}}""");

        Assert.Equal("properties", rejection?.Field);
    }

    [Fact]
    public void TryParse_FourMinutesAhead_IsAcceptedAsClockSkew()
    {
        var (e, rejection) = Parse("""{"eventId":"e","learnerId":"u","type":"view","occurredAt":"2026-06-01T12:04:00Z"}""");

        Assert.Null(rejection);
        Assert.NotNull(e);
    }

    [Fact]
    public void TryParse_NotAnObject_IsRejectedAsRecord()
    {
        var (_, rejection) = Parse("[1,2]");

        Assert.Equal("(record)", rejection?.Field);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
