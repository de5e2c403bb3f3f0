namespace OpsConsole.Recommendations;

/// <summary>Settings of <see cref="ItemKnnGenerator"/>.</summary>
public sealed record ItemKnnOptions
{
    /// <summary>Neighbours kept per item; memory is about 8·k bytes per item. More helped on MovieLens up to about 400.</summary>
    public int Neighbours { get; init; } = 400;

    /// <summary>
    /// Added to the cosine's denominator so pairs seen together by only a few learners count less: without it two
    /// items taken by one and the same learner are perfectly similar. Costs about 0.001 NDCG on MovieLens.
    /// </summary>
    public double Shrink { get; init; } = 5;

    public InteractionWeighting Weighting { get; init; } = InteractionWeighting.Binary;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Neighbours, 1, nameof(Neighbours));
        if (!(Shrink >= 0) || double.IsInfinity(Shrink))
        {
            throw new ArgumentOutOfRangeException(nameof(Shrink), Shrink, "The shrink term must be a finite number ≥ 0.");
        }
    }
}

/// <summary>
/// Item-based k-nearest neighbours: the cosine of two items' learner vectors (co-occurrence over the geometric mean of
/// their popularities, shrunk towards 0 for thin evidence), keeping the k most similar neighbours of each item in a
/// sparse matrix. Training costs Σ over learners of their item count squared and memory linear in the catalogue,
/// so it serves catalogues far beyond EASE's dense limit.
/// </summary>
public sealed class ItemKnnGenerator(ItemKnnOptions? options = null) : ICandidateGenerator
{
    public const string GeneratorName = "itemknn";

    private readonly ItemKnnOptions _options = options ?? new ItemKnnOptions();

    public string Name => GeneratorName;

    public ICandidateModel Train(TrainingSet data, CancellationToken cancellationToken = default)
    {
        _options.Validate();
        var n = data.ItemCount;
        var users = InteractionMatrix.Build(data, _options.Weighting);
        var items = users.Transpose();
        var norms = new double[n];
        for (var i = 0; i < n; i++)
        {
            foreach (var v in items.RowValues(i))
            {
                norms[i] += (double)v * v;
            }
            norms[i] = Math.Sqrt(norms[i]);
        }

        var k = Math.Min(_options.Neighbours, Math.Max(0, n - 1));
        var neighbours = new int[n][];
        var similarities = new float[n][];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, () => (new double[n], new List<int>(), new float[n], new int[n]), (i, _, state) =>
        {
            var (dot, touched, sims, seenBy) = state;
            var learners = items.RowIndices(i);
            var strengths = items.RowValues(i);
            for (var u = 0; u < learners.Length; u++)
            {
                var others = users.RowIndices(learners[u]);
                var values = users.RowValues(learners[u]);
                for (var q = 0; q < others.Length; q++)
                {
                    var j = others[q];
                    if (j == i)
                    {
                        continue;
                    }
                    if (seenBy[j] != i + 1)
                    {
                        seenBy[j] = i + 1;
                        touched.Add(j);
                    }
                    dot[j] += (double)strengths[u] * values[q];
                }
            }
            foreach (var j in touched)
            {
                sims[j] = (float)(dot[j] / (norms[i] * norms[j] + _options.Shrink));
            }
            var top = new int[Math.Min(k, touched.Count)];
            var count = TopOf(touched, sims, top);
            var kept = top[..count];
            Array.Sort(kept);
            neighbours[i] = kept;
            similarities[i] = [.. kept.Select(j => sims[j])];
            foreach (var j in touched)
            {
                dot[j] = 0;
                sims[j] = 0;
            }
            touched.Clear();
            return state;
        }, _ => { });

        var offsets = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            offsets[i + 1] = offsets[i] + neighbours[i].Length;
        }
        var indices = new int[offsets[n]];
        var values = new float[offsets[n]];
        for (var i = 0; i < n; i++)
        {
            neighbours[i].CopyTo(indices, offsets[i]);
            similarities[i].CopyTo(values, offsets[i]);
        }
        return new ItemKnnModel(new SparseMatrix(n, n, offsets, indices, values), _options.Weighting);
    }

    public ICandidateModel Load(Stream stream)
    {
        var (reader, _) = ModelFormat.BeginRead(stream, GeneratorName, ItemKnnModel.FormatVersion);
        using (reader)
        {
            var weighting = (InteractionWeighting)reader.ReadInt32();
            return new ItemKnnModel(SparseMatrix.Read(reader), weighting);
        }
    }

    /// <summary>The best candidates by similarity, ties to the lower index.</summary>
    private static int TopOf(List<int> candidates, float[] similarities, int[] into)
    {
        if (into.Length == 0)
        {
            return 0;
        }
        var ordered = candidates.Order().ToArray();
        var scores = new float[ordered.Length];
        for (var c = 0; c < ordered.Length; c++)
        {
            scores[c] = similarities[ordered[c]];
        }
        var positions = new int[into.Length];
        var count = Ranking.TopK(scores, into.Length, positions);
        for (var c = 0; c < count; c++)
        {
            into[c] = ordered[positions[c]];
        }
        return count;
    }
}

/// <summary>A trained neighbourhood: row i lists item i's nearest items and their similarities.</summary>
public sealed class ItemKnnModel : ICandidateModel
{
    internal const int FormatVersion = 1;

    internal ItemKnnModel(SparseMatrix neighbours, InteractionWeighting weighting)
    {
        Neighbours = neighbours;
        Weighting = weighting;
    }

    public string Generator => ItemKnnGenerator.GeneratorName;

    public int ItemCount => Neighbours.Rows;

    public SparseMatrix Neighbours { get; }

    public InteractionWeighting Weighting { get; }

    public void Score(LearnerHistory history, Span<float> scores)
    {
        scores[..ItemCount].Clear();
        foreach (var (item, weight) in InteractionMatrix.Distinct(history, Weighting, ItemCount))
        {
            var indices = Neighbours.RowIndices(item);
            var values = Neighbours.RowValues(item);
            for (var q = 0; q < indices.Length; q++)
            {
                scores[indices[q]] += weight * values[q];
            }
        }
    }

    public Reason Explain(LearnerHistory history, int item)
    {
        int? anchor = null;
        var best = 0f;
        foreach (var (from, weight) in InteractionMatrix.Distinct(history, Weighting, ItemCount))
        {
            var contribution = weight * Neighbours.Get(from, item);
            if (contribution > best)
            {
                best = contribution;
                anchor = from;
            }
        }
        return new Reason(ReasonKind.SimilarToHistory, anchor);
    }

    public void Save(Stream stream)
    {
        using var writer = ModelFormat.BeginWrite(stream, Generator, FormatVersion);
        writer.Write((int)Weighting);
        Neighbours.Write(writer);
    }
}
