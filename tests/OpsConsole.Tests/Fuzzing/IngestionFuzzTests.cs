using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using OpsConsole.Ingestion;

namespace OpsConsole.Tests.Fuzzing;

/// <summary>
/// The event inlet (JSON array, NDJSON from the API or a file, CSV from a file) on random, damaged and hostile input:
/// each body is read or refused as malformed, each record is stored or rejected naming its index and field, nothing throws.
/// </summary>
public sealed class IngestionFuzzTests
{
    private static readonly EventParser Parser = new(new FuzzClock());

    private static readonly HashSet<string> EventFields =
        ["(record)", "eventId", "learnerId", "type", "occurredAt", "itemId", "sessionId", "amount", "currency", "properties"];

    private static readonly string[] Types = [.. EventTypes.Names];

    /// <summary>Ids as senders make them: mostly plain, some with spaces, quotes, commas, non-Latin letters and emoji.</summary>
    private static Gen<string> Id(int max) => Gen.Frequency(
        (3, Gen.String[Gen.Char.AlphaNumeric, 1, max]),
        (1, Gen.OneOf("a", "b", "c", "-", "_", " ", ",", "\"", "'", "é", "学", "习", "😀", "\t").Array[1, max / 2].Select(string.Concat)
            .Where(s => !string.IsNullOrWhiteSpace(s) && s.Length <= max)));

    public sealed record ValidEvent(string EventId, string LearnerId, string Type, DateTimeOffset OccurredAt, string? ItemId, string? SessionId,
        decimal Amount, string Currency, string? Properties)
    {
        public string ToJson()
        {
            var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("eventId", EventId);
                w.WriteString("learnerId", LearnerId);
                w.WriteString("type", Type);
                w.WriteString("occurredAt", OccurredAt.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
                if (ItemId is not null) w.WriteString("itemId", ItemId);
                if (SessionId is not null) w.WriteString("sessionId", SessionId);
                w.WriteNumber("amount", Amount);
                w.WriteString("currency", Currency);
                if (Properties is not null)
                {
                    w.WritePropertyName("properties");
                    w.WriteRawValue(Properties);
                }
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    private static readonly Gen<string?> PropertyObjects =
        Gen.OneOf<string?>(null, "{}", """{"coupon":"SPRING","n":1.5}""", """{"nested":{"a":[1,2,{"b":null}]}}""");

    public static readonly Gen<ValidEvent> Events =
        Gen.Select(Id(BehaviorEvent.EventIdMaxLength), Id(64), Gen.OneOf(Types), Gen.Long[0, 3_000_000_000_000L], Gen.Int[-14 * 4, 14 * 4],
            Id(64).Null(0.3), Id(BehaviorEvent.SessionIdMaxLength).Null(0.3), Gen.Long[0, 100_000_000L],
            Gen.OneOf("CNY", "USD", "EUR"), PropertyObjects,
            (id, learner, type, millisecondsAgo, quarterHours, item, session, cents, currency, properties) => new ValidEvent(
                id, learner, type,
                new DateTimeOffset(FuzzClock.Now.UtcDateTime.AddMilliseconds(-millisecondsAgo), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(quarterHours * 15)),
                item, session, cents / 100m, currency, properties));

    private static string JsonArray(IEnumerable<ValidEvent> events) => "[" + string.Join(",", events.Select(e => e.ToJson())) + "]";

    private static string Ndjson(IEnumerable<ValidEvent> events, string newline) => string.Join(newline, events.Select(e => e.ToJson()));

    /// <summary>Bodies: valid batches, the same damaged, random bytes, deep nesting, and arrays of hostile values.</summary>
    private static readonly Gen<byte[]> Bodies = Gen.Frequency(
        (4, Hostile.Mutated(Events.Array[1, 6].Select(JsonArray))),
        (3, Hostile.Mutated(Gen.Select(Events.Array[1, 6], Gen.OneOf("\n", "\r\n", "\n\n")).Select(Ndjson))),
        (2, Hostile.Bytes),
        (1, Hostile.DeepNesting.Select(Encoding.UTF8.GetBytes)),
        (2, Hostile.JsonValue.Array[0, 5].Select(a => Encoding.UTF8.GetBytes("[" + string.Join(",", a) + "]"))),
        (2, Hostile.JsonValue.Array[0, 5].Select(a => Encoding.UTF8.GetBytes(string.Join("\n", a)))));

    /// <summary>A valid event with one field replaced by a hostile value, removed, or repeated: the rejection must name that field.</summary>
    private static readonly Gen<(ValidEvent Event, string Field, string? Value)> BrokenField =
        Gen.Select(Events, Gen.OneOf("eventId", "learnerId", "type", "occurredAt", "itemId", "sessionId", "amount", "currency", "properties"),
            Hostile.JsonValue.Null(0.15));

    private static void AssertRecordOutcome(IncomingRecord record, int count)
    {
        Assert.InRange(record.Index, 0, count - 1);
        if (record.Json is not { } json)
        {
            Assert.False(string.IsNullOrEmpty(record.ParseError));
            return;
        }
        if (Parser.TryParse(json, record.Index, out var parsed, out var rejection))
        {
            Assert.NotNull(parsed);
            Assert.False(string.IsNullOrWhiteSpace(parsed.EventId));
            Assert.False(string.IsNullOrEmpty(parsed.LearnerId));
            Assert.Equal(DateTimeKind.Utc, parsed.OccurredAt.Kind);
            return;
        }
        Assert.NotNull(rejection);
        Assert.Equal(record.Index, rejection.Index);
        Assert.Contains(rejection.Field, EventFields);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Reason));
        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String && rejection.Field != "eventId")
        {
            Assert.Equal(id.GetString(), rejection.EventId);
        }
    }

    [Fact]
    public void ReadJsonArray_HostileBodies_ReadsOrRefusesAsMalformedAndNamesEachRejectedField()
    {
        Fuzz.Run(Bodies, body =>
        {
            IReadOnlyList<IncomingRecord> records;
            try
            {
                records = BatchReader.ReadJsonArray(body);
            }
            catch (MalformedBatchException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                return;
            }
            Assert.Equal(Enumerable.Range(0, records.Count), records.Select(r => r.Index));
            foreach (var record in records)
            {
                AssertRecordOutcome(record, records.Count);
            }
        }, iterations: 3_000, stream: 1);
    }

    [Fact]
    public void ReadNdjson_HostileBytes_JudgesEachLineOnItsOwn()
    {
        Fuzz.Run(Bodies, body =>
        {
            var records = BatchReader.ReadNdjson(body);
            Assert.Equal(Enumerable.Range(0, records.Count), records.Select(r => r.Index));
            var lines = body.Count(b => b == (byte)'\n') + 1;
            Assert.True(records.Count <= lines, $"{records.Count} records from {lines} lines");
            foreach (var record in records)
            {
                AssertRecordOutcome(record, records.Count);
            }
        }, iterations: 3_000, stream: 2);
    }

    [Fact]
    public void ReadNdjson_HostileFile_JudgesEachLineOnItsOwn()
    {
        Fuzz.Run(Bodies, body =>
        {
            using var reader = new StreamReader(new MemoryStream(body), Encoding.UTF8);
            var records = BatchReader.ReadNdjson(reader).ToList();
            Assert.Equal(Enumerable.Range(0, records.Count), records.Select(r => r.Index));
            foreach (var record in records)
            {
                AssertRecordOutcome(record, records.Count);
            }
        }, iterations: 2_000, stream: 3);
    }

    /// <summary>CSV as exported by spreadsheets: quoted fields, stray quotes, ragged rows, CRLF, BOM, and binary junk.</summary>
    private static readonly Gen<byte[]> CsvFiles = Gen.Frequency(
        (4, Hostile.Mutated(Events.Array[1, 6].Select(Csv))),
        (2, Hostile.Bytes),
        (2, Gen.String[Gen.Char["ab,\"\r\n {}:1é"], 0, 200].Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Select(Gen.Int[1, 20_000], Gen.OneOf("\"", ",", "\n")).Select((n, s) => Encoding.UTF8.GetBytes("eventId,learnerId\n" + string.Concat(Enumerable.Repeat(s, n))))));

    private static string CsvField(string? value) => value is null ? "" : "\"" + value.Replace("\"", "\"\"") + "\"";

    private static string Csv(IEnumerable<ValidEvent> events) =>
        "eventId,learnerId,type,occurredAt,itemId,sessionId,amount,currency,properties\r\n" + string.Join("\r\n", events.Select(e => string.Join(",",
            CsvField(e.EventId), CsvField(e.LearnerId), e.Type, e.OccurredAt.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            CsvField(e.ItemId), CsvField(e.SessionId), e.Amount.ToString(CultureInfo.InvariantCulture), e.Currency, CsvField(e.Properties))));

    [Fact]
    public void CsvRead_HostileFiles_TurnsEveryRowIntoARecordOrAMalformedRow()
    {
        Fuzz.Run(CsvFiles, file =>
        {
            using var reader = new StreamReader(new MemoryStream(file), Encoding.UTF8);
            var records = CsvRecords.Read(reader).ToList();
            Assert.Equal(Enumerable.Range(0, records.Count), records.Select(r => r.Index));
            foreach (var record in records)
            {
                if (record.Json is { } json)
                {
                    Assert.Equal(JsonValueKind.Object, json.ValueKind);
                }
                AssertRecordOutcome(record, records.Count);
            }
        }, iterations: 2_000, stream: 4);
    }

    [Fact]
    public void TryParse_OneFieldBroken_AcceptsOrRejectsNamingThatField()
    {
        Fuzz.Run(BrokenField, t =>
        {
            var (valid, field, value) = t;
            using var original = JsonDocument.Parse(valid.ToJson());
            var text = "{" + string.Join(",", original.RootElement.EnumerateObject().Where(p => p.Name != field).Select(p => Hostile.Quote(p.Name) + ":" + p.Value.GetRawText())
                .Append(value is null ? "" : Hostile.Quote(field) + ":" + value).Where(p => p.Length > 0)) + "}";
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                // NaN and the like are not JSON: the whole body is refused before any field is read (see ReadJsonArray).
                return;
            }
            using var owned = document;
            if (!Parser.TryParse(document.RootElement, 7, out _, out var rejection))
            {
                Assert.Equal(7, rejection!.Index);
                Assert.Equal(field, rejection.Field);
                Assert.Equal(field == "eventId" ? rejection.EventId : valid.EventId, rejection.EventId);
            }
        }, iterations: 4_000, stream: 5, print: t => $"{t.Field} = {t.Value}");
    }

    [Fact]
    public void TryParse_ValidEventsAsJsonNdjsonAndCsv_RoundTripEveryField()
    {
        Fuzz.Run(Events.Array[1, 5], events =>
        {
            var fromArray = BatchReader.ReadJsonArray(Encoding.UTF8.GetBytes(JsonArray(events)));
            var fromNdjson = BatchReader.ReadNdjson(Encoding.UTF8.GetBytes(Ndjson(events, "\r\n")));
            var fromCsv = CsvRecords.Read(new StringReader(Csv(events))).ToList();
            foreach (var records in new[] { fromArray, fromNdjson, fromCsv })
            {
                Assert.Equal(events.Length, records.Count);
                for (var i = 0; i < events.Length; i++)
                {
                    var e = events[i];
                    Assert.True(Parser.TryParse(records[i].Json!.Value, i, out var parsed, out var rejection), rejection?.ToString());
                    Assert.Equal((e.EventId, e.LearnerId, e.Type, e.OccurredAt.UtcDateTime, e.ItemId, e.SessionId, e.Amount, e.Currency),
                        (parsed!.EventId, parsed.LearnerId, parsed.Type.ToWireName(), parsed.OccurredAt, parsed.ItemId, parsed.SessionId, parsed.Amount!.Value, parsed.Currency));
                    Assert.Equal(e.Properties is null ? null : JsonSerializer.Serialize(JsonDocument.Parse(e.Properties)), parsed.Properties is null ? null : JsonSerializer.Serialize(JsonDocument.Parse(parsed.Properties)));
                }
            }
        }, iterations: 1_000, stream: 6);
    }
}
