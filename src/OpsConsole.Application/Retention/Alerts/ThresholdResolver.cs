namespace OpsConsole.Retention;

/// <summary>The threshold that applies to a learner, and the rule it came from (null for the configured default).</summary>
public sealed record ThresholdChoice(double Threshold, int? RuleId, int? SegmentId);

/// <summary>
/// Picks the threshold rule for a learner: the most specific rule that matches wins (segment and tier, then segment,
/// then tier, then a rule that names neither), ties going to the lowest order; with none, the configured default.
/// </summary>
public sealed class ThresholdResolver
{
    private readonly IReadOnlyList<AlertThresholdRule> _ranked;
    private readonly double _default;

    public ThresholdResolver(IEnumerable<AlertThresholdRule> rules, double defaultThreshold)
    {
        _ranked = [.. rules.OrderByDescending(Specificity).ThenBy(r => r.Order).ThenBy(r => r.Id)];
        _default = defaultThreshold;
        Segments = [.. _ranked.Where(r => r.SegmentId is not null).Select(r => r.SegmentId!.Value).Distinct()];
        Lowest = _ranked.Select(r => r.Threshold).Append(defaultThreshold).Min();
    }

    /// <summary>The segments some rule names: the only memberships the resolver needs to know.</summary>
    public IReadOnlyList<int> Segments { get; }

    /// <summary>No learner below this risk can raise an alert.</summary>
    public double Lowest { get; }

    public static int Specificity(AlertThresholdRule rule) => (rule.SegmentId is null ? 0 : 2) + (rule.Tier is null ? 0 : 1);

    public ThresholdChoice Resolve(ValueTier tier, Func<int, bool> inSegment)
    {
        foreach (var rule in _ranked)
        {
            if ((rule.Tier is null || rule.Tier == tier) && (rule.SegmentId is not { } segment || inSegment(segment)))
            {
                return new ThresholdChoice(rule.Threshold, rule.Id, rule.SegmentId);
            }
        }
        return new ThresholdChoice(_default, null, null);
    }
}
