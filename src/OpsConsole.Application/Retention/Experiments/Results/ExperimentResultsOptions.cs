using System.ComponentModel.DataAnnotations;
using OpsConsole.Retention.Experiments.Stats;

namespace OpsConsole.Experiments.Results;

/// <summary>How experiment results are measured and judged (section <c>Retention:Experiments</c>).</summary>
public sealed class ExperimentResultsOptions : IValidatableObject
{
    public const string Section = "Retention:Experiments";

    /// <summary>Days after exposure in which a purchase, a renewal or revenue counts for the learner.</summary>
    [Range(1, 365)]
    public int ConversionWindowDays { get; set; } = 14;

    /// <summary>Reduce variance with each learner's pre-exposure value of the same metric.</summary>
    public bool Cuped { get; set; } = true;

    /// <summary>Days before exposure the CUPED covariate is measured over.</summary>
    [Range(1, 365)]
    public int PrePeriodDays { get; set; } = 14;

    [Range(0.001, 0.5)]
    public double Alpha { get; set; } = 0.05;

    /// <summary>The chance to beat control shown as convincing on the page.</summary>
    [Range(0.5, 0.999)]
    public double ChanceToWinThreshold { get; set; } = 0.95;

    /// <summary>Always-valid intervals, so looking at running results every hour does not inflate false positives.</summary>
    public bool Sequential { get; set; }

    /// <summary>Correction of p-values across every metric and treatment of an experiment.</summary>
    public CorrectionMethod Correction { get; set; } = CorrectionMethod.HolmBonferroni;

    /// <summary>When experiments-evaluate recomputes the results of running experiments.</summary>
    [Required]
    public string EvaluateCron { get; set; } = "0 * * * *";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Correction))
        {
            yield return new ValidationResult($"{Section}:{nameof(Correction)} must be None, HolmBonferroni or BenjaminiHochberg.", [nameof(Correction)]);
        }
    }
}
