namespace OpsConsole.Experiments;

/// <summary>
/// An A/B retention experiment: who it targets (a saved segment, or every learner), the arms it splits them into, what
/// it is judged on, and how it ended. Variants are frozen when it starts, so every exposure refers to the arms it ran with.
/// </summary>
public sealed class Experiment
{
    public const int KeyMaxLength = 64;
    public const int NameMaxLength = 120;
    public const int HypothesisMaxLength = 2000;
    public const int SeedMaxLength = 64;
    public const int GuardrailsMaxLength = 256;
    public const int ActorMaxLength = 256;
    public const int DecisionReasonMaxLength = 2000;

    public int Id { get; set; }
    /// <summary>Lower-case slug the platform asks for assignments with, e.g. <c>renewal-reminder-2026</c>.</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    public string Hypothesis { get; set; } = "";
    /// <summary>The saved segment a learner must belong to; null targets every learner.</summary>
    public int? SegmentId { get; set; }
    /// <summary>Salts the assignment hash. Defaults to the key, so two experiments never split learners the same way.</summary>
    public required string Seed { get; set; }
    public ExperimentStatus Status { get; set; }

    public ExperimentMetric PrimaryMetric { get; set; }
    /// <summary>N of <see cref="ExperimentMetric.RetentionDayN"/>; null for the other metrics.</summary>
    public int? RetentionDay { get; set; }
    /// <summary>Metrics that must not get worse, as space-separated codes (see <see cref="MetricSpec"/>).</summary>
    public string GuardrailMetrics { get; set; } = "";
    /// <summary>The smallest relative change of the primary metric worth detecting (0.05 = 5%), for sizing the test.</summary>
    public double MinimumDetectableEffect { get; set; }

    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public string? StartedBy { get; set; }
    public DateTime? StoppedAt { get; set; }
    public string? StoppedBy { get; set; }

    public ExperimentDecision? Decision { get; set; }
    /// <summary>The arm rolled out when <see cref="Decision"/> is <see cref="ExperimentDecision.ShipVariant"/>.</summary>
    public string? ShippedVariantKey { get; set; }
    public string? DecisionReason { get; set; }

    /// <summary>The arms in their display order.</summary>
    public List<ExperimentVariant> Variants { get; set; } = [];

    public MetricSpec Primary => new(PrimaryMetric, RetentionDay);

    public IReadOnlyList<MetricSpec> Guardrails => MetricSpec.ParseList(GuardrailMetrics);
}

/// <summary>Draft → running → stopped; nothing goes back.</summary>
public enum ExperimentStatus
{
    /// <summary>Being designed: editable, assigns nobody.</summary>
    Draft = 0,
    /// <summary>Assigning learners; its variants can no longer change.</summary>
    Running = 1,
    /// <summary>Finished with a decision; assigns nobody.</summary>
    Stopped = 2,
}

public enum ExperimentMetric
{
    /// <summary>Share of exposed learners active again N days after exposure.</summary>
    RetentionDayN = 0,
    /// <summary>Share of exposed members who renewed.</summary>
    MembershipRenewal = 1,
    /// <summary>Share of exposed learners who bought anything.</summary>
    PurchaseConversion = 2,
    /// <summary>Net revenue per exposed learner.</summary>
    RevenuePerLearner = 3,
}

public enum ExperimentDecision
{
    /// <summary>A treatment won and is rolled out (<see cref="Experiment.ShippedVariantKey"/>).</summary>
    ShipVariant = 0,
    /// <summary>No treatment beat control; the product stays as it was.</summary>
    KeepControl = 1,
    /// <summary>The data could not tell the arms apart.</summary>
    Inconclusive = 2,
}
