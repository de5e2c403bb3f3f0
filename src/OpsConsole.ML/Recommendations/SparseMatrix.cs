namespace OpsConsole.Recommendations;

/// <summary>
/// An immutable compressed-sparse-row matrix of floats: row r holds <c>Columns[Offsets[r]..Offsets[r+1]]</c> in
/// ascending order with their <c>Values</c>. Item neighbourhoods, transitions and term vectors all live in one.
/// </summary>
public sealed class SparseMatrix
{
    public SparseMatrix(int rows, int columns, int[] offsets, int[] indices, float[] values)
    {
        if (offsets.Length != rows + 1 || indices.Length != values.Length || offsets[rows] != indices.Length)
        {
            throw new InvalidDataException("Sparse matrix arrays do not agree in length.");
        }
        Rows = rows;
        Columns = columns;
        Offsets = offsets;
        Indices = indices;
        Values = values;
    }

    public int Rows { get; }

    public int Columns { get; }

    public int[] Offsets { get; }

    public int[] Indices { get; }

    public float[] Values { get; }

    public int NonZeros => Indices.Length;

    public ReadOnlySpan<int> RowIndices(int row) => Indices.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);

    public ReadOnlySpan<float> RowValues(int row) => Values.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);

    /// <summary>The value at (row, column), or 0 when absent.</summary>
    public float Get(int row, int column)
    {
        var index = RowIndices(row).BinarySearch(column);
        return index >= 0 ? Values[Offsets[row] + index] : 0f;
    }

    /// <summary>
    /// Builds a matrix from unordered triplets. Duplicates of a cell are combined with <paramref name="combine"/>
    /// (sum for counts, max for signal strength).
    /// </summary>
    public static SparseMatrix FromTriplets(int rows, int columns, ReadOnlySpan<int> rowIndex, ReadOnlySpan<int> columnIndex, ReadOnlySpan<float> value, Func<float, float, float> combine)
    {
        var count = rowIndex.Length;
        var perRow = new int[rows + 1];
        for (var i = 0; i < count; i++)
        {
            if ((uint)rowIndex[i] >= (uint)rows || (uint)columnIndex[i] >= (uint)columns)
            {
                throw new ArgumentOutOfRangeException(nameof(rowIndex), $"Cell ({rowIndex[i]}, {columnIndex[i]}) lies outside a {rows}×{columns} matrix.");
            }
            perRow[rowIndex[i] + 1]++;
        }
        for (var r = 0; r < rows; r++)
        {
            perRow[r + 1] += perRow[r];
        }
        var cursor = (int[])perRow.Clone();
        var columnsSorted = new int[count];
        var valuesSorted = new float[count];
        for (var i = 0; i < count; i++)
        {
            var at = cursor[rowIndex[i]]++;
            columnsSorted[at] = columnIndex[i];
            valuesSorted[at] = value[i];
        }

        var offsets = new int[rows + 1];
        var write = 0;
        for (var r = 0; r < rows; r++)
        {
            var start = perRow[r];
            var end = perRow[r + 1];
            Array.Sort(columnsSorted, valuesSorted, start, end - start);
            offsets[r] = write;
            for (var i = start; i < end; i++)
            {
                if (write > offsets[r] && columnsSorted[write - 1] == columnsSorted[i])
                {
                    valuesSorted[write - 1] = combine(valuesSorted[write - 1], valuesSorted[i]);
                }
                else
                {
                    columnsSorted[write] = columnsSorted[i];
                    valuesSorted[write] = valuesSorted[i];
                    write++;
                }
            }
        }
        offsets[rows] = write;
        return new SparseMatrix(rows, columns, offsets, columnsSorted[..write], valuesSorted[..write]);
    }

    public SparseMatrix Transpose()
    {
        var offsets = new int[Columns + 1];
        foreach (var c in Indices)
        {
            offsets[c + 1]++;
        }
        for (var c = 0; c < Columns; c++)
        {
            offsets[c + 1] += offsets[c];
        }
        var cursor = (int[])offsets.Clone();
        var indices = new int[NonZeros];
        var values = new float[NonZeros];
        for (var r = 0; r < Rows; r++)
        {
            for (var i = Offsets[r]; i < Offsets[r + 1]; i++)
            {
                var at = cursor[Indices[i]]++;
                indices[at] = r;
                values[at] = Values[i];
            }
        }
        return new SparseMatrix(Columns, Rows, offsets, indices, values);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Rows);
        writer.Write(Columns);
        ModelFormat.WriteArray<int>(writer, Offsets);
        ModelFormat.WriteArray<int>(writer, Indices);
        ModelFormat.WriteArray<float>(writer, Values);
    }

    public static SparseMatrix Read(BinaryReader reader)
    {
        var rows = reader.ReadInt32();
        var columns = reader.ReadInt32();
        var offsets = ModelFormat.ReadArray<int>(reader);
        var indices = ModelFormat.ReadArray<int>(reader);
        var values = ModelFormat.ReadArray<float>(reader);
        if (rows < 0 || columns < 0 || offsets.Length != rows + 1 || offsets[0] != 0)
        {
            throw new InvalidDataException("The sparse matrix header is corrupt.");
        }
        for (var r = 0; r < rows; r++)
        {
            if (offsets[r + 1] < offsets[r] || offsets[r + 1] > indices.Length)
            {
                throw new InvalidDataException($"The sparse matrix's row {r} is corrupt.");
            }
        }
        foreach (var index in indices)
        {
            if ((uint)index >= (uint)columns)
            {
                throw new InvalidDataException($"The sparse matrix refers to column {index} of {columns}.");
            }
        }
        return new SparseMatrix(rows, columns, offsets, indices, values);
    }
}

/// <summary>How a generator turns interactions into matrix entries.</summary>
public enum InteractionWeighting
{
    /// <summary>Every learner–item pair counts 1, however often or strongly it happened.</summary>
    Binary,
    /// <summary>The strongest <see cref="Interaction.Weight"/> of the pair (a purchase outweighs the views before it).</summary>
    Weight,
}

internal static class InteractionMatrix
{
    /// <summary>The learner × item matrix, one entry per pair.</summary>
    public static SparseMatrix Build(TrainingSet data, InteractionWeighting weighting)
    {
        var count = data.Interactions.Count;
        var users = new int[count];
        var items = new int[count];
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            var interaction = data.Interactions[i];
            users[i] = interaction.User;
            items[i] = interaction.Item;
            values[i] = weighting == InteractionWeighting.Binary ? 1f : interaction.Weight;
        }
        return SparseMatrix.FromTriplets(data.UserCount, data.ItemCount, users, items, values, MathF.Max);
    }

    /// <summary>
    /// The history's distinct items known to the model, each with the weight the model gives it (the strongest, as in
    /// training), in order of first appearance. Items the model has never seen (added after training) are skipped.
    /// </summary>
    public static List<(int Item, float Weight)> Distinct(LearnerHistory history, InteractionWeighting weighting, int itemCount)
    {
        var seen = new Dictionary<int, int>(history.Items.Count);
        var distinct = new List<(int Item, float Weight)>(history.Items.Count);
        for (var i = 0; i < history.Items.Count; i++)
        {
            var item = history.Items[i];
            if ((uint)item >= (uint)itemCount)
            {
                continue;
            }
            var weight = weighting == InteractionWeighting.Binary || i >= history.Weights.Count ? 1f : history.Weights[i];
            if (seen.TryGetValue(item, out var at))
            {
                if (weight > distinct[at].Weight)
                {
                    distinct[at] = (item, weight);
                }
            }
            else
            {
                seen[item] = distinct.Count;
                distinct.Add((item, weight));
            }
        }
        return distinct;
    }
}
