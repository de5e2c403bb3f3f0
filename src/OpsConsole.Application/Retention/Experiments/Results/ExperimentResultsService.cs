using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Experiments.Results;

/// <summary>
/// Computes an experiment's results from its exposures and the learners' events, and keeps the last result of every
/// experiment in memory (per app instance) so the page opens without waiting on the database.
/// </summary>
public sealed class ExperimentResultsService(
    IDbContextFactory<OpsDbContext> contexts,
    ExperimentMetricReader reader,
    IOptions<ExperimentResultsOptions> options,
    PlatformTime time)
{
    private readonly ConcurrentDictionary<string, ExperimentResults> _cache = new(StringComparer.Ordinal);

    /// <summary>The last result computed for the experiment on this instance, or null.</summary>
    public ExperimentResults? Cached(string key) => _cache.GetValueOrDefault(key);

    /// <exception cref="ExperimentNotFoundException">No experiment has the key.</exception>
    public async Task<ExperimentResults> ComputeAsync(string key, CancellationToken cancellationToken = default)
    {
        Experiment experiment;
        Dictionary<string, long> exposed;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            experiment = await db.Experiments.AsNoTracking().Include(e => e.Variants.OrderBy(v => v.Position))
                .FirstOrDefaultAsync(e => e.Key == key, cancellationToken) ?? throw new ExperimentNotFoundException(key);
            exposed = await db.ExperimentExposures.Where(x => x.ExperimentId == experiment.Id).GroupBy(x => x.VariantKey)
                .Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        }
        var results = await ComputeAsync(experiment, exposed, cancellationToken);
        _cache[key] = results;
        return results;
    }

    /// <summary>Recomputes every running experiment; returns how many were computed.</summary>
    public async Task<int> RecomputeRunningAsync(CancellationToken cancellationToken = default)
    {
        List<string> keys;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            keys = await db.Experiments.Where(e => e.Status == ExperimentStatus.Running).Select(e => e.Key).ToListAsync(cancellationToken);
        }
        foreach (var key in keys)
        {
            await ComputeAsync(key, cancellationToken);
        }
        return keys.Count;
    }

    private async Task<ExperimentResults> ComputeAsync(Experiment experiment, Dictionary<string, long> exposed, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var asOf = time.UtcNow;
        // The control leads every list: the statistics read the first arm as the baseline.
        var variants = experiment.Variants.OrderByDescending(v => v.IsControl).ThenBy(v => v.Position).ToList();
        var weights = Normalised(variants.Select(v => v.Weight).ToList());
        var exposures = variants.Select(v => new VariantExposures(v.Key, v.Name, v.IsControl, v.Weight, exposed.GetValueOrDefault(v.Key))).ToList();
        var total = exposures.Sum(e => e.Learners);
        var srm = total > 0 && variants.Count >= 2 ? SampleRatioMismatch.Check([.. exposures.Select(e => e.Learners)], weights) : null;

        var specs = new List<MetricSpec> { experiment.Primary };
        specs.AddRange(experiment.Guardrails.Where(g => g != experiment.Primary));
        var revenueSpec = new MetricSpec(ExperimentMetric.RevenuePerLearner);
        var metrics = new List<MetricResult>();
        IReadOnlyList<ArmFigures>? revenue = null;
        var cupedApplied = false;
        foreach (var spec in specs)
        {
            var values = await reader.ReadAsync(experiment.Id, spec, asOf, cancellationToken);
            var (result, cuped) = Analyse(spec, spec == experiment.Primary, experiment, variants, weights, values, settings);
            cupedApplied |= cuped;
            metrics.Add(result);
            if (spec == revenueSpec)
            {
                revenue = result.Arms;
            }
        }
        if (revenue is null && variants.Any(v => !v.IsControl))
        {
            var values = await reader.ReadAsync(experiment.Id, revenueSpec, asOf, cancellationToken);
            revenue = Figures(variants, values);
        }

        metrics = CorrectAcrossMetrics(metrics, settings);
        var (verdict, best, broken) = Decide(metrics, srm, total);
        return new ExperimentResults(experiment.Key, asOf, exposures, srm, metrics, Roi(variants, revenue), verdict, best, broken,
            cupedApplied, settings.Correction);
    }

    private (MetricResult Result, bool Cuped) Analyse(MetricSpec spec, bool primary, Experiment experiment, List<ExperimentVariant> variants,
        double[] weights, IReadOnlyList<LearnerMetricValue> values, ExperimentResultsOptions settings)
    {
        var kind = spec.Metric == ExperimentMetric.RevenuePerLearner ? MetricKind.Mean : MetricKind.Proportion;
        var figures = Figures(variants, values);
        var series = Series(variants, values);
        if (variants.Count < 2 || figures.Any(f => f.Learners == 0))
        {
            return (new MetricResult(spec, primary, kind, figures, null, series), false);
        }
        var byVariant = values.ToLookup(v => v.VariantKey, StringComparer.Ordinal);
        var arms = variants.Select(v =>
        {
            var s = ArmSums.Of(v.Key, byVariant[v.Key]);
            var pre = new CovariateSums(s.PreSum, s.PreSumOfSquares, s.SumOfProducts);
            return kind == MetricKind.Proportion
                ? ArmSummary.Proportion(v.Key, s.Learners, (long)Math.Round(s.Sum), pre)
                : ArmSummary.ForMean(v.Key, s.Learners, s.Sum, s.SumOfSquares, pre);
        }).ToList();
        // CUPED needs a covariate that varies; without any pre-period spread it would only divide by zero.
        var cuped = settings.Cuped && arms.Sum(a => a.N) >= 4 && PreVariance(arms) > 0;
        var control = arms[0];
        var analysisOptions = new AnalysisOptions
        {
            Alpha = settings.Alpha,
            ChanceToWinThreshold = settings.ChanceToWinThreshold,
            Sequential = settings.Sequential,
            Cuped = cuped,
            Correction = CorrectionMethod.None,
            Weights = weights,
            MinimumDetectableEffect = experiment.MinimumDetectableEffect > 0 ? experiment.MinimumDetectableEffect : null,
            TargetSampleSizePerVariant = primary ? Target(kind, control, experiment.MinimumDetectableEffect, weights, settings.Alpha) : null,
        };
        var analysis = ExperimentAnalyzer.Analyze(arms, analysisOptions);
        return (new MetricResult(spec, primary, kind, figures, analysis, series), cuped);
    }

    private static double PreVariance(List<ArmSummary> arms)
    {
        var n = arms.Sum(a => a.N);
        var sum = arms.Sum(a => a.PrePeriod!.Sum);
        var squares = arms.Sum(a => a.PrePeriod!.SumOfSquares);
        return (squares - sum * sum / n) / (n - 1);
    }

    /// <summary>The planned sample per arm for the primary metric, sized at the control's observed rate or spread.</summary>
    private static long? Target(MetricKind kind, ArmSummary control, double mde, double[] weights, double alpha)
    {
        try
        {
            if (mde <= 0)
            {
                return null;
            }
            var power = kind == MetricKind.Proportion
                ? control.Mean is > 0 and < 1 && control.Mean * (1 + mde) < 1 ? PowerCalculator.ForProportion(control.Mean, mde, weights: weights, alpha: alpha) : null
                : control.Mean != 0 && control.StandardDeviation > 0 ? PowerCalculator.ForMean(control.Mean, control.StandardDeviation, mde, weights: weights, alpha: alpha) : null;
            return power?.SampleSizePerVariant.Max();
        }
        catch (StatsInputException)
        {
            return null;
        }
    }

    private static List<ArmFigures> Figures(List<ExperimentVariant> variants, IReadOnlyList<LearnerMetricValue> values)
    {
        var byVariant = values.ToLookup(v => v.VariantKey, StringComparer.Ordinal);
        return [.. variants.Select(v =>
        {
            var s = ArmSums.Of(v.Key, byVariant[v.Key]);
            return new ArmFigures(v.Key, v.Name, s.Learners, s.Sum, s.Mean);
        })];
    }

    private MetricSeries Series(List<ExperimentVariant> variants, IReadOnlyList<LearnerMetricValue> values)
    {
        if (values.Count == 0)
        {
            return new MetricSeries([], []);
        }
        var byDay = values.GroupBy(v => (time.DayOf(v.ExposedAt), v.VariantKey)).ToDictionary(g => g.Key, g => (N: g.LongCount(), Sum: g.Sum(v => v.Value)));
        var first = byDay.Keys.Min(k => k.Item1);
        var last = byDay.Keys.Max(k => k.Item1);
        var days = new List<DateOnly>();
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            days.Add(d);
        }
        var series = variants.Select(v =>
        {
            long n = 0;
            double sum = 0;
            var points = new List<double?>(days.Count);
            foreach (var d in days)
            {
                if (byDay.TryGetValue((d, v.Key), out var cell))
                {
                    n += cell.N;
                    sum += cell.Sum;
                }
                points.Add(n == 0 ? null : sum / n);
            }
            return new VariantSeries(v.Key, v.Name, points);
        }).ToList();
        return new MetricSeries(days, series);
    }

    /// <summary>
    /// Every treatment on every metric is one hypothesis of the family: p-values are adjusted together and each variant's
    /// verdict is judged again on the adjusted value, as the analyzer judges within one metric.
    /// </summary>
    private static List<MetricResult> CorrectAcrossMetrics(List<MetricResult> metrics, ExperimentResultsOptions settings)
    {
        var raw = metrics.Where(m => m.Analysis is not null).SelectMany(m => m.Analysis!.Variants.Select(v => v.RawPValue)).ToList();
        if (raw.Count == 0)
        {
            return metrics;
        }
        var adjusted = MultipleComparisons.Adjust(raw, settings.Correction);
        var k = 0;
        var corrected = new List<MetricResult>(metrics.Count);
        foreach (var metric in metrics)
        {
            if (metric.Analysis is not { } analysis)
            {
                corrected.Add(metric);
                continue;
            }
            var variants = analysis.Variants.Select(v =>
            {
                var p = adjusted[k++];
                var decision = analysis.Options.Scale == EffectScale.Relative && v.Relative is not null ? v.Relative : v.Absolute;
                var verdict = !decision.Estimable || p >= settings.Alpha ? VariantVerdict.Inconclusive
                    : decision.Estimate > 0 == analysis.Options.HigherIsBetter ? VariantVerdict.Winning : VariantVerdict.Losing;
                return v with { PValue = p, Verdict = verdict };
            }).ToList();
            var (overall, best) = Overall(analysis, variants);
            corrected.Add(metric with { Analysis = analysis with { Variants = variants, Verdict = overall, BestVariant = best } });
        }
        return corrected;
    }

    private static (ExperimentVerdict, string?) Overall(ExperimentAnalysis analysis, List<VariantResult> variants)
    {
        if (analysis.Srm.Mismatch)
        {
            return (ExperimentVerdict.SampleRatioMismatch, null);
        }
        var winners = variants.Where(v => v.Verdict == VariantVerdict.Winning).ToList();
        if (winners.Count > 0)
        {
            var best = analysis.Options.HigherIsBetter ? winners.MaxBy(Decision) : winners.MinBy(Decision);
            return (ExperimentVerdict.Ship, best!.Name);
        }
        if (variants.Any(v => v.Verdict == VariantVerdict.Losing))
        {
            return (ExperimentVerdict.Harmful, null);
        }
        // Keeps the analyzer's own reading of "enough data" (planned sample reached or every interval inside the MDE).
        return (analysis.Verdict is ExperimentVerdict.NoDifference ? ExperimentVerdict.NoDifference : ExperimentVerdict.KeepRunning, null);

        double Decision(VariantResult v) => (v.Relative ?? v.Absolute).Estimate;
    }

    /// <summary>
    /// The primary metric decides; a guardrail on which the chosen variant is significantly worse turns "ship" into
    /// "harmful", and a traffic split off its plan overrides everything.
    /// </summary>
    private static (ResultsVerdict, string?, IReadOnlyList<string>) Decide(List<MetricResult> metrics, SrmResult? srm, long total)
    {
        if (total == 0)
        {
            return (ResultsVerdict.NoData, null, []);
        }
        if (srm is { Mismatch: true })
        {
            return (ResultsVerdict.SampleRatioMismatch, null, []);
        }
        var primary = metrics.First(m => m.IsPrimary).Analysis;
        if (primary is null)
        {
            return (ResultsVerdict.NoData, null, []);
        }
        switch (primary.Verdict)
        {
            case ExperimentVerdict.Ship:
                var best = primary.BestVariant!;
                var broken = metrics.Where(m => !m.IsPrimary && m.Analysis is not null
                        && m.Analysis.Variants.Any(v => v.Name == best && v.Verdict == VariantVerdict.Losing))
                    .Select(m => m.Metric.Code).ToList();
                return broken.Count > 0 ? (ResultsVerdict.Harmful, best, broken) : (ResultsVerdict.Ship, best, []);
            case ExperimentVerdict.Harmful:
                return (ResultsVerdict.Harmful, null, []);
            case ExperimentVerdict.NoDifference:
                return (ResultsVerdict.NoDifference, null, []);
            default:
                return (ResultsVerdict.KeepRunning, null, []);
        }
    }

    private static List<VariantRoi> Roi(List<ExperimentVariant> variants, IReadOnlyList<ArmFigures>? revenue)
    {
        if (revenue is null || revenue.Count == 0 || variants.Count < 2)
        {
            return [];
        }
        var control = revenue[0];
        return [.. variants.Skip(1).Select((v, i) =>
        {
            var arm = revenue[i + 1];
            var lift = arm.Learners == 0 || control.Learners == 0 ? 0 : arm.Mean - control.Mean;
            var incremental = lift * arm.Learners;
            var cost = (double)v.CostPerLearner * arm.Learners;
            var net = incremental - cost;
            return new VariantRoi(v.Key, v.Name, arm.Learners, lift, incremental, cost, net, cost > 0 ? net / cost : null);
        })];
    }

    private static double[] Normalised(List<double> weights)
    {
        var sum = weights.Sum();
        return sum > 0 ? [.. weights.Select(w => w / sum)] : [.. weights.Select(_ => 1.0 / weights.Count)];
    }
}
