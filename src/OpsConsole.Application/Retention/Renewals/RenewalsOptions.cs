using System.ComponentModel.DataAnnotations;

namespace OpsConsole.Retention.Renewals;

/// <summary>The renewals view and its reminders (section <c>Retention:Renewals</c>).</summary>
public sealed class RenewalsOptions : IValidatableObject
{
    public const string Section = "Retention:Renewals";

    /// <summary>A learner reminded this many days ago or less is skipped by the next reminder, so nobody is nagged daily.</summary>
    [Range(0, 365)]
    public int ReminderCooldownDays { get; set; } = 7;

    /// <summary>The shorter "expiring in the next N days" window: the page's first toggle and a summary card.</summary>
    [Range(1, 366)]
    public int ShortWindowDays { get; set; } = 7;

    /// <summary>The longer window: the page's second toggle and a summary card. Must be longer than the short one.</summary>
    [Range(1, 366)]
    public int LongWindowDays { get; set; } = 30;

    /// <summary>
    /// Days after a period ends unpaid during which the platform is still retrying the charge: such a membership is neither
    /// renewed nor lapsed yet, so the rates leave it out until the retry is decided.
    /// </summary>
    [Range(0, 60)]
    public int RetryGraceDays { get; set; } = 3;

    /// <summary>Months of start cohorts on the renewal-rate report, the current month included.</summary>
    [Range(1, 120)]
    public int CohortMonths { get; set; } = 24;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LongWindowDays <= ShortWindowDays)
        {
            yield return new ValidationResult(
                $"{Section}:LongWindowDays ({LongWindowDays}) must be greater than {Section}:ShortWindowDays ({ShortWindowDays}).",
                [nameof(LongWindowDays), nameof(ShortWindowDays)]);
        }
    }
}
