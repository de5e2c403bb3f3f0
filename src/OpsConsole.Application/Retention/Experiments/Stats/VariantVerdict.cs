namespace OpsConsole.Retention.Experiments.Stats;

public enum VariantVerdict
{
    /// <summary>Not enough evidence either way yet.</summary>
    Inconclusive,

    /// <summary>Significantly better than the control.</summary>
    Winning,

    /// <summary>Significantly worse than the control.</summary>
    Losing,
}
