using System.Text;
using CsCheck;
using OpsConsole.Ingestion;
using OpsConsole.Profiles;
using OpsConsole.Segments;

namespace OpsConsole.Tests.Fuzzing;

/// <summary>Segment definitions (stored or uploaded JSON) and static segment lists (uploaded CSV) on hostile input.</summary>
public sealed class SegmentFuzzTests
{
    private static readonly Gen<SegmentCondition> ValidCondition = Gen.OneOf(
        Gen.Enum<LifecycleStage>().Select(v => new SegmentCondition(ConditionKind.Lifecycle, v.ToString())),
        Gen.Enum<RfmSegment>().Select(v => new SegmentCondition(ConditionKind.Rfm, v.ToString().ToLowerInvariant())),
        Gen.Enum<MembershipState>().Select(v => new SegmentCondition(ConditionKind.Membership, v.ToString())),
        Gen.String[Gen.Char.AlphaNumeric, 1, 32].Select(v => new SegmentCondition(ConditionKind.Channel, v)),
        Gen.Int[1, 100].Select(n => new SegmentCondition(ConditionKind.Persona, Number: n)),
        Gen.Select(Gen.Double[0, 1e9], Gen.Enum<Comparison>()).Select((n, c) => new SegmentCondition(ConditionKind.NetSpend, Number: n, Compare: c)),
        Gen.Int[0, 30].Select(n => new SegmentCondition(ConditionKind.ActiveDays30, Number: n)),
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 48], Gen.Double[0, 1]).Select((tag, share) => new SegmentCondition(ConditionKind.Interest, tag, share)),
        Gen.Select(Gen.OneOf([.. EventTypes.Names]), Gen.Int[1, 100_000], Gen.Int[1, 3650]).Select((t, count, days) => new SegmentCondition(ConditionKind.DidEvent, t, Count: count, Days: days)),
        Gen.Select(Gen.OneOf([.. EventTypes.Names]), Gen.Int[1, 3650].Nullable(0.5), Gen.DateOnly)
            .Select((t, days, since) => days is { } d ? new SegmentCondition(ConditionKind.DidNotEvent, t, Days: d) : new SegmentCondition(ConditionKind.DidNotEvent, t, Since: since)));

    private static readonly Gen<SegmentRule> ValidRule = Gen.Recursive<SegmentRule>((depth, inner) =>
        Gen.Select(Gen.Enum<Match>(), ValidCondition.Array[0, 5], depth >= 2 ? Gen.Const(Array.Empty<SegmentRule>()) : inner.Array[0, 3])
            .Select((match, conditions, groups) => new SegmentRule(match, conditions, groups)));

    /// <summary>Definitions: valid ones damaged, hostile values in every slot, missing or null lists, deep nesting, noise.</summary>
    private static readonly Gen<string> Definitions = Gen.Frequency(
        (4, Hostile.Mutated(ValidRule.Select(r => r.ToJson())).Select(b => Encoding.UTF8.GetString(b))),
        (2, Gen.Select(Hostile.JsonValue, Hostile.JsonValue, Hostile.JsonValue, Hostile.JsonValue).Select((kind, value, number, days) =>
            $$"""{"match":"all","conditions":[{"kind":{{kind}},"value":{{value}},"number":{{number}},"days":{{days}}}],"groups":[]}""")),
        (2, Gen.Select(Hostile.JsonValue, Hostile.JsonValue, Hostile.JsonValue).Select((match, conditions, groups) =>
            $$"""{"match":{{match}},"conditions":{{conditions}},"groups":{{groups}}}""")),
        (1, Gen.OneOf("""{"match":"all"}""", """{"conditions":null,"groups":null}""", """{"match":"any","conditions":[null],"groups":[null]}""",
            """{"match":"all","conditions":[],"groups":[{"match":"any"}]}""", "null", "{}", "[]")),
        (1, Hostile.DeepNesting),
        (1, Hostile.Text));

    [Fact]
    public void FromJsonThenValidate_HostileDefinitions_AcceptOrNameThePartAtFault()
    {
        Fuzz.Run(Definitions, json =>
        {
            try
            {
                var rule = SegmentRule.FromJson(json);
                SegmentRuleValidator.Validate(rule);
                Assert.NotNull(rule.Conditions);
                Assert.NotNull(rule.Groups);
                _ = rule.IsEmpty;
            }
            catch (SegmentRuleException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Path));
                Assert.False(string.IsNullOrWhiteSpace(e.Reason));
            }
        }, iterations: 4_000, stream: 21);
    }

    [Fact]
    public void FromJson_ValidRules_RoundTripAndValidate()
    {
        Fuzz.Run(ValidRule, rule =>
        {
            SegmentRuleValidator.Validate(rule);
            var json = rule.ToJson();
            var again = SegmentRule.FromJson(json);
            SegmentRuleValidator.Validate(again);
            Assert.Equal(json, again.ToJson());
        }, iterations: 2_000, stream: 22);
    }

    private static readonly Gen<byte[]> IdLists = Gen.Frequency(
        (3, Hostile.Mutated(Gen.Select(Gen.OneOf("learner_id", "id", "learnerId", "email"), Gen.String[Gen.Char.AlphaNumeric, 1, 70].Array[0, 30], Gen.OneOf("\n", "\r\n", ",\n"))
            .Select((header, ids, newline) => header + newline + string.Join(newline, ids)))),
        (2, Hostile.Bytes),
        (1, Gen.String[Gen.Char["a1,\"\r\n \t"], 0, 300].Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Int[65, 20_000].Select(n => Encoding.UTF8.GetBytes("id\n" + new string('z', n)))));

    [Fact]
    public void ReadIds_HostileUploads_ReadsDistinctIdsOrNamesTheFile()
    {
        Fuzz.Run(IdLists, file =>
        {
            using var reader = new StreamReader(new MemoryStream(file), Encoding.UTF8);
            try
            {
                var ids = SegmentService.ReadIds(reader, out var repeated);
                Assert.True(repeated >= 0);
                Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
                Assert.All(ids, id => Assert.InRange(id.Length, 1, OpsConsole.Learners.Learner.IdMaxLength));
                Assert.All(ids, id => Assert.Equal(id.Trim(), id));
            }
            catch (SegmentRequestException e)
            {
                Assert.Equal("file", e.Field);
            }
        }, iterations: 2_000, stream: 23);
    }
}
