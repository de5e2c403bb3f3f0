using System.ComponentModel.DataAnnotations;
using OpsConsole.Retention;

namespace OpsConsole.Tests.ChurnAlerts;

public sealed class ThresholdResolverTests
{
    private const int Vip = 7;
    private const int Trial = 8;

    private static readonly AlertThresholdRule[] Rules =
    [
        new() { Id = 1, Tier = ValueTier.High, Threshold = 0.5, Order = 0 },
        new() { Id = 2, SegmentId = Vip, Threshold = 0.6, Order = 1 },
        new() { Id = 3, SegmentId = Vip, Tier = ValueTier.High, Threshold = 0.3, Order = 2 },
        new() { Id = 4, SegmentId = Trial, Threshold = 0.8, Order = 3 },
    ];

    private static ThresholdChoice Resolve(ValueTier tier, params int[] segments) =>
        new ThresholdResolver(Rules, 0.7).Resolve(tier, segments.Contains);

    [Fact]
    public void Resolve_SegmentAndTierMatch_SegmentAndTierRuleWins() =>
        Assert.Equal(new ThresholdChoice(0.3, 3, Vip), Resolve(ValueTier.High, Vip));

    [Fact]
    public void Resolve_SegmentMatchesTierDoesNot_SegmentRuleBeatsTierRule() =>
        Assert.Equal(new ThresholdChoice(0.6, 2, Vip), Resolve(ValueTier.Low, Vip));

    [Fact]
    public void Resolve_OnlyTierMatches_TierRuleApplies() =>
        Assert.Equal(new ThresholdChoice(0.5, 1, null), Resolve(ValueTier.High));

    [Fact]
    public void Resolve_NothingMatches_ConfiguredDefault() =>
        Assert.Equal(new ThresholdChoice(0.7, null, null), Resolve(ValueTier.Medium));

    [Fact]
    public void Resolve_TwoSegmentRulesMatch_TheLowerOrderWins() =>
        Assert.Equal(new ThresholdChoice(0.6, 2, Vip), Resolve(ValueTier.Medium, Trial, Vip));

    [Fact]
    public void Resolve_RuleNamingNeither_BeatsTheDefaultButNoOtherRule()
    {
        var resolver = new ThresholdResolver([.. Rules, new AlertThresholdRule { Id = 9, Threshold = 0.9, Order = -1 }], 0.7);

        Assert.Equal(0.9, resolver.Resolve(ValueTier.Medium, _ => false).Threshold);
        Assert.Equal(0.5, resolver.Resolve(ValueTier.High, _ => false).Threshold);
    }

    [Fact]
    public void Lowest_RulesAndDefault_IsTheSmallestThresholdAnyLearnerCanHave()
    {
        var resolver = new ThresholdResolver(Rules, 0.7);

        Assert.Equal(0.3, resolver.Lowest);
        Assert.Equal([Vip, Trial], resolver.Segments);
    }

    [Fact]
    public void Validate_BadRows_NamesEachRowAndItsProblem()
    {
        var errors = AlertThresholds.Validate(
        [
            new ThresholdRuleDraft(Vip, ValueTier.High, 0.4),
            new ThresholdRuleDraft(Vip, ValueTier.High, 0.5),
            new ThresholdRuleDraft(99, null, 1.5),
        ], id => id == Vip);

        Assert.Equal([new ThresholdRuleError(1, "Duplicate"), new ThresholdRuleError(2, "Threshold"), new ThresholdRuleError(2, "Segment")], errors);
    }

    [Theory]
    [InlineData(2500, ValueTier.High)]
    [InlineData(2000, ValueTier.High)]
    [InlineData(300, ValueTier.Medium)]
    [InlineData(299.99, ValueTier.Low)]
    public void TierOf_NetSpend_FallsInTheConfiguredTier(decimal spend, ValueTier expected) =>
        Assert.Equal(expected, new ChurnAlertOptions().TierOf(spend));

    [Fact]
    public void TierOf_NoProfile_IsLowValue() => Assert.Equal(ValueTier.Low, new ChurnAlertOptions().TierOf(null));

    [Fact]
    public void Options_MediumNotBelowHigh_FailValidationNamingTheKeys()
    {
        var options = new ChurnAlertOptions { HighValueMinSpend = 100, MediumValueMinSpend = 100 };
        var results = new List<ValidationResult>();

        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains("Retention:Alerts:MediumValueMinSpend", Assert.Single(results).ErrorMessage);
    }
}
