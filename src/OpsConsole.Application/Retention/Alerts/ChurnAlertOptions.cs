using System.ComponentModel.DataAnnotations;

namespace OpsConsole.Retention;

/// <summary>How churn alerts are raised and followed up (section <c>Retention:Alerts</c>).</summary>
public sealed class ChurnAlertOptions : IValidatableObject
{
    public const string Section = "Retention:Alerts";

    /// <summary>The risk at which a learner no threshold rule matches raises an alert.</summary>
    [Range(0.0, 1.0)]
    public double DefaultThreshold { get; set; } = 0.7;

    /// <summary>Net spend (platform currency) from which a learner is high value.</summary>
    [Range(0.0, 1e12)]
    public decimal HighValueMinSpend { get; set; } = 2000m;

    /// <summary>Net spend from which a learner is medium value; below it, low value.</summary>
    [Range(0.0, 1e12)]
    public decimal MediumValueMinSpend { get; set; } = 300m;

    /// <summary>Days after the retention action when the outcome is decided: stayed if active since and not cancelled.</summary>
    [Range(1, 365)]
    public int OutcomeAfterDays { get; set; } = 30;

    /// <summary>When the outcome-tracking job runs, in the platform's time zone (five-field cron).</summary>
    [Required]
    public string OutcomeCron { get; set; } = "30 3 * * *";

    /// <summary>Days of daily risk points kept per learner for the risk-over-time chart.</summary>
    [Range(7, 3650)]
    public int HistoryDays { get; set; } = 400;

    /// <summary>
    /// Alerts of one scoring run pushed live to the console, most valuable and riskiest first. A first run of a new
    /// model can raise thousands; the rest are on the alerts page, which any push refreshes.
    /// </summary>
    [Range(0, 1000)]
    public int MaxLivePushesPerRun { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MediumValueMinSpend >= HighValueMinSpend)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(MediumValueMinSpend)} ({MediumValueMinSpend}) must be below {nameof(HighValueMinSpend)} ({HighValueMinSpend}).",
                [nameof(MediumValueMinSpend), nameof(HighValueMinSpend)]);
        }
    }

    public ValueTier TierOf(decimal? netSpend) => netSpend switch
    {
        { } s when s >= HighValueMinSpend => ValueTier.High,
        { } s when s >= MediumValueMinSpend => ValueTier.Medium,
        _ => ValueTier.Low,
    };
}
