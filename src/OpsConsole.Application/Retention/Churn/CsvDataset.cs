namespace OpsConsole.Retention.Churn;

/// <summary>
/// A labelled table read from CSV: the feature columns by kind, one example per row with a label, which label value
/// counts as positive, the columns left out (the id, and columns with no value at all) and the rows without a label.
/// </summary>
public sealed record CsvDataset(
    TabularSchema Schema,
    IReadOnlyList<TabularExample> Examples,
    string LabelColumn,
    string PositiveValue,
    IReadOnlyList<string> NegativeValues,
    IReadOnlyList<string> IgnoredColumns,
    int RowsWithoutLabel)
{
    /// <summary>
    /// Words that name the event a churn-style label marks. Without <c>--positive</c>, a label with two values takes
    /// the one found here as positive.
    /// </summary>
    public static readonly IReadOnlySet<string> PositiveWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "yes", "y", "true", "t", "positive", "pos", "churn", "churned", "churner", "churning", "left", "leave", "exited",
        "attrited", "attrition", "cancelled", "canceled", "lost", "lapsed",
    };

    /// <param name="positive">The label value that counts as positive; null to choose by <see cref="ChoosePositive"/>.</param>
    /// <param name="id">A column that identifies rows and is not learned from; null for none.</param>
    /// <exception cref="TabularDataException">A named column is missing, the label has one value, or the positive value is absent.</exception>
    public static CsvDataset FromTable(CsvTable table, string label, string? positive = null, string? id = null)
    {
        var labelIndex = Column(table, label, "label");
        var idIndex = string.IsNullOrWhiteSpace(id) ? -1 : Column(table, id, "--id");
        if (idIndex == labelIndex)
        {
            throw new TabularDataException($"{table.Name}: the label column '{table.Header[labelIndex]}' cannot also be the --id column.");
        }

        // Label values are compared trimmed and without case; the first spelling met is the one reported.
        var spelling = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var labelled = new List<CsvRecord>();
        foreach (var record in table.Records)
        {
            var value = record.Fields[labelIndex];
            if (TabularCsv.IsMissing(value))
            {
                continue;
            }
            value = value.Trim();
            spelling.TryAdd(value, value);
            counts[value] = counts.GetValueOrDefault(value) + 1;
            labelled.Add(record);
        }
        var labelName = table.Header[labelIndex];
        if (counts.Count == 0)
        {
            throw new TabularDataException($"{table.Name}: the label column '{labelName}' has no values.");
        }
        if (counts.Count == 1)
        {
            throw new TabularDataException($"{table.Name}: the label column '{labelName}' holds only one class ('{spelling.Values.First()}'); there is nothing to tell apart.");
        }
        var values = spelling.Values.Order(StringComparer.OrdinalIgnoreCase).ToArray();
        string chosen;
        if (!string.IsNullOrWhiteSpace(positive))
        {
            chosen = spelling.TryGetValue(positive.Trim(), out var found)
                ? found
                : throw new TabularDataException($"{table.Name}: --positive '{positive.Trim()}' is not a value of the label column '{labelName}' ({List(values)}).");
        }
        else if (values.Length == 2)
        {
            chosen = ChoosePositive(values[0], values[1]);
        }
        else
        {
            throw new TabularDataException(
                $"{table.Name}: the label column '{labelName}' has {values.Length} values ({List(values)}); pass --positive VALUE to say which one is the positive class.");
        }

        var featureIndexes = Enumerable.Range(0, table.Header.Count).Where(i => i != labelIndex && i != idIndex).ToArray();
        var numeric = new List<int>();
        var categorical = new List<int>();
        var ignored = new List<string>();
        if (idIndex >= 0)
        {
            ignored.Add(table.Header[idIndex]);
        }
        foreach (var i in featureIndexes)
        {
            switch (TabularCsv.IsNumeric(labelled.Select(r => r.Fields[i])))
            {
                case true:
                    numeric.Add(i);
                    break;
                case false:
                    categorical.Add(i);
                    break;
                default:
                    ignored.Add(table.Header[i]);
                    break;
            }
        }
        if (numeric.Count + categorical.Count == 0)
        {
            throw new TabularDataException($"{table.Name}: no column besides the label (and the id) holds values to learn from.");
        }

        var examples = labelled.Select(r => new TabularExample(
                new TabularRow(
                    numeric.Select(i => TabularCsv.IsMissing(r.Fields[i]) ? double.NaN : double.Parse(r.Fields[i].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                    categorical.Select(i => TabularCsv.IsMissing(r.Fields[i]) ? null : r.Fields[i].Trim()).ToArray()),
                string.Equals(r.Fields[labelIndex].Trim(), chosen, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return new CsvDataset(
            new TabularSchema(numeric.Select(i => table.Header[i]).ToArray(), categorical.Select(i => table.Header[i]).ToArray()),
            examples,
            labelName,
            chosen,
            values.Where(v => !string.Equals(v, chosen, StringComparison.OrdinalIgnoreCase)).ToArray(),
            ignored,
            table.Records.Count - labelled.Count);
    }

    /// <summary>
    /// The positive one of two label values: the one that is a churn-like word (<see cref="PositiveWords"/>: yes, true,
    /// churn, …) when exactly one is; else the larger when both are numbers (so 1 against 0); else the second in
    /// alphabetical order (ignoring case).
    /// </summary>
    public static string ChoosePositive(string first, string second)
    {
        var firstWord = PositiveWords.Contains(first.Trim());
        var secondWord = PositiveWords.Contains(second.Trim());
        if (firstWord != secondWord)
        {
            return firstWord ? first : second;
        }
        if (TabularCsv.TryNumber(first, out var a) && TabularCsv.TryNumber(second, out var b) && a != b)
        {
            return a > b ? first : second;
        }
        var ordered = new[] { first, second }.Order(StringComparer.OrdinalIgnoreCase).ThenBy(v => v, StringComparer.Ordinal).ToArray();
        return ordered[1];
    }

    private static int Column(CsvTable table, string name, string role)
    {
        var index = table.Header.ToList().FindIndex(h => string.Equals(h, name.Trim(), StringComparison.OrdinalIgnoreCase));
        return index >= 0
            ? index
            : throw new TabularDataException($"{table.Name}: no {(role == "label" ? "label" : role)} column '{name.Trim()}'; the header has {List(table.Header)}.");
    }

    private static string List(IEnumerable<string> values)
    {
        var all = values.ToArray();
        var shown = string.Join(", ", all.Take(12).Select(v => $"'{v}'"));
        return all.Length > 12 ? $"{shown} and {all.Length - 12} more" : shown;
    }
}
