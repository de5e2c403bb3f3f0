namespace OpsConsole.Retention.Churn;

/// <summary>
/// Turns a <see cref="TabularRow"/> into the learner's feature vector: numbers as they are (NaN stays NaN, which the
/// trees treat as missing), each category column one-hot over the values seen in training plus one slot for any other
/// value. A missing category sets no slot. Each slot remembers its column, so contributions add up per column.
/// </summary>
internal sealed class TabularEncoder
{
    private readonly Dictionary<string, int>[] _categoryIndex;
    private readonly int[] _categoryOffset;

    private TabularEncoder(TabularSchema schema, string[][] vocabulary)
    {
        Schema = schema;
        Vocabulary = vocabulary;
        _categoryIndex = vocabulary.Select(v => v.Select((value, i) => (value, i)).ToDictionary(p => p.value, p => p.i, StringComparer.OrdinalIgnoreCase)).ToArray();
        _categoryOffset = new int[vocabulary.Length];
        var slots = new List<int>();
        var names = new List<string>();
        for (var c = 0; c < schema.Numeric.Count; c++)
        {
            slots.Add(c);
            names.Add(schema.Numeric[c]);
        }
        for (var c = 0; c < vocabulary.Length; c++)
        {
            _categoryOffset[c] = slots.Count;
            var column = schema.Numeric.Count + c;
            foreach (var value in vocabulary[c])
            {
                slots.Add(column);
                names.Add($"{schema.Categorical[c]}={value}");
            }
            slots.Add(column);
            names.Add($"{schema.Categorical[c]}=(other)");
        }
        SlotColumn = [.. slots];
        SlotNames = [.. names];
    }

    public TabularSchema Schema { get; }

    /// <summary>Per category column, the values that have their own slot.</summary>
    public string[][] Vocabulary { get; }

    /// <summary>For each slot, the index of its column in <see cref="TabularSchema.Columns"/>.</summary>
    public int[] SlotColumn { get; }

    public string[] SlotNames { get; }

    public int Dimension => SlotColumn.Length;

    public int ColumnCount => Schema.Numeric.Count + Schema.Categorical.Count;

    public static TabularEncoder Fit(TabularSchema schema, IEnumerable<TabularRow> rows, int maxCategories)
    {
        var counts = schema.Categorical.Select(_ => new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)).ToArray();
        foreach (var row in rows)
        {
            for (var c = 0; c < counts.Length; c++)
            {
                if (Normalise(row.Categorical[c]) is { } value)
                {
                    counts[c][value] = counts[c].GetValueOrDefault(value) + 1;
                }
            }
        }
        var vocabulary = counts
            .Select(count => count.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(maxCategories).Select(p => p.Key).ToArray())
            .ToArray();
        return new TabularEncoder(schema, vocabulary);
    }

    public float[] Encode(TabularRow row)
    {
        if (row.Numeric.Length != Schema.Numeric.Count || row.Categorical.Length != Schema.Categorical.Count)
        {
            throw new ArgumentException(
                $"The row has {row.Numeric.Length} numbers and {row.Categorical.Length} categories; the model reads {Schema.Numeric.Count} and {Schema.Categorical.Count}.",
                nameof(row));
        }
        var features = new float[Dimension];
        for (var c = 0; c < row.Numeric.Length; c++)
        {
            var value = row.Numeric[c];
            features[c] = double.IsFinite(value) ? (float)value : float.NaN;
        }
        for (var c = 0; c < row.Categorical.Length; c++)
        {
            if (Normalise(row.Categorical[c]) is not { } value)
            {
                continue;
            }
            var slot = _categoryIndex[c].TryGetValue(value, out var index) ? index : Vocabulary[c].Length;
            features[_categoryOffset[c] + slot] = 1f;
        }
        return features;
    }

    /// <summary>Adds slot contributions up per column.</summary>
    public double[] PerColumn(ReadOnlySpan<float> slotContributions)
    {
        var columns = new double[ColumnCount];
        for (var s = 0; s < slotContributions.Length && s < SlotColumn.Length; s++)
        {
            columns[SlotColumn[s]] += slotContributions[s];
        }
        return columns;
    }

    private static string? Normalise(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public void Write(BinaryWriter writer)
    {
        writer.Write(Schema.Numeric.Count);
        foreach (var name in Schema.Numeric)
        {
            writer.Write(name);
        }
        writer.Write(Schema.Categorical.Count);
        for (var c = 0; c < Schema.Categorical.Count; c++)
        {
            writer.Write(Schema.Categorical[c]);
            writer.Write(Vocabulary[c].Length);
            foreach (var value in Vocabulary[c])
            {
                writer.Write(value);
            }
        }
    }

    public static TabularEncoder Read(BinaryReader reader)
    {
        var numeric = new string[Count(reader)];
        for (var i = 0; i < numeric.Length; i++)
        {
            numeric[i] = reader.ReadString();
        }
        var categorical = new string[Count(reader)];
        var vocabulary = new string[categorical.Length][];
        for (var c = 0; c < categorical.Length; c++)
        {
            categorical[c] = reader.ReadString();
            vocabulary[c] = new string[Count(reader)];
            for (var v = 0; v < vocabulary[c].Length; v++)
            {
                vocabulary[c][v] = reader.ReadString();
            }
        }
        return new TabularEncoder(new TabularSchema(numeric, categorical), vocabulary);
    }

    private static int Count(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count is >= 0 and <= 1_000_000 ? count : throw new InvalidDataException("The model's column list is damaged.");
    }
}
