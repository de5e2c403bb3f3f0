namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// The classic two-proportion z-test on the absolute difference of rates. Interval and p-value both use the
/// unpooled standard error sqrt(pC(1 − pC)/nC + pT(1 − pT)/nT), so p &lt; α exactly when the interval excludes zero.
/// </summary>
public static class ProportionTest
{
    public static ProportionTestResult Compare(long controlUnits, long controlConversions, long treatmentUnits, long treatmentConversions, double alpha = 0.05)
    {
        Guard.Alpha(alpha);
        ValidateArm("Control", controlUnits, controlConversions);
        ValidateArm("Treatment", treatmentUnits, treatmentConversions);
        var control = ArmSummary.Proportion("control", controlUnits, controlConversions).Moments;
        var treatment = ArmSummary.Proportion("treatment", treatmentUnits, treatmentConversions).Moments;
        var difference = treatment.Mean - control.Mean;
        double? relative = control.Mean > 0 ? difference / control.Mean : null;
        var variance = control.VarianceOfMean + treatment.VarianceOfMean;
        if (!(variance > 0))
        {
            // Both rates at 0 or 1: the unpooled interval degenerates; say nothing rather than claim certainty.
            return new ProportionTestResult(control.Mean, treatment.Mean, difference, 0, difference, difference, 1, 0.5, relative);
        }
        var se = Math.Sqrt(variance);
        var z = difference / se;
        var width = Distributions.NormalQuantile(1 - alpha / 2) * se;
        return new ProportionTestResult(
            control.Mean,
            treatment.Mean,
            difference,
            se,
            difference - width,
            difference + width,
            2 * Distributions.NormalSurvival(Math.Abs(z)),
            Distributions.NormalCdf(z),
            relative);
    }

    private static void ValidateArm(string arm, long units, long conversions)
    {
        if (units <= 0)
        {
            throw new StatsInputException(arm + "Units", $"{arm}Units: an arm needs at least one unit (got {units}).");
        }
        if (conversions < 0 || conversions > units)
        {
            throw new StatsInputException(arm + "Conversions", $"{arm}Conversions: must lie between 0 and the {units} units (got {conversions}).");
        }
    }
}
