using Microsoft.ML.Data;

namespace OpsConsole.Support;

/// <summary>A TF-IDF vector as sorted term indices and weights, with its length kept for cosines.</summary>
internal readonly struct SparseVector
{
    private readonly int[] _indices;
    private readonly float[] _values;

    private SparseVector(int[] indices, float[] values)
    {
        _indices = indices;
        _values = values;
        double sum = 0;
        foreach (var v in values)
        {
            sum += (double)v * v;
        }
        Norm = Math.Sqrt(sum);
    }

    public double Norm { get; }

    public bool IsEmpty => Norm == 0;

    public static SparseVector From(VBuffer<float> buffer)
    {
        var values = buffer.GetValues().ToArray();
        var indices = buffer.IsDense ? Enumerable.Range(0, values.Length).ToArray() : buffer.GetIndices().ToArray();
        return new SparseVector(indices, values);
    }

    public double Cosine(SparseVector other)
    {
        if (IsEmpty || other.IsEmpty)
        {
            return 0;
        }
        double dot = 0;
        int i = 0, j = 0;
        while (i < _indices.Length && j < other._indices.Length)
        {
            var a = _indices[i];
            var b = other._indices[j];
            if (a == b)
            {
                dot += (double)_values[i++] * other._values[j++];
            }
            else if (a < b)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return dot / (Norm * other.Norm);
    }
}

/// <summary>
/// Cosine similarity of short texts over the intent model's TF-IDF features: words, word pairs and character
/// n-grams inside words, so Chinese (no spaces, every character a word) compares as well as English.
/// </summary>
internal sealed class TextSimilarity
{
    /// <summary>
    /// Every term counts, even one seen in a single document: in a corpus of a few hundred articles the rare words
    /// are what tell one article from another. Character n-grams stop at four, enough for Chinese words.
    /// </summary>
    private static readonly TextFeatureOptions Options = new() { MinDocumentFrequency = 1, MaxCharNgram = 4 };

    private readonly TextFeaturizer? _featurizer;

    private TextSimilarity(TextFeaturizer? featurizer, SparseVector[] documents)
    {
        _featurizer = featurizer;
        Documents = documents;
    }

    /// <summary>The fitted documents' vectors, in the order they were given.</summary>
    public IReadOnlyList<SparseVector> Documents { get; }

    public static TextSimilarity Fit(IReadOnlyList<string> documents, CancellationToken cancellationToken = default)
    {
        if (documents.Count == 0)
        {
            return new TextSimilarity(null, []);
        }
        var featurizer = TextFeaturizer.Fit(documents, Options, cancellationToken);
        return new TextSimilarity(featurizer, documents.Select(d => SparseVector.From(featurizer.Transform(d))).ToArray());
    }

    /// <summary>The text in the fitted vocabulary; words no document holds cannot match anything, so they are left out.</summary>
    public SparseVector Vector(string text) => _featurizer is null ? default : SparseVector.From(_featurizer.Transform(text));
}
