namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>How an arm's numbers are read: a share of units that converted, or the mean of a per-unit value.</summary>
public enum MetricKind
{
    /// <summary>Conversions out of units; the variance is p(1 − p).</summary>
    Proportion,

    /// <summary>A per-unit value given by its sum and sum of squares; the variance is the sample variance.</summary>
    Mean,
}
