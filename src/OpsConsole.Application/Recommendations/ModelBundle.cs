using System.Text;

namespace OpsConsole.Recommendations;

/// <summary>
/// Everything one model version serves with: the item ids its dense indexes stand for, each trained generator,
/// which of them ranks the final list (or the learned re-ranker over all of them), and per-channel popularity for
/// learners with no history yet.
/// Immutable once built, so requests keep using a bundle while another replaces it.
/// </summary>
public sealed class ModelBundle
{
    private const string Magic = "OPSREC";
    private const int FormatVersion = 1;

    private readonly Dictionary<string, int> _indexOf;

    /// <summary>The name <see cref="Primary"/> takes when the learned re-ranker orders the final list.</summary>
    public const string Rerank = "rerank";

    public ModelBundle(int version, string primary, IReadOnlyList<string> itemIds, IReadOnlyDictionary<string, ICandidateModel> models,
        IReadOnlyDictionary<string, float[]> channelPopularity, Reranker? reranker = null, RerankFeatures? rerankFeatures = null)
    {
        if (primary == Rerank ? reranker is null || rerankFeatures is null : !models.ContainsKey(primary))
        {
            throw new ArgumentException($"The primary ranker '{primary}' is not in the bundle.", nameof(primary));
        }
        if ((reranker is null) != (rerankFeatures is null))
        {
            throw new ArgumentException("A re-ranker needs its feature builder, and only then.", nameof(rerankFeatures));
        }
        Reranker = reranker;
        RerankFeatures = rerankFeatures;
        Version = version;
        Primary = primary;
        ItemIds = itemIds;
        Models = models;
        ChannelPopularity = channelPopularity;
        _indexOf = new Dictionary<string, int>(itemIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < itemIds.Count; i++)
        {
            _indexOf[itemIds[i]] = i;
        }
    }

    public int Version { get; }
    public string Primary { get; }
    public IReadOnlyList<string> ItemIds { get; }
    public IReadOnlyDictionary<string, ICandidateModel> Models { get; }
    public IReadOnlyDictionary<string, float[]> ChannelPopularity { get; }

    /// <summary>The learned re-ranker, when one was trained (it ranks only when <see cref="Primary"/> is <see cref="Rerank"/>).</summary>
    public Reranker? Reranker { get; }
    public RerankFeatures? RerankFeatures { get; }

    public int ItemCount => ItemIds.Count;

    public bool TryIndexOf(string itemId, out int index) => _indexOf.TryGetValue(itemId, out index);

    public ModelBundle WithVersion(int version) => new(version, Primary, ItemIds, Models, ChannelPopularity, Reranker, RerankFeatures);

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Version);
            writer.Write(Primary);
            writer.Write(ItemIds.Count);
            foreach (var id in ItemIds)
            {
                writer.Write(id);
            }
            writer.Write(ChannelPopularity.Count);
            foreach (var (channel, scores) in ChannelPopularity)
            {
                writer.Write(channel);
                foreach (var score in scores)
                {
                    writer.Write(score);
                }
            }
            writer.Write(Models.Count);
            foreach (var (name, model) in Models)
            {
                using var part = new MemoryStream();
                model.Save(part);
                writer.Write(name);
                writer.Write(part.Length);
                writer.Write(part.GetBuffer(), 0, (int)part.Length);
            }
            writer.Write(Reranker is not null);
            if (Reranker is not null && RerankFeatures is not null)
            {
                foreach (var (topic, count) in RerankFeatures.Topics.Zip(RerankFeatures.LearnersPerItem))
                {
                    writer.Write(topic);
                    writer.Write(count);
                }
                var model = Reranker.ToBytes();
                writer.Write(model.Length);
                writer.Write(model);
            }
        }
        return buffer.ToArray();
    }

    public static ModelBundle FromBytes(byte[] content, Func<string, ICandidateGenerator?> generators)
    {
        using var reader = new BinaryReader(new MemoryStream(content, writable: false), Encoding.UTF8);
        if (reader.ReadString() != Magic || reader.ReadInt32() is var format && format != FormatVersion)
        {
            throw new InvalidDataException("Not a recommender model bundle of a format this version reads.");
        }
        var version = reader.ReadInt32();
        var primary = reader.ReadString();
        var itemIds = new string[reader.ReadInt32()];
        for (var i = 0; i < itemIds.Length; i++)
        {
            itemIds[i] = reader.ReadString();
        }
        var channels = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var c = reader.ReadInt32(); c > 0; c--)
        {
            var channel = reader.ReadString();
            var scores = new float[itemIds.Length];
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = reader.ReadSingle();
            }
            channels[channel] = scores;
        }
        var models = new Dictionary<string, ICandidateModel>(StringComparer.Ordinal);
        for (var m = reader.ReadInt32(); m > 0; m--)
        {
            var name = reader.ReadString();
            var length = reader.ReadInt64();
            var bytes = reader.ReadBytes(checked((int)length));
            var generator = generators(name) ?? throw new InvalidDataException($"The bundle holds a '{name}' model, which this version cannot load.");
            using var part = new MemoryStream(bytes, writable: false);
            models[name] = generator.Load(part);
        }
        Reranker? reranker = null;
        RerankFeatures? features = null;
        if (reader.BaseStream.Position < reader.BaseStream.Length && reader.ReadBoolean())
        {
            var topics = new string[itemIds.Length];
            var counts = new float[itemIds.Length];
            for (var i = 0; i < itemIds.Length; i++)
            {
                topics[i] = reader.ReadString();
                counts[i] = reader.ReadSingle();
            }
            features = new RerankFeatures(topics, counts);
            reranker = Reranker.FromBytes(reader.ReadBytes(reader.ReadInt32()));
        }
        return new ModelBundle(version, primary, itemIds, models, channels, reranker, features);
    }
}
