namespace OpsConsole.Recommendations;

/// <summary>
/// One learner–item interaction in dense index space. <see cref="Weight"/> is the signal strength
/// (a purchase counts more than a view; a MovieLens rating is 1); <see cref="Timestamp"/> is Unix seconds.
/// </summary>
public readonly record struct Interaction(int User, int Item, float Weight, long Timestamp);

/// <summary>What generators may know about an item besides who touched it.</summary>
public sealed record ItemFeatures(string Id, string Title, string Topic, IReadOnlyList<string> Tags, bool Available);

/// <summary>
/// Everything a generator trains on, in dense indexes: users 0..UserCount-1, items 0..Items.Count-1.
/// <see cref="Interactions"/> are sorted by user, then time. <see cref="Now"/> anchors time decay so a
/// training run is reproducible.
/// </summary>
public sealed class TrainingSet
{
    public required int UserCount { get; init; }
    public required IReadOnlyList<ItemFeatures> Items { get; init; }
    public required IReadOnlyList<Interaction> Interactions { get; init; }
    public required long Now { get; init; }

    public int ItemCount => Items.Count;
}

/// <summary>
/// The history a model scores for one learner at serving time: items in time order (oldest first) with weights
/// and Unix-second timestamps, plus what cold-start needs (stated interest topics, acquisition channel).
/// </summary>
public sealed record LearnerHistory(
    IReadOnlyList<int> Items,
    IReadOnlyList<float> Weights,
    IReadOnlyList<long> Timestamps,
    IReadOnlyList<string> InterestTopics,
    string? Channel)
{
    public static readonly LearnerHistory Empty = new([], [], [], [], null);

    public bool IsEmpty => Items.Count == 0;
}

public enum ReasonKind
{
    /// <summary>Learners who took the anchor item also took this one.</summary>
    SimilarToHistory,
    /// <summary>Learners who finished or bought the anchor item went on to this one.</summary>
    NextAfter,
    /// <summary>Popular across the platform lately.</summary>
    Popular,
    /// <summary>Popular lately in the topic.</summary>
    PopularInTopic,
    /// <summary>Shares tags or title words with the anchor item.</summary>
    SimilarContent,
    /// <summary>Popular lately with learners who joined through the same channel (<see cref="Reason.Topic"/> holds the channel).</summary>
    PopularInChannel,
}

/// <summary>Why a model scored an item: the kind, and the history item or topic behind it.</summary>
public sealed record Reason(ReasonKind Kind, int? AnchorItem = null, string? Topic = null);

/// <summary>
/// A trained candidate generator. Immutable and safe to share across threads, so serving can swap one model
/// for another without locking requests out.
/// </summary>
public interface ICandidateModel
{
    string Generator { get; }

    int ItemCount { get; }

    /// <summary>Writes a score for every item into <paramref name="scores"/> (length <see cref="ItemCount"/>); higher is better, 0 means no opinion.</summary>
    void Score(LearnerHistory history, Span<float> scores);

    /// <summary>The main reason this model scored <paramref name="item"/> for this history.</summary>
    Reason Explain(LearnerHistory history, int item);

    /// <summary>Serialises the trained state so the model registry can store it and any instance can load it.</summary>
    void Save(Stream stream);
}

/// <summary>A candidate-generation algorithm: trains a model and reloads a saved one.</summary>
public interface ICandidateGenerator
{
    /// <summary>Stable name used by the CLI, the registry and the API (e.g. <c>ease</c>, <c>itemknn</c>).</summary>
    string Name { get; }

    ICandidateModel Train(TrainingSet data, CancellationToken cancellationToken = default);

    ICandidateModel Load(Stream stream);
}
