namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// The pre-period covariate X of one arm for CUPED (the same metric measured before exposure, usually over 14 days):
/// ΣX, ΣX² and ΣXY over the arm's units, Y being the experiment metric.
/// </summary>
public sealed record CovariateSums(double Sum, double SumOfSquares, double SumOfProducts);
