namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// What an experiment needs to detect the given effect: units per arm (control first, in the weights' proportions),
/// their total, and — when the daily number of eligible learners is known — how many days that takes.
/// </summary>
public sealed record PowerResult(
    MetricKind Kind,
    double BaselineMean,
    double TreatmentMean,
    double AbsoluteEffect,
    double RelativeEffect,
    double Alpha,
    double Power,
    IReadOnlyList<double> Weights,
    IReadOnlyList<long> SampleSizePerVariant,
    long TotalSampleSize,
    int? DurationDays);
