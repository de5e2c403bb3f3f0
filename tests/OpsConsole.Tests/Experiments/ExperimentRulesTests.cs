using OpsConsole.Experiments;

namespace OpsConsole.Tests.Experiments;

public sealed class ExperimentRulesTests
{
    private static readonly VariantDraft Control = new("control", "Control", 0.5, "{}", 0m, true);
    private static readonly VariantDraft Treatment = new("coupon", "20% coupon", 0.5, """{"discount":0.2}""", 12.5m, false);

    private static readonly ExperimentDraft Good = new("renewal-coupon", "Renewal coupon", "A coupon keeps lapsing members.", null, null,
        new MetricSpec(ExperimentMetric.RetentionDayN, 30), [new MetricSpec(ExperimentMetric.RevenuePerLearner)], 0.05, [Control, Treatment]);

    private static string[] Fields(IReadOnlyList<ExperimentFieldError> errors) => [.. errors.Select(e => e.Field)];

    private static ExperimentDraft WithVariants(params VariantDraft[] variants) => Good with { Variants = variants };

    [Fact]
    public void Validate_CompleteDraft_HasNoErrors()
    {
        Assert.Empty(ExperimentRules.Validate(Good));
        Assert.Empty(ExperimentRules.Validate(WithVariants(Control with { Weight = 0.3333 }, Treatment with { Weight = 0.3333 }, Treatment with { Key = "gift", Weight = 0.3333 })));
        Assert.Empty(ExperimentRules.Validate(WithVariants(Control, Treatment with { Payload = "  " })));
        Assert.Empty(ExperimentRules.Validate(WithVariants(Control, Treatment with { Payload = """{"action":"renewal_reminder","note":"Renew by Friday"}""" })));
        Assert.Empty(ExperimentRules.Validate(WithVariants(Control with { Payload = """{"action":"show_banner"}""" }, Treatment)));
    }

    public static TheoryData<string, ExperimentDraft> OneBadField => new()
    {
        { "key", Good with { Key = "" } },
        { "key", Good with { Key = "Renewal-Coupon" } },
        { "key", Good with { Key = "renewal--coupon" } },
        { "key", Good with { Key = "renewal coupon" } },
        { "key", Good with { Key = "-renewal" } },
        { "key", Good with { Key = new string('k', Experiment.KeyMaxLength + 1) } },
        { "name", Good with { Name = "  " } },
        { "name", Good with { Name = new string('n', Experiment.NameMaxLength + 1) } },
        { "hypothesis", Good with { Hypothesis = new string('h', Experiment.HypothesisMaxLength + 1) } },
        { "seed", Good with { Seed = new string('s', Experiment.SeedMaxLength + 1) } },
        { "primaryMetric", Good with { PrimaryMetric = new MetricSpec(ExperimentMetric.RetentionDayN) } },
        { "primaryMetric", Good with { PrimaryMetric = new MetricSpec(ExperimentMetric.RetentionDayN, 0) } },
        { "guardrailMetrics", Good with { GuardrailMetrics = [new MetricSpec(ExperimentMetric.RetentionDayN, 30)] } },
        { "minimumDetectableEffect", Good with { MinimumDetectableEffect = 0 } },
        { "minimumDetectableEffect", Good with { MinimumDetectableEffect = 1.5 } },
        { "variants", WithVariants(Control with { Weight = 1 }) },
        { "variants", WithVariants([.. Enumerable.Range(0, 7).Select(i => Treatment with { Key = $"t-{i}", Weight = 1 / 7d, IsControl = i == 0 })]) },
        { "variants", WithVariants(Control, Treatment with { IsControl = true }) },
        { "variants", WithVariants(Control with { IsControl = false }, Treatment) },
        { "variants", WithVariants(Control with { Weight = 0.5 }, Treatment with { Weight = 0.6 }) },
        { "variants[1].key", WithVariants(Control, Treatment with { Key = "Coupon!" }) },
        { "variants[1].key", WithVariants(Control, Treatment with { Key = "control" }) },
        { "variants[1].name", WithVariants(Control, Treatment with { Name = "" }) },
        { "variants[1].payload", WithVariants(Control, Treatment with { Payload = "{\"discount\":" }) },
        { "variants[1].payload", WithVariants(Control, Treatment with { Payload = "[1, 2]" }) },
        { "variants[1].payload", WithVariants(Control, Treatment with { Payload = "\"text\"" }) },
        { "variants[1].costPerLearner", WithVariants(Control, Treatment with { CostPerLearner = -0.01m }) },
        { "variants[0].payload", WithVariants(Control with { Payload = """{"action":"renewal_reminder"}""" }, Treatment) },
        { "variants[1].payload", WithVariants(Control, Treatment with { Payload = """{"action":"renewal_reminder","note":3}""" }) },
        { "variants[1].payload", WithVariants(Control, Treatment with { Payload = $$"""{"action":"renewal_reminder","note":"{{new string('n', 501)}}"}""" }) },
    };

    [Theory, MemberData(nameof(OneBadField))]
    public void Validate_DraftWithOneBadField_NamesThatField(string field, ExperimentDraft draft) =>
        Assert.Equal([field], Fields(ExperimentRules.Validate(draft)));

    [Fact]
    public void Validate_NonPositiveWeight_NamesTheWeightAndNotTheSum()
    {
        var errors = ExperimentRules.Validate(WithVariants(Control with { Weight = 1 }, Treatment with { Weight = 0 }));

        Assert.Equal(["variants[1].weight"], Fields(errors));
    }

    [Fact]
    public void Validate_WeightsOffByRounding_AreAcceptedWithinATenthOfAPercent()
    {
        Assert.Empty(ExperimentRules.Validate(WithVariants(Control with { Weight = 0.4995 }, Treatment with { Weight = 0.5 })));
        Assert.Contains("sum to 0.998", ExperimentRules.Validate(WithVariants(Control with { Weight = 0.498 }, Treatment with { Weight = 0.5 })).Single().Message);
    }

    [Fact]
    public void Validate_EverythingWrong_NamesEveryField()
    {
        var draft = new ExperimentDraft("X", "", "", null, null, new MetricSpec(ExperimentMetric.RetentionDayN), [], -1, [Treatment with { Name = "", CostPerLearner = -1, Weight = 1 }]);

        Assert.Equal(["key", "name", "primaryMetric", "minimumDetectableEffect", "variants", "variants", "variants[0].name", "variants[0].costPerLearner"],
            Fields(ExperimentRules.Validate(draft)));
    }

    private static readonly ExperimentVariant[] Arms =
    [
        new() { Key = "control", Name = "Control", IsControl = true },
        new() { Key = "coupon", Name = "Coupon" },
    ];

    [Fact]
    public void ValidateStop_DecisionAndReason_AreRequired()
    {
        Assert.Equal(["decision", "reason"], Fields(ExperimentRules.Validate(new StopRequest(null, null, " "), Arms)));
        Assert.Empty(ExperimentRules.Validate(new StopRequest(ExperimentDecision.KeepControl, null, "No lift after four weeks."), Arms));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("control")]
    [InlineData("gift")]
    public void ValidateStop_ShipWithoutATreatment_NamesTheShippedVariant(string? shipped) =>
        Assert.Equal(["shippedVariant"], Fields(ExperimentRules.Validate(new StopRequest(ExperimentDecision.ShipVariant, shipped, "Won."), Arms)));

    [Theory]
    [InlineData("retention_d7", ExperimentMetric.RetentionDayN, 7)]
    [InlineData("retention_d365", ExperimentMetric.RetentionDayN, 365)]
    [InlineData("membership_renewal", ExperimentMetric.MembershipRenewal, null)]
    [InlineData("purchase_conversion", ExperimentMetric.PurchaseConversion, null)]
    [InlineData("revenue_per_learner", ExperimentMetric.RevenuePerLearner, null)]
    public void MetricSpec_Code_RoundTrips(string code, ExperimentMetric metric, int? day)
    {
        Assert.True(MetricSpec.TryParse(code, out var spec));
        Assert.Equal(new MetricSpec(metric, day), spec);
        Assert.Equal(code, spec.Code);
    }

    [Theory]
    [InlineData("retention_d0")]
    [InlineData("retention_d366")]
    [InlineData("retention_dx")]
    [InlineData("retention")]
    [InlineData("churn")]
    public void MetricSpec_UnknownCode_DoesNotParse(string code) => Assert.False(MetricSpec.TryParse(code, out _));
}
