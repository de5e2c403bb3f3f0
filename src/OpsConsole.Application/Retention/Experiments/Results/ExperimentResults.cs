using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Experiments.Results;

/// <summary>What an experiment shows at <see cref="ComputedAt"/>: every metric analysed, the traffic check, the money and the verdict.</summary>
public sealed record ExperimentResults(
    string ExperimentKey,
    DateTime ComputedAt,
    IReadOnlyList<VariantExposures> Exposures,
    SrmResult? Srm,
    IReadOnlyList<MetricResult> Metrics,
    IReadOnlyList<VariantRoi> Roi,
    ResultsVerdict Verdict,
    string? BestVariant,
    IReadOnlyList<string> BrokenGuardrails,
    bool CupedApplied,
    CorrectionMethod Correction)
{
    public long TotalExposures => Exposures.Sum(e => e.Learners);

    public MetricResult? Primary => Metrics.FirstOrDefault(m => m.IsPrimary);
}

/// <summary>The decision aid in plain words. <see cref="NoData"/>: nobody is exposed (or matured) yet.</summary>
public enum ResultsVerdict
{
    NoData,
    KeepRunning,
    Ship,
    NoDifference,
    Harmful,
    SampleRatioMismatch,
}

public sealed record VariantExposures(string VariantKey, string Name, bool IsControl, double Weight, long Learners);

/// <summary>
/// One metric: each arm's figures (control first) and, once every arm has a learner, the analysis with p-values corrected
/// across every metric and treatment. <see cref="Series"/> is the cumulative rate or mean by exposure day.
/// </summary>
public sealed record MetricResult(
    MetricSpec Metric,
    bool IsPrimary,
    MetricKind Kind,
    IReadOnlyList<ArmFigures> Arms,
    ExperimentAnalysis? Analysis,
    MetricSeries Series);

public sealed record ArmFigures(string VariantKey, string Name, long Learners, double Sum, double Mean);

public sealed record MetricSeries(IReadOnlyList<DateOnly> Days, IReadOnlyList<VariantSeries> Variants);

/// <summary>Null where the arm had nobody exposed yet by that day.</summary>
public sealed record VariantSeries(string VariantKey, string Name, IReadOnlyList<double?> Values);

/// <summary>
/// What a treatment earned against its cost: (revenue per learner − control's) × treated learners, less the cost of
/// treating them. <see cref="Roi"/> is net over cost, null when treating costs nothing.
/// </summary>
public sealed record VariantRoi(string VariantKey, string Name, long Treated, double RevenueLiftPerLearner, double IncrementalRevenue, double Cost, double Net, double? Roi);
