namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// Two conversion rates compared: the absolute difference (treatment − control) with its unpooled z interval and
/// p-value, the relative lift (null when the control converted nobody), and the chance that the treatment is better.
/// </summary>
public sealed record ProportionTestResult(
    double ControlRate,
    double TreatmentRate,
    double Difference,
    double StandardError,
    double CiLow,
    double CiHigh,
    double PValue,
    double ChanceToWin,
    double? RelativeLift);
