using System.ComponentModel.DataAnnotations;

namespace OpsConsole.Recommendations;

/// <summary>How the recommender trains and serves (section <c>Recommendations</c>).</summary>
public sealed class RecommenderOptions
{
    public const string Section = "Recommendations";

    /// <summary>Days of events a model learns from, ending at the training time.</summary>
    [Range(7, 3650)]
    public int HistoryDays { get; set; } = 180;

    /// <summary>The last days of that window are held out to evaluate each generator and choose the one that ranks the final list.</summary>
    [Range(1, 90)]
    public int HoldoutDays { get; set; } = 7;

    /// <summary>The cut-off K of the offline metrics recorded for every version.</summary>
    [Range(1, 100)]
    public int EvaluationK { get; set; } = 10;

    /// <summary>At most this many items of one topic in a served list, so one interest cannot crowd out the rest.</summary>
    [Range(1, 100)]
    public int MaxPerTopic { get; set; } = 3;

    /// <summary>
    /// Above this many catalogue items the collaborative generator is item-kNN instead of EASE: EASE's n×n matrices take
    /// 12·n² bytes while training (about 44,000 items on 24 GiB), and its n³ inversion takes minutes beyond 8,000.
    /// </summary>
    [Range(2, 44_000)]
    public int EaseMaxItems { get; set; } = EngineOptions.DefaultEaseMaxItems;

    /// <summary>EASE's L2 regularisation (λ).</summary>
    [Range(0.001, 1e7)]
    public double EaseLambda { get; set; } = 250;

    /// <summary>Popularity loses half its weight after this many days.</summary>
    [Range(0.5, 3650)]
    public double PopularityHalfLifeDays { get; set; } = 14;

    /// <summary>When the nightly retraining runs (cron, platform time zone).</summary>
    [Required]
    public string RetrainCron { get; set; } = "30 2 * * *";

    /// <summary>How often each instance checks which version is active, so a promotion elsewhere reaches it.</summary>
    [Range(0.5, 3600)]
    public double ActiveModelPollSeconds { get; set; } = 5;

    /// <summary>Learners whose state serving keeps in memory between requests (per instance).</summary>
    [Range(0, 10_000_000)]
    public int LearnerCacheSize { get; set; } = 200_000;

    /// <summary>How long a clicked or bought recommended item is credited to the list that showed it.</summary>
    [Range(1, 90)]
    public int AttributionDays { get; set; } = 7;
}
