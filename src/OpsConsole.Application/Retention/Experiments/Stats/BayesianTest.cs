namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// GrowthBook's Bayesian engine with its default improper (flat) prior: the posterior of the effect is N(Δ, SE²),
/// chance to win is P(effect &gt; 0), and risk is the mean of the losing tail, from the truncated normal:
/// E[max(−Δ, 0)] = σφ(μ/σ) − μΦ(−μ/σ).
/// </summary>
public static class BayesianTest
{
    public static BayesianResult Evaluate(double effect, double standardError, bool higherIsBetter = true)
    {
        Guard.Finite(effect, "Effect");
        if (!(standardError > 0) || !double.IsFinite(standardError))
        {
            // No spread: the posterior is a point, a coin toss when it sits on zero.
            var gain = higherIsBetter ? effect : -effect;
            return new BayesianResult(gain > 0 ? 1 : gain < 0 ? 0 : 0.5, Math.Max(-gain, 0), Math.Max(gain, 0));
        }
        // For a metric where lower is better, "winning" is the effect being negative.
        var mu = higherIsBetter ? effect : -effect;
        var z = mu / standardError;
        var density = standardError * Distributions.NormalPdf(z);
        var chance = Distributions.NormalCdf(z);
        var risk = density - mu * Distributions.NormalCdf(-z);
        var controlRisk = density + mu * chance;
        return new BayesianResult(chance, Math.Max(risk, 0), Math.Max(controlRisk, 0));
    }

    public static BayesianResult Evaluate(EffectEstimate estimate, bool higherIsBetter = true) =>
        estimate.Estimable
            ? Evaluate(estimate.Estimate, estimate.StandardError, higherIsBetter)
            : new BayesianResult(0.5, 0, 0);
}
