namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>What every test reads from an arm: its size, mean and per-unit variance (after CUPED when applied).</summary>
public sealed record ArmMoments(long N, double Mean, double Variance)
{
    /// <summary>Variance of the arm's mean.</summary>
    public double VarianceOfMean => Variance / N;
}
