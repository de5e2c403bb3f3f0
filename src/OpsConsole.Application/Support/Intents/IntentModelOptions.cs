using System.ComponentModel.DataAnnotations;

namespace OpsConsole.Support;

/// <summary>How the desk's intent model is trained, promoted and used (section <c>Support:Intents</c>).</summary>
public sealed class IntentModelOptions : IValidatableObject
{
    public const string Section = "Support:Intents";

    /// <summary>Tickets with an agent-confirmed intent a model needs, counting only intents that reach <see cref="MinimumPerIntent"/>.</summary>
    [Range(2, 10_000_000)]
    public int MinimumExamples { get; set; } = 50;

    /// <summary>
    /// Confirmed tickets an intent needs to be learnt; rarer intents are left out of the model until agents confirm
    /// more, since a handful of texts can neither teach an intent nor measure it.
    /// </summary>
    [Range(2, 1_000_000)]
    public int MinimumPerIntent { get; set; } = 5;

    /// <summary>Only the most recent confirmed tickets are read, which bounds a run's memory and time as the desk grows.</summary>
    [Range(10, 10_000_000)]
    public int MaximumExamples { get; set; } = 100_000;

    /// <summary>Share of each intent's tickets held out to evaluate the model (stratified, the same split for the same tickets).</summary>
    [Range(0.05, 0.5)]
    public double TestFraction { get; set; } = 0.2;

    /// <summary>
    /// A new version replaces the active one without a manager only if its macro-F1 is at most this much lower;
    /// otherwise it waits as Ready for a manager to promote it.
    /// </summary>
    [Range(0.0, 1.0)]
    public double AutoPromoteMargin { get; set; } = 0.02;

    /// <summary>
    /// Versions whose trained model stays stored for a promotion or a rollback, newest first, besides the active one.
    /// Older versions keep their figures for the history but drop the model, since nightly retraining adds one a day.
    /// </summary>
    [Range(1, 1000)]
    public int KeepModels { get; set; } = 10;

    /// <summary>When the nightly retraining runs (cron, platform time zone).</summary>
    [Required]
    public string RetrainCron { get; set; } = "15 3 * * *";

    /// <summary>How often each instance checks which version is active, so a promotion elsewhere reaches it.</summary>
    [Range(0.5, 3600)]
    public double ActiveModelPollSeconds { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaximumExamples < MinimumExamples)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(MaximumExamples)} ({MaximumExamples}) must not be below {Section}:{nameof(MinimumExamples)} ({MinimumExamples}).",
                [nameof(MaximumExamples)]);
        }
        if (MinimumExamples < 2 * MinimumPerIntent)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(MinimumExamples)} ({MinimumExamples}) must be at least twice {Section}:{nameof(MinimumPerIntent)} ({MinimumPerIntent}): a model needs two intents.",
                [nameof(MinimumExamples)]);
        }
    }
}
