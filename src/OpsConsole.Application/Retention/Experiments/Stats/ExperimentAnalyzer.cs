namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// The one entry point of the statistics engine: per-arm summaries of one metric (control first) in, per-variant
/// effects, chance to win, risk, the sample ratio check and a verdict out. Pure and deterministic, so a page and a
/// background recompute reach the same answer from the same sums.
/// </summary>
public static class ExperimentAnalyzer
{
    public static ExperimentAnalysis Analyze(IReadOnlyList<ArmSummary> arms, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(arms);
        options ??= new AnalysisOptions();
        if (arms.Count < 2)
        {
            throw new StatsInputException("Arms", $"Arms: an experiment needs a control and at least one variant (got {arms.Count}).");
        }
        options.Validate(arms.Count);
        for (var i = 0; i < arms.Count; i++)
        {
            arms[i].Validate($"Arms[{i}].");
            if (arms[i].Kind != arms[0].Kind)
            {
                throw new StatsInputException($"Arms[{i}].Kind", $"Arms[{i}].Kind: every arm must measure the metric the same way as the control ({arms[0].Kind}).");
            }
        }

        var srm = SampleRatioMismatch.Check([.. arms.Select(a => a.N)], options.Weights, options.SrmThreshold);
        var cuped = options.Cuped ? Cuped.Adjust(arms) : null;
        var moments = cuped?.Arms ?? [.. arms.Select(a => a.Moments)];
        var control = moments[0];

        var comparisons = new List<(EffectEstimate Absolute, EffectEstimate? Relative, EffectEstimate Decision, bool OnRelative, BayesianResult Bayes)>();
        for (var i = 1; i < arms.Count; i++)
        {
            var absolute = FrequentistTest.Absolute(control, moments[i], options.Alpha);
            EffectEstimate? relative = control.Mean != 0 ? FrequentistTest.Relative(control, moments[i], options.Alpha) : null;
            // The posterior reads the fixed-horizon estimate: sequential testing widens intervals, not beliefs.
            var onRelative = options.Scale == EffectScale.Relative && relative is not null;
            var decisionFixed = onRelative ? relative! : absolute;
            var bayes = BayesianTest.Evaluate(decisionFixed, options.HigherIsBetter);
            if (options.Sequential)
            {
                var total = control.N + moments[i].N;
                absolute = SequentialTest.Apply(absolute, total, options.Alpha, options.SequentialTuning);
                relative = relative is null ? null : SequentialTest.Apply(relative, total, options.Alpha, options.SequentialTuning);
            }
            comparisons.Add((absolute, relative, onRelative ? relative! : absolute, onRelative, bayes));
        }

        var adjusted = MultipleComparisons.Adjust([.. comparisons.Select(c => c.Decision.PValue)], options.Correction);
        var variants = new List<VariantResult>(comparisons.Count);
        for (var k = 0; k < comparisons.Count; k++)
        {
            var (absolute, relative, decision, _, bayes) = comparisons[k];
            var arm = arms[k + 1];
            var verdict = Judge(decision, adjusted[k], bayes, options);
            variants.Add(new VariantResult(arm.Name, arm.N, arm.Mean, moments[k + 1].Mean, absolute, relative,
                adjusted[k], decision.PValue, bayes.ChanceToWin, bayes.Risk, bayes.ControlRisk, verdict));
        }

        // An absolute decision bound is the relative minimum effect scaled by the control mean.
        var bounds = comparisons.Select(c => options.MinimumDetectableEffect * (c.OnRelative ? 1 : Math.Abs(control.Mean))).ToList();
        var (overall, best) = Overall(variants, [.. comparisons.Select(c => c.Decision)], bounds, arms, srm, options);
        return new ExperimentAnalysis(arms[0].Kind, options, new ArmResult(arms[0].Name, arms[0].N, arms[0].Mean, control.Mean),
            variants, srm, cuped?.Theta, overall, best);
    }

    private static VariantVerdict Judge(EffectEstimate decision, double adjustedP, BayesianResult bayes, AnalysisOptions options)
    {
        if (!decision.Estimable)
        {
            return VariantVerdict.Inconclusive;
        }
        if (options.Engine == StatsEngine.Bayesian)
        {
            return bayes.ChanceToWin >= options.ChanceToWinThreshold ? VariantVerdict.Winning
                : bayes.ChanceToWin <= 1 - options.ChanceToWinThreshold ? VariantVerdict.Losing
                : VariantVerdict.Inconclusive;
        }
        if (adjustedP >= options.Alpha)
        {
            return VariantVerdict.Inconclusive;
        }
        var better = options.HigherIsBetter ? decision.Estimate > 0 : decision.Estimate < 0;
        return better ? VariantVerdict.Winning : VariantVerdict.Losing;
    }

    private static (ExperimentVerdict Verdict, string? Best) Overall(
        List<VariantResult> variants, List<EffectEstimate> decisions, List<double?> bounds, IReadOnlyList<ArmSummary> arms, SrmResult srm, AnalysisOptions options)
    {
        if (srm.Mismatch)
        {
            return (ExperimentVerdict.SampleRatioMismatch, null);
        }
        var winners = variants.Select((v, i) => (Variant: v, Effect: decisions[i].Estimate))
            .Where(x => x.Variant.Verdict == VariantVerdict.Winning)
            .ToList();
        if (winners.Count > 0)
        {
            var best = options.HigherIsBetter ? winners.MaxBy(x => x.Effect) : winners.MinBy(x => x.Effect);
            return (ExperimentVerdict.Ship, best.Variant.Name);
        }
        if (variants.Any(v => v.Verdict == VariantVerdict.Losing))
        {
            return (ExperimentVerdict.Harmful, null);
        }
        var sampleReached = options.TargetSampleSizePerVariant is { } target && arms.All(a => a.N >= target);
        var insideMde = decisions.Select((d, i) => d.Estimable && bounds[i] is { } bound && d.CiLow > -bound && d.CiHigh < bound).All(inside => inside);
        return (sampleReached || insideMde ? ExperimentVerdict.NoDifference : ExperimentVerdict.KeepRunning, null);
    }
}
