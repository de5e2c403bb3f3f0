using System.ComponentModel.DataAnnotations;

namespace OpsConsole.Privacy;

public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Raw events older than this many days (by when they occurred) are deleted each night; 0 keeps them forever.</summary>
    [Range(0, 36500)]
    public int EventRetentionDays { get; set; }

    /// <summary>Events deleted per statement, so a first purge of years of history never holds one huge transaction.</summary>
    [Range(100, 1_000_000)]
    public int RetentionBatchSize { get; set; } = 10_000;

    /// <summary>Cron of the retention job, in the platform's time zone.</summary>
    [Required]
    public string RetentionCron { get; set; } = "15 4 * * *";
}
