namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// Welch's t-test on arm moments, as GrowthBook's frequentist engine: Satterthwaite degrees of freedom, two-sided
/// p = 2(1 − F_t(|t|, ν)), interval Δ ± t(1 − α/2, ν)·SE, for the absolute and the relative (delta-method) effect.
/// </summary>
public static class FrequentistTest
{
    /// <summary>Welch–Satterthwaite degrees of freedom; zero when neither arm has measurable spread.</summary>
    public static double WelchDegreesOfFreedom(ArmMoments control, ArmMoments treatment)
    {
        var a = control.VarianceOfMean;
        var b = treatment.VarianceOfMean;
        var denominator = Term(a, control.N) + Term(b, treatment.N);
        return denominator > 0 ? (a + b) * (a + b) / denominator : 0;

        // An arm of one unit has no variance term to contribute (and n − 1 would be zero).
        static double Term(double varianceOfMean, long n) => varianceOfMean > 0 && n > 1 ? varianceOfMean * varianceOfMean / (n - 1) : 0;
    }

    /// <summary>Δ = μT − μC with Var = σ²C/nC + σ²T/nT.</summary>
    public static EffectEstimate Absolute(ArmMoments control, ArmMoments treatment, double alpha = 0.05)
    {
        Guard.Alpha(alpha);
        var estimate = treatment.Mean - control.Mean;
        var variance = control.VarianceOfMean + treatment.VarianceOfMean;
        return Test(estimate, variance, WelchDegreesOfFreedom(control, treatment), alpha);
    }

    /// <summary>
    /// (μT − μC)/|μC| with the delta-method variance σ²C·μT²/(μC⁴·nC) + σ²T/(μC²·nT). A control mean of zero has no
    /// relative scale and is rejected.
    /// </summary>
    public static EffectEstimate Relative(ArmMoments control, ArmMoments treatment, double alpha = 0.05)
    {
        Guard.Alpha(alpha);
        var muC = control.Mean;
        if (muC == 0)
        {
            throw new StatsInputException("Control.Mean", "Control.Mean: a relative effect needs a control mean other than zero.");
        }
        var muT = treatment.Mean;
        var estimate = (muT - muC) / Math.Abs(muC);
        var variance = control.VarianceOfMean * muT * muT / Math.Pow(muC, 4) + treatment.VarianceOfMean / (muC * muC);
        return Test(estimate, variance, WelchDegreesOfFreedom(control, treatment), alpha);
    }

    /// <summary>The t-test and interval of an estimate with a known variance and degrees of freedom.</summary>
    public static EffectEstimate Test(double estimate, double variance, double degreesOfFreedom, double alpha)
    {
        if (!(variance > 0) || !(degreesOfFreedom > 0) || !double.IsFinite(variance))
        {
            return EffectEstimate.Uninformative(estimate);
        }
        var se = Math.Sqrt(variance);
        var p = Distributions.StudentTTwoSided(estimate / se, degreesOfFreedom);
        var width = Distributions.StudentTQuantile(1 - alpha / 2, degreesOfFreedom) * se;
        return new EffectEstimate(estimate, se, estimate - width, estimate + width, p, degreesOfFreedom);
    }
}
