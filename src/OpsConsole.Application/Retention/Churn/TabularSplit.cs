namespace OpsConsole.Retention.Churn;

/// <summary>Seeded train/test splits: the same seed and input always give the same split.</summary>
public static class TabularSplit
{
    /// <summary>
    /// Holds out about <paramref name="testFraction"/> of each class (at least one row of each, and never all of one),
    /// so both sides keep the file's class balance.
    /// </summary>
    /// <exception cref="TabularDataException">A class has fewer than two rows.</exception>
    public static (IReadOnlyList<int> Train, IReadOnlyList<int> Test) Stratified(IReadOnlyList<bool> labels, double testFraction, int seed)
    {
        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var label in new[] { true, false })
        {
            var rows = Enumerable.Range(0, labels.Count).Where(i => labels[i] == label).ToArray();
            if (rows.Length < 2)
            {
                throw new TabularDataException(
                    $"a split needs at least two rows of each class; the {(label ? "positive" : "negative")} class has {rows.Length}.");
            }
            Shuffle(rows, random);
            var held = Math.Clamp((int)Math.Round(rows.Length * testFraction, MidpointRounding.AwayFromZero), 1, rows.Length - 1);
            test.AddRange(rows.Take(held));
            train.AddRange(rows.Skip(held));
        }
        train.Sort();
        test.Sort();
        return (train, test);
    }

    /// <summary>
    /// Holds out about <paramref name="testFraction"/> of the distinct groups with every row of each, so a learner seen at
    /// several dates is never on both sides.
    /// </summary>
    public static (IReadOnlyList<int> Train, IReadOnlyList<int> Test) ByGroup(IReadOnlyList<string> groups, double testFraction, int seed)
    {
        var distinct = groups.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Shuffle(distinct, new Random(seed));
        var held = Math.Clamp((int)Math.Round(distinct.Length * testFraction, MidpointRounding.AwayFromZero), distinct.Length > 1 ? 1 : 0, Math.Max(0, distinct.Length - 1));
        var testGroups = distinct.Take(held).ToHashSet(StringComparer.Ordinal);
        var train = new List<int>();
        var test = new List<int>();
        for (var i = 0; i < groups.Count; i++)
        {
            (testGroups.Contains(groups[i]) ? test : train).Add(i);
        }
        return (train, test);
    }

    private static void Shuffle<T>(T[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
