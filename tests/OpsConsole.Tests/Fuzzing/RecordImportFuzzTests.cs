using System.Text;
using System.Text.Json;
using CsCheck;
using OpsConsole.Catalog;
using OpsConsole.Ingestion;
using OpsConsole.Learners;

namespace OpsConsole.Tests.Fuzzing;

/// <summary>Learner and catalogue records (PUT bodies and import files) with hostile values in every field.</summary>
public sealed class RecordImportFuzzTests
{
    private static readonly string[] LearnerFields = ["signupAt", "channel", "region", "device", "locale", "tier", "name", "email", "phone"];
    private static readonly string[] CatalogFields = ["title", "kind", "level", "price", "currency", "topic", "instructor", "tags", "publishedAt", "retiredAt"];

    private const string ValidLearner = """{"signupAt":"2026-01-02T03:04:05+08:00","channel":"app","region":"cn-east","device":"ios","locale":"zh-CN","tier":"annual","name":"李雷","email":"li@example.com","phone":"+86 138-0000-0000"}""";
    private const string ValidItem = """{"title":"Intro to SQL","kind":"live_class","level":"advanced","price":"199.00","currency":"CNY","topic":"Data","instructor":"Han","tags":["sql","db"],"publishedAt":"2026-01-01T00:00:00Z","retiredAt":null}""";

    private static string Replace(string valid, string field, string? value)
    {
        using var document = JsonDocument.Parse(valid);
        return "{" + string.Join(",", document.RootElement.EnumerateObject().Where(p => p.Name != field).Select(p => Hostile.Quote(p.Name) + ":" + p.Value.GetRawText())
            .Concat(value is null ? [] : [Hostile.Quote(field) + ":" + value])) + "}";
    }

    private static Gen<(string Id, string Field, string? Value)> Broken(string[] fields) =>
        Gen.Select(Hostile.Text, Gen.OneOf(fields), Hostile.JsonValue.Null(0.15));

    private static void Check<T>(Func<string?, JsonElement, int, (T?, Rejection?)> parse, string valid, string[] fields, uint stream) where T : class =>
        Fuzz.Run(Broken(fields), t =>
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(Replace(valid, t.Field, t.Value));
            }
            catch (JsonException)
            {
                // Not JSON at all (NaN, Infinity): the body is refused before the record is read.
                return;
            }
            using var owned = document;
            var (record, rejection) = parse(t.Id, document.RootElement, 5);
            if (record is not null)
            {
                Assert.Null(rejection);
                return;
            }
            Assert.NotNull(rejection);
            Assert.Equal(5, rejection.Index);
            Assert.Equal(t.Id, rejection.EventId);
            Assert.False(string.IsNullOrWhiteSpace(rejection.Reason));
            Assert.True(rejection.Field == t.Field || rejection.Field == "id", $"rejected {rejection.Field} ({rejection.Reason}) but {t.Field} was the field changed");
        }, iterations: 3_000, stream, t => $"id={t.Id} {t.Field}={t.Value}");

    [Fact]
    public void LearnerParse_OneFieldHostile_AcceptsOrRejectsNamingThatField() =>
        Check<OpsConsole.Learners.Learner>(LearnerRecords.Parse, ValidLearner, LearnerFields, 11);

    [Fact]
    public void CatalogParse_OneFieldHostile_AcceptsOrRejectsNamingThatField() =>
        Check<OpsConsole.Catalog.CatalogItem>(CatalogRecords.Parse, ValidItem, CatalogFields, 12);

    [Fact]
    public void Parse_HostileDocuments_NeverThrow()
    {
        var documents = Gen.Frequency(
            (3, Hostile.Mutated(Gen.OneOf(ValidLearner, ValidItem)).Select(b => Encoding.UTF8.GetString(b))),
            (2, Hostile.JsonValue),
            (1, Hostile.DeepNesting));
        Fuzz.Run(Gen.Select(documents, Hostile.Text.Null(0.1)), t =>
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(t.Item1, new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException)
            {
                return;
            }
            using (document)
            {
                var (learner, learnerRejection) = LearnerRecords.Parse(t.Item2, document.RootElement, 0);
                Assert.True(learner is null != (learnerRejection is null));
                var (item, itemRejection) = CatalogRecords.Parse(t.Item2, document.RootElement, 0);
                Assert.True(item is null != (itemRejection is null));
            }
        }, iterations: 3_000, stream: 13);
    }

    [Fact]
    public void LearnerParse_ValidRecord_RoundTripsItsFields()
    {
        var learners = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 64], Gen.OneOf("app", "web", "小程序"), Gen.OneOf("none", "Monthly", "ANNUAL"),
            Gen.String[Gen.Char.AlphaNumeric, 1, 20], Gen.String[Gen.Char["0123456789 +-()"], 1, 32].Where(p => p.Trim().Length > 0));
        Fuzz.Run(learners, t =>
        {
            var (id, channel, tier, user, phone) = t;
            using var document = JsonDocument.Parse(JsonSerializer.Serialize(new { channel, tier, email = $"{user}@example.com", phone }));
            var (learner, rejection) = LearnerRecords.Parse(id, document.RootElement, 0);
            Assert.Null(rejection);
            Assert.Equal((id, channel, tier.ToLowerInvariant(), $"{user}@example.com", phone.Trim()),
                (learner!.Id, learner.Channel, learner.Tier.ToString().ToLowerInvariant(), learner.Pii!.Email, learner.Pii.Phone));
        }, iterations: 1_000, stream: 14);
    }
}
