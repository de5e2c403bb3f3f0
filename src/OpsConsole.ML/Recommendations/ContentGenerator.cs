using System.Globalization;
using System.Text;

namespace OpsConsole.Recommendations;

/// <summary>Settings of <see cref="ContentGenerator"/>.</summary>
public sealed record ContentOptions
{
    /// <summary>Weight of a tag relative to one occurrence of a title word (tags are curated, titles are prose).</summary>
    public double TagWeight { get; init; } = 2;

    /// <summary>Weight of the item's topic relative to one occurrence of a title word.</summary>
    public double TopicWeight { get; init; } = 1;

    public InteractionWeighting Weighting { get; init; } = InteractionWeighting.Binary;

    public void Validate()
    {
        if (!(TagWeight >= 0) || !(TopicWeight >= 0) || double.IsInfinity(TagWeight) || double.IsInfinity(TopicWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(TagWeight), "Tag and topic weights must be finite numbers ≥ 0.");
        }
    }
}

/// <summary>
/// Content similarity: every item becomes a TF-IDF vector over its tags, topic and title words (Latin words, and
/// character bigrams for Chinese and Japanese titles), normalised to unit length. A learner's items are compared with
/// every other item by cosine, so an item nobody has touched yet is offered as soon as it shares tags with what the
/// learner took. Learners without history are matched on their stated interest topics.
/// </summary>
public sealed class ContentGenerator(ContentOptions? options = null) : ICandidateGenerator
{
    public const string GeneratorName = "content";

    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "and", "are", "as", "at", "by", "for", "from", "how", "in", "into", "is", "it", "of", "on", "or",
        "the", "to", "with", "your", "you", "vs", "via",
    ];

    private readonly ContentOptions _options = options ?? new ContentOptions();

    public string Name => GeneratorName;

    public ICandidateModel Train(TrainingSet data, CancellationToken cancellationToken = default)
    {
        _options.Validate();
        var n = data.ItemCount;
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = new List<string>();
        var documents = new Dictionary<int, double>[n];
        for (var i = 0; i < n; i++)
        {
            var document = documents[i] = [];
            foreach (var (term, weight) in Terms(data.Items[i], _options))
            {
                if (!vocabulary.TryGetValue(term, out var t))
                {
                    vocabulary[term] = t = terms.Count;
                    terms.Add(term);
                }
                document[t] = document.GetValueOrDefault(t) + weight;
            }
        }
        var documentFrequency = new int[terms.Count];
        foreach (var document in documents)
        {
            foreach (var t in document.Keys)
            {
                documentFrequency[t]++;
            }
        }

        var offsets = new int[n + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (var i = 0; i < n; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var weighted = documents[i]
                .Select(p => (Term: p.Key, Value: p.Value * (Math.Log((1.0 + n) / (1.0 + documentFrequency[p.Key])) + 1)))
                .Where(p => p.Value > 0)
                .OrderBy(p => p.Term)
                .ToArray();
            var norm = Math.Sqrt(weighted.Sum(p => p.Value * p.Value));
            foreach (var (term, value) in weighted)
            {
                indices.Add(term);
                values.Add((float)(value / norm));
            }
            offsets[i + 1] = indices.Count;
        }
        return new ContentModel(new SparseMatrix(n, terms.Count, offsets, [.. indices], [.. values]), [.. terms], _options.Weighting);
    }

    public ICandidateModel Load(Stream stream)
    {
        var (reader, _) = ModelFormat.BeginRead(stream, GeneratorName, ContentModel.FormatVersion);
        using (reader)
        {
            var weighting = (InteractionWeighting)reader.ReadInt32();
            var terms = ModelFormat.ReadStrings(reader);
            var vectors = SparseMatrix.Read(reader);
            if (vectors.Columns != terms.Length)
            {
                throw new InvalidDataException("The content model's vocabulary and vectors do not agree.");
            }
            return new ContentModel(vectors, terms, weighting);
        }
    }

    internal static string TopicTerm(string topic) => "@" + Normalise(topic);

    internal static string TagTerm(string tag) => "#" + Normalise(tag);

    /// <summary>The item's terms with their raw weights: tags and topic once each, title words per occurrence.</summary>
    internal static IEnumerable<(string Term, double Weight)> Terms(ItemFeatures item, ContentOptions options)
    {
        foreach (var tag in item.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(TagTerm).Distinct())
        {
            yield return (tag, options.TagWeight);
        }
        if (!string.IsNullOrWhiteSpace(item.Topic))
        {
            yield return (TopicTerm(item.Topic), options.TopicWeight);
        }
        foreach (var word in TitleWords(item.Title))
        {
            yield return (word, 1);
        }
    }

    /// <summary>Lower-cased Latin words of two or more characters (no stop words) and CJK character bigrams.</summary>
    internal static IEnumerable<string> TitleWords(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            yield break;
        }
        var text = title.Normalize(NormalizationForm.FormKC);
        var i = 0;
        while (i < text.Length)
        {
            if (IsCjk(text[i]))
            {
                var start = i;
                while (i < text.Length && IsCjk(text[i]))
                {
                    i++;
                }
                if (i - start == 1)
                {
                    yield return text[start].ToString();
                }
                for (var c = start; c + 1 < i; c++)
                {
                    yield return text.Substring(c, 2);
                }
            }
            else if (char.IsLetterOrDigit(text[i]))
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '+' or '#') && !IsCjk(text[i]))
                {
                    i++;
                }
                var word = text[start..i].ToLower(CultureInfo.InvariantCulture);
                if (word.Length >= 2 && !StopWords.Contains(word))
                {
                    yield return word;
                }
            }
            else
            {
                i++;
            }
        }
    }

    private static string Normalise(string text) => text.Trim().Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);

    private static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\u3040' and <= '\u30FF' or >= '\uF900' and <= '\uFAFF';
}

/// <summary>Unit TF-IDF vectors per item (rows) and the same matrix by term for scoring.</summary>
public sealed class ContentModel : ICandidateModel
{
    internal const int FormatVersion = 1;

    private readonly SparseMatrix _postings;
    private readonly string[] _terms;
    private readonly Dictionary<string, int> _termIndex;

    internal ContentModel(SparseMatrix vectors, string[] terms, InteractionWeighting weighting)
    {
        Vectors = vectors;
        _postings = vectors.Transpose();
        _terms = terms;
        _termIndex = terms.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        Weighting = weighting;
    }

    public string Generator => ContentGenerator.GeneratorName;

    public int ItemCount => Vectors.Rows;

    public SparseMatrix Vectors { get; }

    public InteractionWeighting Weighting { get; }

    /// <summary>Cosine similarity of two items' content.</summary>
    public float Similarity(int a, int b)
    {
        var ia = Vectors.RowIndices(a);
        var va = Vectors.RowValues(a);
        var ib = Vectors.RowIndices(b);
        var vb = Vectors.RowValues(b);
        var sum = 0f;
        for (int x = 0, y = 0; x < ia.Length && y < ib.Length;)
        {
            if (ia[x] == ib[y])
            {
                sum += va[x++] * vb[y++];
            }
            else if (ia[x] < ib[y])
            {
                x++;
            }
            else
            {
                y++;
            }
        }
        return sum;
    }

    /// <summary>
    /// The mean cosine between each item and the learner's items (weighted); for an empty history, the cosine with
    /// the learner's interest topics.
    /// </summary>
    public void Score(LearnerHistory history, Span<float> scores)
    {
        scores[..ItemCount].Clear();
        var items = InteractionMatrix.Distinct(history, Weighting, ItemCount);
        if (items.Count == 0)
        {
            var interests = InterestTerms(history);
            foreach (var term in interests)
            {
                AddPostings(term, 1f / MathF.Sqrt(interests.Count), scores);
            }
            return;
        }
        var total = items.Sum(i => i.Weight);
        if (total <= 0)
        {
            return;
        }
        foreach (var (item, weight) in items)
        {
            var terms = Vectors.RowIndices(item);
            var values = Vectors.RowValues(item);
            for (var q = 0; q < terms.Length; q++)
            {
                AddPostings(terms[q], weight / total * values[q], scores);
            }
        }
    }

    public Reason Explain(LearnerHistory history, int item)
    {
        var items = InteractionMatrix.Distinct(history, Weighting, ItemCount);
        if (items.Count == 0)
        {
            var shared = history.InterestTopics.FirstOrDefault(t => t is not null && InterestTerms(t).Any(term => Vectors.Get(item, term) > 0));
            return new Reason(ReasonKind.SimilarContent, Topic: shared);
        }
        int? anchor = null;
        var best = 0f;
        foreach (var (from, weight) in items)
        {
            var contribution = weight * Similarity(from, item);
            if (from != item && contribution > best)
            {
                best = contribution;
                anchor = from;
            }
        }
        return new Reason(ReasonKind.SimilarContent, anchor);
    }

    public void Save(Stream stream)
    {
        using var writer = ModelFormat.BeginWrite(stream, Generator, FormatVersion);
        writer.Write((int)Weighting);
        ModelFormat.WriteStrings(writer, _terms);
        Vectors.Write(writer);
    }

    private void AddPostings(int term, float weight, Span<float> scores)
    {
        var items = _postings.RowIndices(term);
        var values = _postings.RowValues(term);
        for (var p = 0; p < items.Length; p++)
        {
            scores[items[p]] += weight * values[p];
        }
    }

    private List<int> InterestTerms(LearnerHistory history) =>
        [.. history.InterestTopics.Where(t => !string.IsNullOrWhiteSpace(t)).SelectMany(InterestTerms).Distinct()];

    /// <summary>An interest topic matches items of that topic and items tagged with it.</summary>
    private IEnumerable<int> InterestTerms(string topic)
    {
        foreach (var term in new[] { ContentGenerator.TopicTerm(topic), ContentGenerator.TagTerm(topic) })
        {
            if (_termIndex.TryGetValue(term, out var index))
            {
                yield return index;
            }
        }
    }
}
