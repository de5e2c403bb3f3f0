namespace OpsConsole.Recommendations;

/// <summary>Settings of <see cref="EaseGenerator"/>.</summary>
public sealed record EaseOptions
{
    /// <summary>
    /// L2 penalty on the item–item weights; larger values trust co-occurrence less. The default, with
    /// <see cref="Dropout"/> 0.6 and binary input, scored best on the MovieLens-100k yardstick (see the README).
    /// </summary>
    public double Lambda { get; init; } = 250;

    public InteractionWeighting Weighting { get; init; } = InteractionWeighting.Binary;

    /// <summary>
    /// Dropout rate p of the denoising variant (EDLAE, Steck 2020): item i is penalised by λ + p/(1−p)·Gᵢᵢ, so popular
    /// items, whose self-co-occurrence is large, are regularised more. 0 gives plain EASE.
    /// </summary>
    public double Dropout { get; init; } = 0.6;

    public void Validate()
    {
        if (!(Lambda > 0) || double.IsInfinity(Lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(Lambda), Lambda, "EASE needs a positive, finite lambda.");
        }
        if (!(Dropout >= 0 && Dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "The dropout rate must lie in [0, 1).");
        }
    }
}

/// <summary>
/// EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", 2019): the item–item weight matrix
/// B = argmin ‖X − XB‖² + λ‖B‖² with a zero diagonal has the closed form P = (XᵀX + λI)⁻¹, B = I − P·diag(1/diag P).
/// A learner's scores are the sum of the rows of B for the items they have.
/// </summary>
/// <remarks>
/// <para>
/// Training holds one n×n double matrix (the Gram matrix, inverted in place) and then the n×n float weights, so its
/// peak is 12·n² bytes plus the sparse interactions; the trained model keeps 4·n² bytes. On a 24 GiB machine, with
/// about 2 GiB left to the runtime, the operating system and the interaction data, that caps EASE at about
/// 44,000 items (and .NET arrays stop at 46,340² elements anyway). Time grows as n³ (about n³ flops; 1,682 items
/// train in 1–3 s, 8,000 in about 5 minutes on two busy cores), which is why <see cref="EngineOptions.EaseMaxItems"/>
/// switches to item-kNN well before memory runs out.
/// </para>
/// <para>
/// Above <paramref name="maxItems"/> items, or when the free memory cannot hold the matrices, training is handed to
/// <paramref name="fallback"/> (item-kNN in <see cref="CandidateGenerators"/>), whose model says so in its
/// <see cref="ICandidateModel.Generator"/>.
/// </para>
/// </remarks>
public sealed class EaseGenerator(EaseOptions? options = null, int maxItems = EngineOptions.DefaultEaseMaxItems, ICandidateGenerator? fallback = null) : ICandidateGenerator
{
    public const string GeneratorName = "ease";

    private readonly EaseOptions _options = options ?? new EaseOptions();

    public string Name => GeneratorName;

    /// <summary>Peak bytes training needs for <paramref name="items"/> items, besides the interactions.</summary>
    public static long TrainingBytes(int items) => 12L * items * items;

    public ICandidateModel Train(TrainingSet data, CancellationToken cancellationToken = default)
    {
        _options.Validate();
        var n = data.ItemCount;
        if (n > maxItems || (long)n * n > Array.MaxLength || TrainingBytes(n) > AvailableBytes())
        {
            return fallback?.Train(data, cancellationToken)
                ?? throw new InvalidOperationException(
                    $"EASE over {n:N0} items needs {TrainingBytes(n) / (1 << 20):N0} MiB and is limited to {maxItems:N0} items; use item-kNN.");
        }

        var users = InteractionMatrix.Build(data, _options.Weighting);
        var items = users.Transpose();
        var gram = new double[(long)n * n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            // Row i of the lower triangle: for every learner of item i, their items up to i. Rows list items in
            // ascending order, so each stops early and no two threads write the same cell.
            var row = gram.AsSpan(i * n, i + 1);
            var learners = items.RowIndices(i);
            var strengths = items.RowValues(i);
            for (var u = 0; u < learners.Length; u++)
            {
                var xi = (double)strengths[u];
                var others = users.RowIndices(learners[u]);
                var values = users.RowValues(learners[u]);
                for (var q = 0; q < others.Length && others[q] <= i; q++)
                {
                    row[others[q]] += xi * values[q];
                }
            }
            row[i] += _options.Lambda + _options.Dropout / (1 - _options.Dropout) * row[i];
        });

        SymmetricInverse.Invert(gram, n, cancellationToken);

        var weights = GC.AllocateUninitializedArray<float>(n * n);
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, h =>
        {
            var p = gram.AsSpan(h * n, n);
            var b = weights.AsSpan(h * n, n);
            for (var j = 0; j < n; j++)
            {
                // P is symmetric, so row h of P·diag(1/diag P) reads along row h.
                b[j] = j == h ? 0f : (float)(-p[j] / gram[(long)j * n + j]);
            }
        });
        return new EaseModel(n, _options, weights);
    }

    /// <summary>Loads an EASE model, or the item-kNN model this generator trained in its place for a large catalogue.</summary>
    public ICandidateModel Load(Stream stream)
    {
        if (stream.CanSeek)
        {
            var start = stream.Position;
            string saved;
            using (var header = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                saved = ModelFormat.ReadHeader(header).Generator;
            }
            stream.Position = start;
            if (saved == ItemKnnGenerator.GeneratorName)
            {
                return (fallback ?? new ItemKnnGenerator()).Load(stream);
            }
        }
        var (reader, _) = ModelFormat.BeginRead(stream, GeneratorName, EaseModel.FormatVersion);
        using (reader)
        {
            var n = reader.ReadInt32();
            var options = new EaseOptions { Lambda = reader.ReadDouble(), Weighting = (InteractionWeighting)reader.ReadInt32(), Dropout = reader.ReadDouble() };
            var weights = ModelFormat.ReadArray<float>(reader);
            if ((long)n * n != weights.Length)
            {
                throw new InvalidDataException($"The EASE model declares {n} items but holds {weights.Length} weights.");
            }
            return new EaseModel(n, options, weights);
        }
    }

    private static long AvailableBytes()
    {
        var info = GC.GetGCMemoryInfo();
        return info.TotalAvailableMemoryBytes - info.MemoryLoadBytes;
    }
}

/// <summary>A trained EASE weight matrix (row-major floats, zero diagonal).</summary>
public sealed class EaseModel : ICandidateModel
{
    internal const int FormatVersion = 1;

    private readonly float[] _weights;

    internal EaseModel(int itemCount, EaseOptions options, float[] weights)
    {
        ItemCount = itemCount;
        Options = options;
        _weights = weights;
    }

    public string Generator => EaseGenerator.GeneratorName;

    public int ItemCount { get; }

    public EaseOptions Options { get; }

    /// <summary>The learned weight of item <paramref name="from"/> towards item <paramref name="to"/>.</summary>
    public float Weight(int from, int to) => _weights[(long)from * ItemCount + to];

    public void Score(LearnerHistory history, Span<float> scores)
    {
        scores[..ItemCount].Clear();
        foreach (var (item, weight) in InteractionMatrix.Distinct(history, Options.Weighting, ItemCount))
        {
            VectorMath.Axpy(weight, _weights.AsSpan(item * ItemCount, ItemCount), scores);
        }
    }

    public Reason Explain(LearnerHistory history, int item)
    {
        int? anchor = null;
        var best = float.NegativeInfinity;
        foreach (var (from, weight) in InteractionMatrix.Distinct(history, Options.Weighting, ItemCount))
        {
            var contribution = weight * Weight(from, item);
            if (from != item && contribution > best)
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
        writer.Write(ItemCount);
        writer.Write(Options.Lambda);
        writer.Write((int)Options.Weighting);
        writer.Write(Options.Dropout);
        ModelFormat.WriteArray<float>(writer, _weights);
    }
}
