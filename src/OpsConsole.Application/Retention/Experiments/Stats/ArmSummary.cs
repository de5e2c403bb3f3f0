namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// One arm of an experiment on one metric, as sufficient statistics: units, sum and sum of squares (for a proportion
/// the sum is the number of conversions). Optional pre-period sums feed CUPED.
/// </summary>
public sealed record ArmSummary(string Name, MetricKind Kind, long N, double Sum, double SumOfSquares, CovariateSums? PrePeriod = null)
{
    public static ArmSummary Proportion(string name, long units, long conversions, CovariateSums? prePeriod = null)
    {
        var arm = new ArmSummary(name, MetricKind.Proportion, units, conversions, conversions, prePeriod);
        arm.Validate();
        return arm;
    }

    public static ArmSummary ForMean(string name, long units, double sum, double sumOfSquares, CovariateSums? prePeriod = null)
    {
        var arm = new ArmSummary(name, MetricKind.Mean, units, sum, sumOfSquares, prePeriod);
        arm.Validate();
        return arm;
    }

    /// <summary>The conversion rate or the mean value per unit.</summary>
    public double Mean => Sum / N;

    /// <summary>
    /// Per-unit variance as GrowthBook defines it: p(1 − p) for a proportion, the sample variance
    /// (Σx² − (Σx)²/n)/(n − 1) for a mean. One unit has no measurable spread, so its variance is zero.
    /// </summary>
    public double Variance
    {
        get
        {
            if (Kind == MetricKind.Proportion)
            {
                var p = Mean;
                return p * (1 - p);
            }
            // Rounding in large sums can leave a hair below zero for a constant metric.
            return N < 2 ? 0 : Math.Max(0, (SumOfSquares - Sum * Sum / N) / (N - 1));
        }
    }

    public double StandardDeviation => Math.Sqrt(Variance);

    public ArmMoments Moments => new(N, Mean, Variance);

    /// <summary>Rejects sums no real data could produce, naming the field (prefixed, e.g. <c>Arms[1].N</c>).</summary>
    public void Validate(string prefix = "")
    {
        if (N <= 0)
        {
            throw new StatsInputException(prefix + nameof(N), $"{prefix}{nameof(N)}: an arm needs at least one unit (got {N}).");
        }
        Guard.Finite(Sum, prefix + nameof(Sum));
        Guard.Finite(SumOfSquares, prefix + nameof(SumOfSquares));
        if (Kind == MetricKind.Proportion)
        {
            if (Sum < 0 || Sum > N || Sum != Math.Floor(Sum))
            {
                throw new StatsInputException(prefix + "Conversions", $"{prefix}Conversions: must be a whole number between 0 and the {N} units (got {Sum}).");
            }
        }
        else if (SumOfSquares < 0 || SumOfSquares * N < Sum * Sum * (1 - 1e-9))
        {
            // Cauchy–Schwarz: n·Σx² ≥ (Σx)², with room for rounding.
            throw new StatsInputException(prefix + nameof(SumOfSquares), $"{prefix}{nameof(SumOfSquares)}: {SumOfSquares} is too small for {N} units summing to {Sum}.");
        }
        if (PrePeriod is { } pre)
        {
            Guard.Finite(pre.Sum, prefix + "PrePeriod.Sum");
            Guard.Finite(pre.SumOfSquares, prefix + "PrePeriod.SumOfSquares");
            Guard.Finite(pre.SumOfProducts, prefix + "PrePeriod.SumOfProducts");
            if (pre.SumOfSquares < 0 || pre.SumOfSquares * N < pre.Sum * pre.Sum * (1 - 1e-9))
            {
                throw new StatsInputException(prefix + "PrePeriod.SumOfSquares", $"{prefix}PrePeriod.SumOfSquares: {pre.SumOfSquares} is too small for {N} units summing to {pre.Sum}.");
            }
        }
    }
}
