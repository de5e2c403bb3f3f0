namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// Sample size for a two-sided test of each treatment against the control, with the usual normal approximation.
/// With N units in all and arm shares w, an effect δ is detected with power 1 − β when
/// z(1 − α/2)·SE₀ + z(1 − β)·SE₁ ≤ δ, where SE² = σ²C/(N·wC) + σ²T/(N·wT) (under the null, for a proportion, both
/// arms take the pooled rate). N is the largest any treatment needs; no correction for several treatments is applied.
/// </summary>
public static class PowerCalculator
{
    public const double DefaultPower = 0.8;

    /// <param name="baselineRate">The control's conversion rate, in (0, 1).</param>
    /// <param name="relativeMde">Smallest relative change worth detecting, e.g. 0.1 for +10%.</param>
    /// <param name="variants">Number of arms including the control; taken from <paramref name="weights"/> when null.</param>
    /// <param name="weights">Traffic split, control first, normalised; equal when null.</param>
    /// <param name="dailyEligible">Learners entering the experiment per day, all arms together.</param>
    public static PowerResult ForProportion(
        double baselineRate,
        double relativeMde,
        int? variants = null,
        IReadOnlyList<double>? weights = null,
        double alpha = 0.05,
        double power = DefaultPower,
        double? dailyEligible = null)
    {
        Guard.Open01(baselineRate, "BaselineRate", "the baseline rate");
        var treatmentRate = Treatment(baselineRate, relativeMde);
        Guard.Open01(treatmentRate, "MinimumDetectableEffect", "the baseline rate changed by the minimum detectable effect");
        var (shares, zAlpha, zBeta) = Setup(variants, weights, alpha, power, dailyEligible);
        var delta = Math.Abs(treatmentRate - baselineRate);
        var varianceC = baselineRate * (1 - baselineRate);
        var varianceT = treatmentRate * (1 - treatmentRate);
        var total = 0.0;
        for (var i = 1; i < shares.Length; i++)
        {
            var wC = shares[0];
            var wT = shares[i];
            var pooled = (wC * baselineRate + wT * treatmentRate) / (wC + wT);
            var null0 = Math.Sqrt(pooled * (1 - pooled) * (1 / wC + 1 / wT));
            var alt = Math.Sqrt(varianceC / wC + varianceT / wT);
            total = Math.Max(total, Math.Pow(zAlpha * null0 + zBeta * alt, 2) / (delta * delta));
        }
        return Result(MetricKind.Proportion, baselineRate, treatmentRate, relativeMde, alpha, power, shares, total, dailyEligible);
    }

    /// <param name="baselineMean">The control's mean, not zero.</param>
    /// <param name="standardDeviation">Per-unit standard deviation of the metric, assumed the same in every arm.</param>
    public static PowerResult ForMean(
        double baselineMean,
        double standardDeviation,
        double relativeMde,
        int? variants = null,
        IReadOnlyList<double>? weights = null,
        double alpha = 0.05,
        double power = DefaultPower,
        double? dailyEligible = null)
    {
        Guard.Finite(baselineMean, "BaselineMean");
        if (baselineMean == 0)
        {
            throw new StatsInputException("BaselineMean", "BaselineMean: a relative effect needs a baseline other than zero.");
        }
        Guard.Positive(standardDeviation, "StandardDeviation", "the standard deviation");
        var treatmentMean = Treatment(baselineMean, relativeMde);
        var (shares, zAlpha, zBeta) = Setup(variants, weights, alpha, power, dailyEligible);
        var delta = Math.Abs(treatmentMean - baselineMean);
        var variance = standardDeviation * standardDeviation;
        var total = 0.0;
        for (var i = 1; i < shares.Length; i++)
        {
            var perUnit = variance / shares[0] + variance / shares[i];
            total = Math.Max(total, Math.Pow(zAlpha + zBeta, 2) * perUnit / (delta * delta));
        }
        return Result(MetricKind.Mean, baselineMean, treatmentMean, relativeMde, alpha, power, shares, total, dailyEligible);
    }

    private static double Treatment(double baseline, double relativeMde)
    {
        Guard.Finite(relativeMde, "MinimumDetectableEffect");
        if (relativeMde == 0 || relativeMde <= -1)
        {
            throw new StatsInputException("MinimumDetectableEffect", $"MinimumDetectableEffect: the relative effect must be non-zero and above −100% (got {relativeMde}).");
        }
        return baseline * (1 + relativeMde);
    }

    private static (double[] Shares, double ZAlpha, double ZBeta) Setup(int? variants, IReadOnlyList<double>? weights, double alpha, double power, double? dailyEligible)
    {
        Guard.Alpha(alpha);
        Guard.Open01(power, "Power", "the power");
        var arms = variants ?? weights?.Count ?? 2;
        if (arms < 2)
        {
            throw new StatsInputException("Variants", $"Variants: an experiment needs a control and at least one treatment (got {arms}).");
        }
        if (dailyEligible is { } daily)
        {
            Guard.Positive(daily, "DailyEligible", "the daily number of eligible learners");
        }
        var shares = Guard.Weights(weights, arms);
        return (shares, Distributions.NormalQuantile(1 - alpha / 2), Distributions.NormalQuantile(power));
    }

    private static PowerResult Result(MetricKind kind, double baseline, double treatment, double relativeMde, double alpha, double power, double[] shares, double total, double? dailyEligible)
    {
        // Each arm is rounded up so none falls short of its share of the requirement.
        var perVariant = shares.Select(w => (long)Math.Ceiling(total * w - 1e-9)).ToArray();
        var sum = perVariant.Sum();
        int? days = dailyEligible is { } daily ? (int)Math.Ceiling(sum / daily) : null;
        return new PowerResult(kind, baseline, treatment, treatment - baseline, relativeMde, alpha, power, shares, perVariant, sum, days);
    }
}
