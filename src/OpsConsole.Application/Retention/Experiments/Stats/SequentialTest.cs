namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// Asymptotic confidence sequences (Waudby-Smith et al., "Time-uniform central limit theory and asymptotic
/// confidence sequences"), as GrowthBook's sequential testing: the interval stays valid however often the results
/// are looked at, at the price of width. N* is the total sample size at which the sequence is tightest.
/// </summary>
public static class SequentialTest
{
    public const double DefaultTuning = 5000;

    /// <summary>ρ = sqrt((−2 ln α + ln(−2 ln α + 1)) / N*).</summary>
    public static double Rho(double alpha, double tuning = DefaultTuning)
    {
        Guard.Alpha(alpha);
        Guard.Positive(tuning, "SequentialTuning", "the sequential tuning parameter N*");
        var l = -2 * Math.Log(alpha);
        return Math.Sqrt((l + Math.Log(l + 1)) / tuning);
    }

    /// <summary>
    /// Widens a fixed-horizon estimate into the confidence sequence at the current total of units N:
    /// half-width = σ̂·sqrt(2(Nρ² + 1)/(N²ρ²) · ln(sqrt(Nρ² + 1)/α)) with σ̂² = N·SE² the per-unit variance; the p-value
    /// is the smallest α whose sequence excludes zero, min(1, sqrt(Nρ² + 1)·exp(−ρ²N·Δ²/SE² / (2(Nρ² + 1)))).
    /// </summary>
    public static EffectEstimate Apply(EffectEstimate estimate, long totalUnits, double alpha = 0.05, double tuning = DefaultTuning)
    {
        var rho = Rho(alpha, tuning);
        if (totalUnits <= 0)
        {
            throw new StatsInputException("N", $"N: the total of units must be positive (got {totalUnits}).");
        }
        if (!estimate.Estimable)
        {
            return estimate;
        }
        var n = (double)totalUnits;
        var se2 = estimate.StandardError * estimate.StandardError;
        var s2 = se2 * n;
        var nr2 = n * rho * rho;
        var halfWidth = Math.Sqrt(s2) * Math.Sqrt(2 * (nr2 + 1) / (nr2 * n) * Math.Log(Math.Sqrt(nr2 + 1) / alpha));
        var z2 = estimate.Estimate * estimate.Estimate / se2;
        var p = Math.Min(1, Math.Sqrt(nr2 + 1) * Math.Exp(-nr2 * z2 / (2 * (nr2 + 1))));
        return estimate with { CiLow = estimate.Estimate - halfWidth, CiHigh = estimate.Estimate + halfWidth, PValue = p };
    }
}
