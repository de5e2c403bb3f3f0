using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// The distribution functions the tests need. Tails are computed directly from the regularised special functions
/// rather than as one minus a CDF, so tiny p-values (a sample ratio mismatch, a large experiment) keep their digits.
/// </summary>
public static class Distributions
{
    /// <summary>Past this many degrees of freedom Student's t is the normal to well under 1e-6.</summary>
    private const double NormalDegreesOfFreedom = 1e7;

    public static double NormalCdf(double x) => 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));

    /// <summary>P(Z &gt; x) for a standard normal Z.</summary>
    public static double NormalSurvival(double x) => 0.5 * SpecialFunctions.Erfc(x / Math.Sqrt(2));

    public static double NormalPdf(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    public static double NormalQuantile(double p)
    {
        Guard.Open01(p, nameof(p), "a probability");
        return -Math.Sqrt(2) * SpecialFunctions.ErfcInv(2 * p);
    }

    public static double StudentTCdf(double t, double degreesOfFreedom)
    {
        Guard.Positive(degreesOfFreedom, nameof(degreesOfFreedom), "the degrees of freedom");
        if (degreesOfFreedom > NormalDegreesOfFreedom)
        {
            return NormalCdf(t);
        }
        // P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, 1/2), split by the sign of t.
        var tail = 0.5 * SpecialFunctions.BetaRegularized(degreesOfFreedom / 2, 0.5, degreesOfFreedom / (degreesOfFreedom + t * t));
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>Two-sided p-value of a t statistic: P(|T| ≥ |t|).</summary>
    public static double StudentTTwoSided(double t, double degreesOfFreedom)
    {
        Guard.Positive(degreesOfFreedom, nameof(degreesOfFreedom), "the degrees of freedom");
        if (degreesOfFreedom > NormalDegreesOfFreedom)
        {
            return 2 * NormalSurvival(Math.Abs(t));
        }
        return SpecialFunctions.BetaRegularized(degreesOfFreedom / 2, 0.5, degreesOfFreedom / (degreesOfFreedom + t * t));
    }

    public static double StudentTQuantile(double p, double degreesOfFreedom)
    {
        Guard.Open01(p, nameof(p), "a probability");
        Guard.Positive(degreesOfFreedom, nameof(degreesOfFreedom), "the degrees of freedom");
        return degreesOfFreedom > NormalDegreesOfFreedom
            ? NormalQuantile(p)
            : StudentT.InvCDF(0, 1, degreesOfFreedom, p);
    }

    /// <summary>P(X &gt; x) for X chi-square with k degrees of freedom.</summary>
    public static double ChiSquareSurvival(double x, double degreesOfFreedom)
    {
        Guard.Positive(degreesOfFreedom, nameof(degreesOfFreedom), "the degrees of freedom");
        return x <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2, x / 2);
    }
}
