namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// A sample ratio mismatch check: χ² goodness of fit of the arms' units against the expected split.
/// <see cref="Mismatch"/> is the warning: p below the threshold and every arm large enough for χ² to be trusted.
/// </summary>
public sealed record SrmResult(
    IReadOnlyList<long> Counts,
    IReadOnlyList<double> ExpectedCounts,
    double ChiSquare,
    int DegreesOfFreedom,
    double PValue,
    bool Mismatch);
