namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// An effect of treatment over control with its interval and two-sided p-value. When both arms have no spread the
/// effect cannot be tested: <see cref="Estimable"/> is false, the interval collapses onto the estimate and p is 1,
/// the uninformative answer GrowthBook gives too.
/// </summary>
public sealed record EffectEstimate(
    double Estimate,
    double StandardError,
    double CiLow,
    double CiHigh,
    double PValue,
    double DegreesOfFreedom,
    bool Estimable = true)
{
    internal static EffectEstimate Uninformative(double estimate) => new(estimate, 0, estimate, estimate, 1, 0, Estimable: false);
}
