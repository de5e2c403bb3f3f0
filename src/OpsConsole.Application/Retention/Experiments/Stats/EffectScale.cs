namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// The effect the decision is made on. GrowthBook defaults to the relative lift; its p-value can differ markedly
/// from the absolute one because the control mean's own uncertainty enters the ratio.
/// </summary>
public enum EffectScale
{
    Relative,
    Absolute,
}
