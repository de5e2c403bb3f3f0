namespace OpsConsole.Recommendations;

/// <summary>Settings of <see cref="SequenceGenerator"/>.</summary>
public sealed record SequenceOptions
{
    /// <summary>A transition this many days before <see cref="TrainingSet.Now"/> counts half as much as one now.</summary>
    public double HalfLifeDays { get; init; } = 90;

    /// <summary>Weight of each step back from the learner's latest item: 1, d, d², …</summary>
    public double HistoryDecay { get; init; } = 0.5;

    /// <summary>How many of the learner's most recent distinct items anchor the scores.</summary>
    public int MaxAnchors { get; init; } = 10;

    /// <summary>Successors kept per item.</summary>
    public int Successors { get; init; } = 100;

    public void Validate()
    {
        if (!(HalfLifeDays > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(HalfLifeDays), HalfLifeDays, "The half-life must be a positive number of days.");
        }
        if (!(HistoryDecay > 0 && HistoryDecay <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryDecay), HistoryDecay, "The history decay must lie in (0, 1].");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAnchors, 1, nameof(MaxAnchors));
        ArgumentOutOfRangeException.ThrowIfLessThan(Successors, 1, nameof(Successors));
    }
}

/// <summary>
/// First-order transitions: each learner's items in the order they first touched them, and for every consecutive pair
/// A → B a count weighted by how recent B was (2^(−age / half-life)). Normalised per A into P(B | A), so the course
/// learners take after "Docker basics" is offered to one who just finished it. Scores sum P(B | A) over the
/// learner's latest items, the latest weighing most.
/// </summary>
public sealed class SequenceGenerator(SequenceOptions? options = null) : ICandidateGenerator
{
    public const string GeneratorName = "sequence";

    private readonly SequenceOptions _options = options ?? new SequenceOptions();

    public string Name => GeneratorName;

    public ICandidateModel Train(TrainingSet data, CancellationToken cancellationToken = default)
    {
        _options.Validate();
        var n = data.ItemCount;
        var halfLifeSeconds = _options.HalfLifeDays * 86_400;
        var from = new List<int>();
        var to = new List<int>();
        var weight = new List<float>();
        foreach (var learner in data.Interactions.Where(i => (uint)i.Item < (uint)n).GroupBy(i => i.User))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var seen = new HashSet<int>();
            var previous = -1;
            foreach (var interaction in learner.OrderBy(i => i.Timestamp))
            {
                if (!seen.Add(interaction.Item))
                {
                    continue;
                }
                if (previous >= 0)
                {
                    from.Add(previous);
                    to.Add(interaction.Item);
                    weight.Add((float)Math.Pow(2, -Math.Max(0, data.Now - interaction.Timestamp) / halfLifeSeconds));
                }
                previous = interaction.Item;
            }
        }
        var counts = SparseMatrix.FromTriplets(n, n, from.ToArray(), to.ToArray(), weight.ToArray(), (a, b) => a + b);

        var offsets = new int[n + 1];
        var indices = new List<int>(counts.NonZeros);
        var values = new List<float>(counts.NonZeros);
        var keep = new int[_options.Successors];
        for (var a = 0; a < n; a++)
        {
            var row = counts.RowValues(a);
            var total = 0.0;
            foreach (var v in row)
            {
                total += v;
            }
            var kept = keep[..Ranking.TopK(row, keep.Length, keep)];
            Array.Sort(kept);
            foreach (var q in kept)
            {
                indices.Add(counts.RowIndices(a)[q]);
                values.Add((float)(row[q] / total));
            }
            offsets[a + 1] = indices.Count;
        }
        var transitions = new SparseMatrix(n, n, offsets, [.. indices], [.. values]);
        return new SequenceModel(transitions, _options.HistoryDecay, _options.MaxAnchors);
    }

    public ICandidateModel Load(Stream stream)
    {
        var (reader, _) = ModelFormat.BeginRead(stream, GeneratorName, SequenceModel.FormatVersion);
        using (reader)
        {
            var decay = reader.ReadDouble();
            var anchors = reader.ReadInt32();
            return new SequenceModel(SparseMatrix.Read(reader), decay, anchors);
        }
    }
}

/// <summary>Row A holds P(B | A) for A's most likely successors B.</summary>
public sealed class SequenceModel : ICandidateModel
{
    internal const int FormatVersion = 1;

    internal SequenceModel(SparseMatrix transitions, double historyDecay, int maxAnchors)
    {
        Transitions = transitions;
        HistoryDecay = historyDecay;
        MaxAnchors = maxAnchors;
    }

    public string Generator => SequenceGenerator.GeneratorName;

    public int ItemCount => Transitions.Rows;

    public SparseMatrix Transitions { get; }

    public double HistoryDecay { get; }

    public int MaxAnchors { get; }

    public void Score(LearnerHistory history, Span<float> scores)
    {
        scores[..ItemCount].Clear();
        foreach (var (anchor, weight) in Anchors(history))
        {
            var successors = Transitions.RowIndices(anchor);
            var probabilities = Transitions.RowValues(anchor);
            for (var q = 0; q < successors.Length; q++)
            {
                scores[successors[q]] += weight * probabilities[q];
            }
        }
    }

    public Reason Explain(LearnerHistory history, int item)
    {
        int? best = null;
        var bestContribution = 0f;
        foreach (var (anchor, weight) in Anchors(history))
        {
            var contribution = weight * Transitions.Get(anchor, item);
            if (contribution > bestContribution)
            {
                bestContribution = contribution;
                best = anchor;
            }
        }
        return new Reason(ReasonKind.NextAfter, best);
    }

    public void Save(Stream stream)
    {
        using var writer = ModelFormat.BeginWrite(stream, Generator, FormatVersion);
        writer.Write(HistoryDecay);
        writer.Write(MaxAnchors);
        Transitions.Write(writer);
    }

    /// <summary>The latest distinct history items, newest first, with weights 1, decay, decay², ….</summary>
    private List<(int Item, float Weight)> Anchors(LearnerHistory history)
    {
        var anchors = new List<(int, float)>(Math.Min(MaxAnchors, history.Items.Count));
        var seen = new HashSet<int>();
        var weight = 1.0;
        for (var i = history.Items.Count - 1; i >= 0 && anchors.Count < MaxAnchors; i--)
        {
            var item = history.Items[i];
            if ((uint)item < (uint)ItemCount && seen.Add(item))
            {
                anchors.Add((item, (float)weight));
                weight *= HistoryDecay;
            }
        }
        return anchors;
    }
}
