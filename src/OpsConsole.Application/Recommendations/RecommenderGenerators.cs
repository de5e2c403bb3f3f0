namespace OpsConsole.Recommendations;

/// <summary>The candidate generators one training run trains, configured from <see cref="RecommenderOptions"/>, and a loader by name.</summary>
public sealed class RecommenderGenerators(RecommenderOptions options)
{
    public const string Ease = "ease";
    public const string ItemKnn = "itemknn";
    public const string Sequence = "sequence";
    public const string Popularity = "popularity";
    public const string Content = "content";

    public EngineOptions Engine { get; } = new()
    {
        EaseMaxItems = options.EaseMaxItems,
        Ease = new EaseOptions { Lambda = options.EaseLambda },
        Popularity = new PopularityOptions { HalfLifeDays = options.PopularityHalfLifeDays },
    };

    /// <summary>
    /// The collaborative generator (EASE, which trains item-kNN itself above <see cref="RecommenderOptions.EaseMaxItems"/>
    /// items), the sequence-aware one, popularity (cold start and fill) and content (items nobody touched yet).
    /// </summary>
    public IReadOnlyList<ICandidateGenerator> ForTraining() => [.. new[] { Ease, Sequence, Popularity, Content }.Select(Create)];

    public ICandidateGenerator Create(string name) => CandidateGenerators.Create(name, Engine);

    public ICandidateGenerator? Find(string name) => CandidateGenerators.Names.Contains(name) ? Create(name) : null;
}
