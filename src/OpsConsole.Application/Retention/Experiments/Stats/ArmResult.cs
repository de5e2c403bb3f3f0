namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>The control's row: its size and rate or mean (and the CUPED-adjusted mean when CUPED is on).</summary>
public sealed record ArmResult(string Name, long Units, double Mean, double AdjustedMean);
