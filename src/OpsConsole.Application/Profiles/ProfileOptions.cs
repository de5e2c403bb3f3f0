using System.ComponentModel.DataAnnotations;

namespace OpsConsole.Profiles;

/// <summary>How profiles are derived (section <c>Profiles</c>). The lifecycle day counts are the README's rules.</summary>
public sealed class ProfileOptions
{
    public const string Section = "Profiles";

    /// <summary>An interest signal loses half its weight after this many days.</summary>
    [Range(1, 3650)]
    public double InterestHalfLifeDays { get; set; } = 30;

    /// <summary>Tags kept per learner (strongest first).</summary>
    [Range(1, 50)]
    public int InterestsKept { get; set; } = 10;

    /// <summary>A learner first active this many days ago or fewer is New.</summary>
    [Range(1, 365)]
    public int NewDays { get; set; } = 14;

    /// <summary>No activity for this many days makes an established learner At risk.</summary>
    [Range(1, 365)]
    public int AtRiskAfterDays { get; set; } = 14;

    /// <summary>No activity for this many days makes a learner Dormant; a gap this long before coming back counts as a reactivation.</summary>
    [Range(1, 730)]
    public int DormantAfterDays { get; set; } = 30;

    /// <summary>No activity for this many days and no active membership makes a learner Churned.</summary>
    [Range(1, 1825)]
    public int ChurnedAfterDays { get; set; } = 60;

    /// <summary>A learner who came back from a dormant gap stays Reactivated for this many days.</summary>
    [Range(1, 365)]
    public int ReactivatedForDays { get; set; } = 30;

    /// <summary>Personas found by k-means at each full rebuild.</summary>
    [Range(2, 20)]
    public int Personas { get; set; } = 6;

    /// <summary>The currency profiles report money in.</summary>
    [Required, RegularExpression("^[A-Z]{3}$")]
    public string Currency { get; set; } = "CNY";

    /// <summary>
    /// Units of <see cref="Currency"/> per unit of another currency, e.g. <c>{"USD": 7.1}</c>. Payments in a currency
    /// with no rate still count as orders but add nothing to spend, rather than being added at a made-up rate.
    /// </summary>
    public Dictionary<string, decimal> ExchangeRates { get; set; } = [];

    /// <summary>When the full rebuild runs (cron, platform time zone). It also re-scores RFM and re-fits personas.</summary>
    [Required]
    public string RebuildCron { get; set; } = "0 3 * * *";

    /// <summary>How often new events are looked for, to refresh the profiles of the learners they name.</summary>
    [Range(0.2, 3600)]
    public double RefreshIntervalSeconds { get; set; } = 2;

    /// <summary>Learners refreshed per database round trip when new events arrive.</summary>
    [Range(1, 10_000)]
    public int RefreshBatch { get; set; } = 500;

    public bool Validate(out string? error)
    {
        error = null;
        if (!(NewDays <= DormantAfterDays && AtRiskAfterDays < DormantAfterDays && DormantAfterDays < ChurnedAfterDays))
        {
            error = $"{Section}: expected AtRiskAfterDays < DormantAfterDays < ChurnedAfterDays and NewDays <= DormantAfterDays.";
            return false;
        }
        foreach (var (code, rate) in ExchangeRates)
        {
            if (code.Length != 3 || rate <= 0)
            {
                error = $"{Section}:ExchangeRates:{code} must be a three-letter currency code with a rate above 0.";
                return false;
            }
        }
        return true;
    }
}
