using System.Text.RegularExpressions;
using CsCheck;
using OpsConsole.Experiments;

namespace OpsConsole.Tests.Fuzzing;

/// <summary>Experiment drafts (keys, metrics, weights, variant payloads) and metric codes on hostile input.</summary>
public sealed partial class ExperimentFuzzTests
{
    private static readonly Gen<double> OddDouble = Gen.Frequency(
        (3, Gen.Double[0, 1]),
        (1, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.Epsilon, -0.0, 0, -1, 1e-300)),
        (1, Gen.Double));

    private static readonly Gen<string?> Payloads = Gen.Frequency(
        (2, Gen.OneOf<string?>(null, "", "  ", "{}", """{"discount":0.2}""", """{"action":"renewal_reminder","note":"Hi"}""",
            """{"action":"renewal_reminder","note":5}""", """{"action":7}""", "[]", "null")),
        (3, Hostile.JsonValue.Select(s => (string?)s)),
        (2, Hostile.Mutated(Gen.OneOf("""{"action":"renewal_reminder","note":"Renew now"}""", """{"discount":0.2,"copy":"学习"}""")).Select(b => (string?)System.Text.Encoding.UTF8.GetString(b))),
        (1, Gen.Select(Hostile.Text, Hostile.JsonValue).Select((note, extra) => (string?)$$"""{"action":"renewal_reminder","note":{{Hostile.Quote(note)}},"x":{{extra}}}""")),
        (1, Hostile.Text.Select(s => (string?)s)),
        (1, Hostile.DeepNesting.Select(s => (string?)s)));

    private static readonly Gen<VariantDraft> Variants =
        Gen.Select(Gen.Frequency((2, Gen.OneOf("control", "treatment", "b")), (1, Hostile.Text)), Hostile.Text, OddDouble, Payloads,
                Gen.OneOf(0m, 1.5m, -1m, decimal.MaxValue), Gen.Bool)
            .Select((key, name, weight, payload, cost, control) => new VariantDraft(key, name, weight, payload, cost, control));

    private static readonly Gen<MetricSpec> Metrics = Gen.Select(Gen.Int[-1, 5], Gen.Int[-5, 400].Nullable(0.3))
        .Select((m, day) => new MetricSpec((ExperimentMetric)m, day));

    private static readonly Gen<ExperimentDraft> Drafts =
        Gen.Select(Gen.Frequency((1, Gen.OneOf("renewal-nudge", "a")), (2, Hostile.Text)), Hostile.Text, Hostile.Text, Hostile.Text.Null(0.5), Metrics,
                Metrics.Array[0, 4], OddDouble, Variants.Array[0, 8].Null(0.05))
            .Select((key, name, hypothesis, seed, primary, guardrails, mde, variants) =>
                new ExperimentDraft(key, name, hypothesis, null, seed, primary, guardrails, mde, variants!));

    [GeneratedRegex(@"^(key|name|hypothesis|seed|primaryMetric|guardrailMetrics|minimumDetectableEffect|variants|variants\[(\d+)\]\.(key|name|weight|payload|costPerLearner))$")]
    private static partial Regex DraftField();

    [Fact]
    public void Validate_HostileDrafts_ListsProblemsByFieldWithoutThrowing()
    {
        Fuzz.Run(Drafts, draft =>
        {
            var errors = ExperimentRules.Validate(draft);
            foreach (var error in errors)
            {
                var match = DraftField().Match(error.Field);
                Assert.True(match.Success, $"'{error.Field}' is not a field of the draft");
                if (match.Groups[2].Success)
                {
                    Assert.InRange(int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 0, draft.Variants.Count - 1);
                }
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
            }
        }, iterations: 3_000, stream: 31, print: d => $"{d} variants: {string.Join(" | ", d.Variants ?? [])}");
    }

    [Fact]
    public void ArmActionOf_HostilePayloads_ReadsAnActionOrNone()
    {
        Fuzz.Run(Payloads, payload =>
        {
            var action = ArmAction.Of(payload);
            if (action is not null)
            {
                Assert.NotNull(action.Action);
            }
        }, iterations: 3_000, stream: 32);
    }

    [Fact]
    public void Validate_WellFormedDrafts_HaveNoProblemsAndKeepTheirPayloads()
    {
        var wellFormed = Gen.Select(Gen.Int[2, 6], Gen.String[Gen.Char["abc123"], 1, 10], Gen.Double[0.01, 1], Gen.Int[1, 365])
            .Select((arms, key, mde, day) => new ExperimentDraft(key, "Name " + key, "", null, null, new MetricSpec(ExperimentMetric.RetentionDayN, day),
                [new MetricSpec(ExperimentMetric.PurchaseConversion)], mde,
                [.. Enumerable.Range(0, arms).Select(i => new VariantDraft(i == 0 ? "control" : $"arm-{i}", $"Arm {i}", 1.0 / arms,
                    i == 0 ? null : $$"""{"action":"renewal_reminder","note":"Note {{i}} 学习"}""", 0m, i == 0))]));
        Fuzz.Run(wellFormed, draft =>
        {
            Assert.Empty(ExperimentRules.Validate(draft));
            foreach (var variant in draft.Variants.Skip(1))
            {
                Assert.Equal(ArmAction.RenewalReminder, ArmAction.Of(variant.Payload)!.Action);
            }
        }, iterations: 1_000, stream: 33);
    }

    [Fact]
    public void MetricSpecTryParse_HostileCodes_ParsesOnlyCodesThatRoundTrip()
    {
        Fuzz.Run(Gen.Frequency((3, Hostile.Text), (1, Gen.Int.Select(i => $"retention_d{i}"))), code =>
        {
            if (MetricSpec.TryParse(code, out var spec))
            {
                Assert.True(MetricSpec.TryParse(spec.Code, out var again));
                Assert.Equal(spec, again);
            }
            Assert.All(MetricSpec.ParseList(code), m => Assert.True(Enum.IsDefined(m.Metric)));
        }, iterations: 3_000, stream: 34);
    }
}
