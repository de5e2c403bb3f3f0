namespace OpsConsole.Recommendations;

/// <summary>Settings of every generator, and when EASE gives way to item-kNN.</summary>
public sealed record EngineOptions
{
    /// <summary>
    /// Above this many items EASE trains item-kNN instead. EASE's memory would allow about 44,000 items on 24 GiB
    /// (12·n² bytes at peak), but its n³ training time is the tighter bound: on two busy cores 4,000 items took 26 s
    /// and 8,000 items 5.4 minutes (867 MiB peak working set), so 10,000 items take about 10 minutes.
    /// </summary>
    public const int DefaultEaseMaxItems = 10_000;

    public int EaseMaxItems { get; init; } = DefaultEaseMaxItems;

    public EaseOptions Ease { get; init; } = new();

    public ItemKnnOptions ItemKnn { get; init; } = new();

    public SequenceOptions Sequence { get; init; } = new();

    public PopularityOptions Popularity { get; init; } = new();

    public ContentOptions Content { get; init; } = new();
}

/// <summary>The generators by name, and a loader for any saved model.</summary>
public static class CandidateGenerators
{
    /// <summary>Every generator name, in the order the console lists them.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        EaseGenerator.GeneratorName, ItemKnnGenerator.GeneratorName, SequenceGenerator.GeneratorName,
        PopularityGenerator.GeneratorName, ContentGenerator.GeneratorName,
    ];

    /// <summary>
    /// The generator called <paramref name="name"/> (case-insensitive). <c>ease</c> hands catalogues above
    /// <see cref="EngineOptions.EaseMaxItems"/> items to item-kNN; the model it returns then names itself <c>itemknn</c>.
    /// </summary>
    /// <exception cref="ArgumentException">No generator has that name.</exception>
    public static ICandidateGenerator Create(string name, EngineOptions? options = null)
    {
        options ??= new EngineOptions();
        return name.Trim().ToLowerInvariant() switch
        {
            EaseGenerator.GeneratorName => new EaseGenerator(options.Ease, options.EaseMaxItems, new ItemKnnGenerator(options.ItemKnn)),
            ItemKnnGenerator.GeneratorName => new ItemKnnGenerator(options.ItemKnn),
            SequenceGenerator.GeneratorName => new SequenceGenerator(options.Sequence),
            PopularityGenerator.GeneratorName => new PopularityGenerator(options.Popularity),
            ContentGenerator.GeneratorName => new ContentGenerator(options.Content),
            _ => throw new ArgumentException($"Unknown candidate generator '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>Loads a model saved by any generator, dispatching on the name in its header.</summary>
    public static ICandidateModel Load(Stream stream)
    {
        if (!stream.CanSeek)
        {
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            buffer.Position = 0;
            stream = buffer;
        }
        var start = stream.Position;
        string generator;
        using (var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            generator = ModelFormat.ReadHeader(reader).Generator;
        }
        stream.Position = start;
        if (!Names.Contains(generator))
        {
            throw new InvalidDataException($"The model was saved by an unknown generator '{generator}'.");
        }
        return Create(generator).Load(stream);
    }
}
