namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// Everything a results page or a recompute job needs for one metric: the control, each variant against it, the
/// sample ratio check, CUPED's θ when used, and the verdict with the variant to ship when there is one.
/// </summary>
public sealed record ExperimentAnalysis(
    MetricKind Kind,
    AnalysisOptions Options,
    ArmResult Control,
    IReadOnlyList<VariantResult> Variants,
    SrmResult Srm,
    double? CupedTheta,
    ExperimentVerdict Verdict,
    string? BestVariant);
