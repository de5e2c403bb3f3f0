namespace OpsConsole.Experiments;

/// <summary>A field at fault, named as the API and the designer name it: <c>key</c>, <c>variants[1].weight</c>.</summary>
public sealed record ExperimentFieldError(string Field, string Message);

/// <summary>One or more fields of a draft or a stop request are missing or wrong; nothing was saved.</summary>
public sealed class ExperimentValidationException(IReadOnlyList<ExperimentFieldError> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<ExperimentFieldError> Errors { get; } = errors;
}

/// <summary>No experiment has the key.</summary>
public sealed class ExperimentNotFoundException(string key) : Exception($"No experiment has the key '{key}'.")
{
    public string Key { get; } = key;
}

/// <summary>The step is not possible in the experiment's status (e.g. editing a running experiment).</summary>
public sealed class ExperimentStateException(string key, ExperimentStatus status, string message) : Exception(message)
{
    public string Key { get; } = key;
    public ExperimentStatus Status { get; } = status;
}

/// <summary>No learner has the id.</summary>
public sealed class UnknownLearnerException(string learnerId) : Exception($"No learner has the id '{learnerId}'.")
{
    public string LearnerId { get; } = learnerId;
}

/// <summary>An experiment as the designer edits it. A blank seed means "the key".</summary>
public sealed record ExperimentDraft(
    string Key,
    string Name,
    string Hypothesis,
    int? SegmentId,
    string? Seed,
    MetricSpec PrimaryMetric,
    IReadOnlyList<MetricSpec> GuardrailMetrics,
    double MinimumDetectableEffect,
    IReadOnlyList<VariantDraft> Variants);

/// <summary>An arm as the designer edits it. A blank payload means <c>{}</c>.</summary>
public sealed record VariantDraft(string Key, string Name, double Weight, string? Payload, decimal CostPerLearner, bool IsControl);

/// <summary>How an experiment ended: the decision, the arm shipped (for <see cref="ExperimentDecision.ShipVariant"/>) and why.</summary>
public sealed record StopRequest(ExperimentDecision? Decision, string? ShippedVariantKey, string? Reason);

public enum ExperimentSort
{
    Created = 0,
    Name = 1,
    Status = 2,
    Started = 3,
    Exposures = 4,
}

public sealed record ExperimentQuery(ExperimentStatus? Status = null, ExperimentSort Sort = ExperimentSort.Created, bool Descending = true, int Page = 0, int PageSize = 25);

/// <summary>A row of the experiments list.</summary>
public sealed record ExperimentSummary(
    string Key,
    string Name,
    ExperimentStatus Status,
    MetricSpec PrimaryMetric,
    string? SegmentName,
    int Variants,
    int Exposures,
    DateTime CreatedAt,
    string? CreatedBy,
    DateTime? StartedAt,
    DateTime? StoppedAt,
    ExperimentDecision? Decision);

public sealed record ExperimentListPage(IReadOnlyList<ExperimentSummary> Rows, int Total, IReadOnlyDictionary<ExperimentStatus, int> StatusCounts);

/// <summary>An experiment with its arms (in order), the name of its target segment and how many learners each arm exposed.</summary>
public sealed record ExperimentDetails(Experiment Experiment, string? SegmentName, IReadOnlyDictionary<string, int> ExposuresByVariant)
{
    public int Exposures => ExposuresByVariant.Values.Sum();
}

/// <summary>Why an assignment gave no arm.</summary>
public enum NoVariantReason
{
    /// <summary>The experiment is still a draft.</summary>
    NotStarted = 0,
    /// <summary>The experiment has stopped.</summary>
    Stopped = 1,
    /// <summary>The learner is not in the experiment's target segment.</summary>
    NotInSegment = 2,
}

/// <summary>
/// The arm a learner is in, with its payload; or no arm and why. <see cref="NewlyExposed"/> is true for the one call
/// that logged the learner's exposure.
/// </summary>
public sealed record AssignmentResult(string ExperimentKey, ExperimentVariant? Variant, NoVariantReason? Reason, bool NewlyExposed);
