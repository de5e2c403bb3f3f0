namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// The Bayesian reading of an effect. <see cref="ChanceToWin"/> is the posterior probability that the treatment is
/// better; <see cref="Risk"/> is the expected loss, on the effect's own scale, of shipping the treatment if it is in
/// fact worse, and <see cref="ControlRisk"/> that of keeping the control if the treatment is in fact better.
/// </summary>
public sealed record BayesianResult(double ChanceToWin, double Risk, double ControlRisk);
