namespace OpsConsole.Recommendations;

/// <summary>The candidate generators this build knows, by name, and the set one training run trains.</summary>
public sealed class RecommenderGenerators(IEnumerable<ICandidateGenerator> generators, RecommenderOptions options)
{
    public const string Ease = "ease";
    public const string ItemKnn = "itemknn";
    public const string Sequence = "sequence";
    public const string Popularity = "popularity";
    public const string Content = "content";

    private readonly Dictionary<string, ICandidateGenerator> _byName = generators.ToDictionary(g => g.Name, StringComparer.Ordinal);

    public ICandidateGenerator? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// EASE while its two n×n matrices fit (<see cref="RecommenderOptions.EaseMaxItems"/>), item-kNN above: both answer
    /// "learners who took this also took", which is what item pages and reasons need.
    /// </summary>
    public string CollaborativeFor(int items) => items <= options.EaseMaxItems ? Ease : ItemKnn;

    public IReadOnlyList<ICandidateGenerator> ForCatalogue(int items) =>
        [.. new[] { CollaborativeFor(items), Sequence, Popularity, Content }.Select(n => Find(n) ?? throw new InvalidOperationException($"No '{n}' generator is registered."))];
}
