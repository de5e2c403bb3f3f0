namespace OpsConsole.Recommendations;

/// <summary>Settings of <see cref="PopularityGenerator"/>.</summary>
public sealed record PopularityOptions
{
    /// <summary>An interaction this many days before <see cref="TrainingSet.Now"/> counts half as much as one now.</summary>
    public double HalfLifeDays { get; init; } = 30;

    /// <summary>
    /// How strongly a learner's topics lift the items popular within them: an item scores its platform-wide popularity
    /// plus this times the learner's share in its topic times its popularity within the topic.
    /// </summary>
    public double TopicBoost { get; init; } = 1;

    public void Validate()
    {
        if (!(HalfLifeDays > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(HalfLifeDays), HalfLifeDays, "The half-life must be a positive number of days.");
        }
        if (!(TopicBoost >= 0) || double.IsInfinity(TopicBoost))
        {
            throw new ArgumentOutOfRangeException(nameof(TopicBoost), TopicBoost, "The topic boost must be a finite number ≥ 0.");
        }
    }
}

/// <summary>
/// Time-decayed popularity, platform-wide and within each topic. Each interaction adds its weight times
/// 2^(−age / half-life), so last month's bestseller outranks last year's. A learner's history (or, when it is empty,
/// their stated interest topics) decides which topics' popular items are lifted: the cold-start fallback of the engine.
/// </summary>
public sealed class PopularityGenerator(PopularityOptions? options = null) : ICandidateGenerator
{
    public const string GeneratorName = "popularity";

    private readonly PopularityOptions _options = options ?? new PopularityOptions();

    public string Name => GeneratorName;

    public ICandidateModel Train(TrainingSet data, CancellationToken cancellationToken = default)
    {
        _options.Validate();
        var n = data.ItemCount;
        var halfLifeSeconds = _options.HalfLifeDays * 86_400;
        var raw = new double[n];
        foreach (var interaction in data.Interactions)
        {
            if ((uint)interaction.Item < (uint)n)
            {
                var age = Math.Max(0, data.Now - interaction.Timestamp);
                raw[interaction.Item] += interaction.Weight * Math.Pow(2, -age / halfLifeSeconds);
            }
        }

        var topics = new List<string>();
        var topicIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var itemTopic = new int[n];
        for (var i = 0; i < n; i++)
        {
            itemTopic[i] = TopicOf(data.Items[i].Topic, topics, topicIndex);
        }
        var overallMax = raw.DefaultIfEmpty(0).Max();
        var topicMax = new double[topics.Count];
        for (var i = 0; i < n; i++)
        {
            if (itemTopic[i] >= 0)
            {
                topicMax[itemTopic[i]] = Math.Max(topicMax[itemTopic[i]], raw[i]);
            }
        }
        var overall = new float[n];
        var withinTopic = new float[n];
        for (var i = 0; i < n; i++)
        {
            overall[i] = overallMax > 0 ? (float)(raw[i] / overallMax) : 0f;
            withinTopic[i] = itemTopic[i] >= 0 && topicMax[itemTopic[i]] > 0 ? (float)(raw[i] / topicMax[itemTopic[i]]) : 0f;
        }
        return new PopularityModel(_options.TopicBoost, [.. topics], itemTopic, overall, withinTopic);
    }

    public ICandidateModel Load(Stream stream)
    {
        var (reader, _) = ModelFormat.BeginRead(stream, GeneratorName, PopularityModel.FormatVersion);
        using (reader)
        {
            var boost = reader.ReadDouble();
            var topics = ModelFormat.ReadStrings(reader);
            var itemTopic = ModelFormat.ReadArray<int>(reader);
            var overall = ModelFormat.ReadArray<float>(reader);
            var withinTopic = ModelFormat.ReadArray<float>(reader);
            if (overall.Length != itemTopic.Length || withinTopic.Length != itemTopic.Length || itemTopic.Any(t => t >= topics.Length))
            {
                throw new InvalidDataException("The popularity model's arrays do not agree.");
            }
            return new PopularityModel(boost, topics, itemTopic, overall, withinTopic);
        }
    }

    private static int TopicOf(string? topic, List<string> topics, Dictionary<string, int> index)
    {
        var name = topic?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return -1;
        }
        if (!index.TryGetValue(name, out var at))
        {
            index[name] = at = topics.Count;
            topics.Add(name);
        }
        return at;
    }
}

/// <summary>Decayed popularity per item, normalised to 1 for the top item overall and within each topic.</summary>
public sealed class PopularityModel : ICandidateModel
{
    internal const int FormatVersion = 1;

    private readonly double _topicBoost;
    private readonly string[] _topics;
    private readonly Dictionary<string, int> _topicIndex;
    private readonly int[] _itemTopic;
    private readonly float[] _overall;
    private readonly float[] _withinTopic;

    internal PopularityModel(double topicBoost, string[] topics, int[] itemTopic, float[] overall, float[] withinTopic)
    {
        _topicBoost = topicBoost;
        _topics = topics;
        _topicIndex = topics.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.OrdinalIgnoreCase);
        _itemTopic = itemTopic;
        _overall = overall;
        _withinTopic = withinTopic;
    }

    public string Generator => PopularityGenerator.GeneratorName;

    public int ItemCount => _overall.Length;

    /// <summary>The item's decayed popularity relative to the most popular item (1).</summary>
    public float Popularity(int item) => _overall[item];

    public void Score(LearnerHistory history, Span<float> scores)
    {
        var shares = TopicShares(history);
        for (var i = 0; i < ItemCount; i++)
        {
            var topic = _itemTopic[i];
            var lift = topic >= 0 && shares.TryGetValue(topic, out var share) ? _topicBoost * share * _withinTopic[i] : 0;
            scores[i] = (float)(_overall[i] + lift);
        }
    }

    public Reason Explain(LearnerHistory history, int item)
    {
        var topic = _itemTopic[item];
        if (topic >= 0 && TopicShares(history).TryGetValue(topic, out var share) && _topicBoost * share * _withinTopic[item] > 0)
        {
            return new Reason(ReasonKind.PopularInTopic, Topic: _topics[topic]);
        }
        return new Reason(ReasonKind.Popular);
    }

    public void Save(Stream stream)
    {
        using var writer = ModelFormat.BeginWrite(stream, Generator, FormatVersion);
        writer.Write(_topicBoost);
        ModelFormat.WriteStrings(writer, _topics);
        ModelFormat.WriteArray<int>(writer, _itemTopic);
        ModelFormat.WriteArray<float>(writer, _overall);
        ModelFormat.WriteArray<float>(writer, _withinTopic);
    }

    /// <summary>
    /// The share of each topic in the learner's history by weight; with no history, their interest topics share
    /// equally; with neither, nothing is lifted.
    /// </summary>
    private Dictionary<int, double> TopicShares(LearnerHistory history)
    {
        var shares = new Dictionary<int, double>();
        var total = 0.0;
        for (var i = 0; i < history.Items.Count; i++)
        {
            var item = history.Items[i];
            if ((uint)item >= (uint)ItemCount || _itemTopic[item] < 0)
            {
                continue;
            }
            var weight = i < history.Weights.Count ? Math.Max(0, history.Weights[i]) : 1;
            shares[_itemTopic[item]] = shares.GetValueOrDefault(_itemTopic[item]) + weight;
            total += weight;
        }
        if (total == 0)
        {
            shares.Clear();
            foreach (var interest in history.InterestTopics)
            {
                if (interest is not null && _topicIndex.TryGetValue(interest.Trim(), out var topic))
                {
                    shares[topic] = 1;
                }
            }
            total = shares.Count;
        }
        foreach (var topic in shares.Keys.ToArray())
        {
            shares[topic] /= total;
        }
        return shares;
    }
}
