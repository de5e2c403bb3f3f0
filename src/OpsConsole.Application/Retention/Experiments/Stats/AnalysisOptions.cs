namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>How one metric of an experiment is analysed. The defaults are GrowthBook's.</summary>
public sealed record AnalysisOptions
{
    public double Alpha { get; init; } = 0.05;

    public double ChanceToWinThreshold { get; init; } = 0.95;

    public StatsEngine Engine { get; init; } = StatsEngine.Frequentist;

    public EffectScale Scale { get; init; } = EffectScale.Relative;

    /// <summary>Always-valid intervals and p-values, for results that are looked at while the experiment runs.</summary>
    public bool Sequential { get; init; }

    /// <summary>N*, the total of units at which the confidence sequence is tightest.</summary>
    public double SequentialTuning { get; init; } = SequentialTest.DefaultTuning;

    /// <summary>Adjust with the pre-period covariate of every arm (<see cref="ArmSummary.PrePeriod"/>).</summary>
    public bool Cuped { get; init; }

    public CorrectionMethod Correction { get; init; } = CorrectionMethod.None;

    /// <summary>False for metrics where a decrease is the improvement (churn, refunds, tickets).</summary>
    public bool HigherIsBetter { get; init; } = true;

    /// <summary>The intended traffic split, control first; equal when null.</summary>
    public IReadOnlyList<double>? Weights { get; init; }

    public double SrmThreshold { get; init; } = SampleRatioMismatch.DefaultThreshold;

    /// <summary>
    /// Relative effect too small to matter. Once every variant's interval lies inside ±this, an inconclusive
    /// experiment is called "no difference" rather than "keep running".
    /// </summary>
    public double? MinimumDetectableEffect { get; init; }

    /// <summary>Units per arm planned from the power calculation; once every arm has them, inconclusive means no difference.</summary>
    public long? TargetSampleSizePerVariant { get; init; }

    internal void Validate(int arms)
    {
        Guard.Alpha(Alpha);
        Guard.Open01(ChanceToWinThreshold, nameof(ChanceToWinThreshold), "the chance-to-win threshold");
        Guard.Positive(SequentialTuning, nameof(SequentialTuning), "the sequential tuning parameter N*");
        Guard.Open01(SrmThreshold, nameof(SrmThreshold), "the mismatch threshold");
        Guard.Weights(Weights, arms);
        if (MinimumDetectableEffect is { } mde)
        {
            Guard.Positive(mde, nameof(MinimumDetectableEffect), "the minimum detectable effect");
        }
        if (TargetSampleSizePerVariant is <= 0)
        {
            throw new StatsInputException(nameof(TargetSampleSizePerVariant), $"{nameof(TargetSampleSizePerVariant)}: must be positive (got {TargetSampleSizePerVariant}).");
        }
        if (!Enum.IsDefined(Correction))
        {
            throw new StatsInputException(nameof(Correction), $"{nameof(Correction)}: unknown method {Correction}.");
        }
    }
}
