namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>Which reading decides a variant's verdict; both are always reported.</summary>
public enum StatsEngine
{
    /// <summary>Significant when the (corrected, and with sequential testing, always-valid) p-value is below α.</summary>
    Frequentist,

    /// <summary>Decided when the chance to win passes the threshold (or falls below one minus it).</summary>
    Bayesian,
}
