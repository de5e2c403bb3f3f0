using System.ComponentModel.DataAnnotations;

namespace OpsConsole.Retention.Churn;

/// <summary>
/// What counts as churn and how the churn model learns it (section <c>Retention:Churn</c>).
/// <para>
/// A learner seen at an as-of date churns within the label horizon when, at the end of the horizon, they have been
/// inactive for <see cref="InactiveDays"/> days and hold no active membership; or when a membership they held at the
/// as-of date expires within the horizon and is not renewed within <see cref="GraceDays"/>.
/// </para>
/// </summary>
public sealed class ChurnOptions : IValidatableObject
{
    public const string Section = "Retention:Churn";

    /// <summary>Platform days without activity after which a learner without an active membership has churned.</summary>
    [Range(1, 365)]
    public int InactiveDays { get; set; } = 30;

    /// <summary>Days after a membership expires in which a renewal still keeps the learner.</summary>
    [Range(0, 60)]
    public int GraceDays { get; set; } = 7;

    /// <summary>How far after the as-of date the label looks: churn is judged at the as-of date plus this many days.</summary>
    [Range(1, 365)]
    public int LabelHorizonDays { get; set; } = 30;

    /// <summary>Days between two training snapshots.</summary>
    [Range(1, 180)]
    public int SnapshotSpacingDays { get; set; } = 14;

    /// <summary>Snapshot dates a training run takes at most (the latest first, going back).</summary>
    [Range(1, 52)]
    public int Snapshots { get; set; } = 6;

    /// <summary>Days of history before a snapshot date, so its windows (up to 42 days) see real behaviour.</summary>
    [Range(0, 365)]
    public int MinHistoryDays { get; set; } = 28;

    /// <summary>Boosting rounds (trees).</summary>
    [Range(1, 5000)]
    public int Trees { get; set; } = 300;

    /// <summary>Leaves per tree.</summary>
    [Range(2, 1024)]
    public int Leaves { get; set; } = 16;

    [Range(1e-4, 1.0)]
    public double LearningRate { get; set; } = 0.05;

    /// <summary>A leaf holds at least this many training rows (fewer on very small data sets).</summary>
    [Range(1, 10_000)]
    public int MinExamplesPerLeaf { get; set; } = 20;

    /// <summary>Seeds the learner split and the trees, so a run can be repeated.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Share of learners held out to measure the model.</summary>
    [Range(0.05, 0.5)]
    public double TestFraction { get; set; } = 0.2;

    /// <summary>How many drivers each scored learner gets.</summary>
    [Range(1, 10)]
    public int Drivers { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GraceDays >= LabelHorizonDays)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(GraceDays)} ({GraceDays}) must be shorter than {nameof(LabelHorizonDays)} ({LabelHorizonDays}).",
                [nameof(GraceDays), nameof(LabelHorizonDays)]);
        }
    }

    internal TabularTrainingOptions Training => new(Trees, Leaves, LearningRate, MinExamplesPerLeaf, Seed);
}
