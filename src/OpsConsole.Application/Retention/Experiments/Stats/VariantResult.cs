namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// One treatment against the control. <see cref="Absolute"/> and <see cref="Relative"/> carry the effects with their
/// intervals (sequential when that is on; <see cref="Relative"/> is null when the control mean is zero);
/// <see cref="PValue"/> is on the decision scale after correction, <see cref="RawPValue"/> before it.
/// </summary>
public sealed record VariantResult(
    string Name,
    long Units,
    double Mean,
    double AdjustedMean,
    EffectEstimate Absolute,
    EffectEstimate? Relative,
    double PValue,
    double RawPValue,
    double ChanceToWin,
    double Risk,
    double ControlRisk,
    VariantVerdict Verdict);
