using System.Text;
using System.Text.Json;
using OpsConsole.Catalog;
using OpsConsole.Experiments;
using OpsConsole.Ingestion;
using OpsConsole.Segments;
using OpsConsole.Support;

namespace OpsConsole.Tests.Fuzzing;

/// <summary>The inputs the fuzzers found that broke a parser, kept as plain examples.</summary>
public sealed class FuzzRegressionTests
{
    private static readonly EventParser Parser = new(new FuzzClock());

    private static (bool Ok, Rejection? Rejection) ParseEvent(string json)
    {
        using var document = JsonDocument.Parse(json);
        var ok = Parser.TryParse(document.RootElement, 4, out _, out var rejection);
        return (ok, rejection);
    }

    [Theory]
    [InlineData("""{"eventId":"e-1","learnerId":"u\uD800","type":"view","occurredAt":"2026-05-01T10:00:00Z"}""", "learnerId")]
    [InlineData("""{"eventId":"e-1","learnerId":"u","type":"view","occurredAt":"2026-05-01T10:00:00Z","itemId":"\uD83D\u0E00"}""", "itemId")]
    [InlineData("""{"eventId":"e-1","learnerId":"u","type":"view","occurredAt":"2026-05-01T10:00:00Z","sessionId":"\uDC00x"}""", "sessionId")]
    public void TryParse_UnpairedSurrogateEscapeInAField_RejectsNamingTheField(string json, string field)
    {
        var (ok, rejection) = ParseEvent(json);

        Assert.False(ok);
        Assert.Equal((4, "e-1", field), (rejection!.Index, rejection.EventId, rejection.Field));
        Assert.Contains("Unicode", rejection.Reason);
    }

    [Fact]
    public void TryParse_UnpairedSurrogateEscapeInProperties_RejectsProperties()
    {
        var (ok, rejection) = ParseEvent("""{"eventId":"e-1","learnerId":"u","type":"view","occurredAt":"2026-05-01T10:00:00Z","properties":{"tags":["ok","\uD800"]}}""");

        Assert.False(ok);
        Assert.Equal("properties", rejection!.Field);
    }

    [Fact]
    public void TryParse_NulCharacterInEventId_RejectsEventId()
    {
        var (ok, rejection) = ParseEvent("""{"eventId":"e\u00001","learnerId":"u","type":"view","occurredAt":"2026-05-01T10:00:00Z"}""");

        Assert.False(ok);
        Assert.Equal(("eventId", "must not contain NUL characters"), (rejection!.Field, rejection.Reason));
    }

    [Fact]
    public void ReadJsonArray_RecordWithUndecodableString_RejectsThatRecordOnly()
    {
        var records = BatchReader.ReadJsonArray(Encoding.UTF8.GetBytes(
            """[{"eventId":"e-1","learnerId":"u","type":"view","occurredAt":"2026-05-01T10:00:00Z"},{"eventId":"e-2","learnerId":"\uD83D\u0E00","type":"view","occurredAt":"2026-05-01T10:00:00Z"}]"""));

        Assert.True(Parser.TryParse(records[0].Json!.Value, 0, out _, out _));
        Assert.False(Parser.TryParse(records[1].Json!.Value, 1, out _, out var rejection));
        Assert.Equal((1, "e-2", "learnerId"), (rejection!.Index, rejection.EventId, rejection.Field));
    }

    [Fact]
    public void CatalogParse_UnpairedSurrogateEscapeInATag_RejectsTags()
    {
        using var document = JsonDocument.Parse("""{"title":"SQL","tags":["sql","\uD800"]}""");

        var (item, rejection) = CatalogRecords.Parse("c-1", document.RootElement, 2);

        Assert.Null(item);
        Assert.Equal((2, "c-1", "tags"), (rejection!.Index, rejection.EventId, rejection.Field));
    }

    [Fact]
    public void CatalogParse_PriceTextWithUnpairedSurrogate_RejectsPrice()
    {
        using var document = JsonDocument.Parse("""{"title":"SQL","price":"1\uD800"}""");

        var (_, rejection) = CatalogRecords.Parse("c-1", document.RootElement, 0);

        Assert.Equal("price", rejection!.Field);
    }

    [Theory]
    [InlineData("""{"match":"all"}""")]
    [InlineData("""{"conditions":null,"groups":null}""")]
    [InlineData("""{"match":"any","conditions":[],"groups":[{"match":"all"}]}""")]
    public void FromJson_MissingOrNullLists_ReadsThemAsEmpty(string json)
    {
        var rule = SegmentRule.FromJson(json);

        SegmentRuleValidator.Validate(rule);
        Assert.True(rule.IsEmpty);
    }

    [Theory]
    [InlineData("""{"match":"all","conditions":[null],"groups":[]}""", "conditions[0]")]
    [InlineData("""{"match":"all","conditions":[],"groups":[{"conditions":[]},null]}""", "groups[1]")]
    [InlineData("""{"match":"all","conditions":[],"groups":[{"conditions":[{"kind":"channel","value":"app"},null]}]}""", "groups[0].conditions[1]")]
    public void FromJson_NullEntry_NamesTheEntry(string json, string path)
    {
        var e = Assert.Throws<SegmentRuleException>(() => SegmentRule.FromJson(json));

        Assert.Equal(path, e.Path);
    }

    [Theory]
    [InlineData("""{"match":7,"conditions":[],"groups":[]}""", "match")]
    [InlineData("""{"match":"all","conditions":[{"kind":"netSpend","number":5,"compare":9}],"groups":[]}""", "conditions[0].compare")]
    public void Validate_UndefinedEnumNumber_NamesThePart(string json, string path)
    {
        var e = Assert.Throws<SegmentRuleException>(() => SegmentRuleValidator.Validate(SegmentRule.FromJson(json)));

        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void FromJson_UnpairedSurrogateInText_ThrowsSegmentRuleException()
    {
        var e = Assert.Throws<SegmentRuleException>(() => SegmentRule.FromJson("{\"match\":\"all\",\"conditions\":[{\"kind\":\"channel\",\"value\":\"a\uD800\"}]}"));

        Assert.Equal("definition", e.Path);
    }

    [Fact]
    public void ArmActionOf_NoteWithUnpairedSurrogateEscape_ReadsNoAction()
    {
        Assert.Null(ArmAction.Of("""{"action":"renewal_reminder","note":"\uD800"}"""));
        Assert.Null(ArmAction.Of("{\"action\":\"renewal_reminder\",\"note\":\"\uDE85\"}"));
    }

    [Fact]
    public void Validate_VariantPayloadWithUnpairedSurrogate_NamesThePayload()
    {
        var draft = new ExperimentDraft("nudge", "Nudge", "", null, null, new MetricSpec(ExperimentMetric.PurchaseConversion), [], 0.05,
            [new VariantDraft("control", "Control", 0.5, null, 0m, true), new VariantDraft("b", "B", 0.5, "{\"copy\":\"\uDF55\"}", 0m, false)]);

        var errors = ExperimentRules.Validate(draft);

        Assert.Equal("variants[1].payload", Assert.Single(errors).Field);
    }

    [Fact]
    public void RoutingRuleSetParse_TextWithUnpairedSurrogate_ReturnsAnErrorInsteadOfThrowing()
    {
        var (rules, errors) = RoutingRuleSet.Parse("{\"rules\":[{\"name\":\"r\uD800\",\"conditions\":[],\"action\":{\"routeTo\":\"senior\"}}]}");

        Assert.Null(rules);
        Assert.Equal("is not valid Unicode text", Assert.Single(errors).Message);
    }

    [Fact]
    public void RoutingRuleSetParse_UnknownPropertyNamedWithAnApostrophe_NamesItAsUnknown()
    {
        var (rules, errors) = RoutingRuleSet.Parse("""{"rules":[],"manager's note":"x"}""");

        Assert.Null(rules);
        var error = Assert.Single(errors);
        Assert.Equal("is not a known property", error.Message);
        Assert.Contains("manager's note", error.Path);
    }
}
