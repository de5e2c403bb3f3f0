namespace OpsConsole.Retention.Churn;

/// <summary>The columns a tabular model reads: numbers (NaN when missing) and categories (null when missing).</summary>
public sealed record TabularSchema(IReadOnlyList<string> Numeric, IReadOnlyList<string> Categorical)
{
    /// <summary>Every column, numbers first, in the order contributions and importances are reported.</summary>
    public IEnumerable<string> Columns => Numeric.Concat(Categorical);
}

/// <summary>One row's values, aligned with <see cref="TabularSchema.Numeric"/> and <see cref="TabularSchema.Categorical"/>.</summary>
public sealed record TabularRow(double[] Numeric, string?[] Categorical);

public sealed record TabularExample(TabularRow Row, bool Label);

/// <summary>Gradient-boosted trees (LightGBM): most rounds, leaves per tree, learning rate, smallest leaf and seed.</summary>
public sealed record TabularTrainingOptions(int Trees = 300, int Leaves = 16, double LearningRate = 0.05, int MinExamplesPerLeaf = 20, int Seed = 42)
{
    /// <summary>Categories kept per column (the most frequent in training); the rest share one "other" slot.</summary>
    public int MaxCategories { get; init; } = 50;

    /// <summary>Share of the training rows (stratified, seeded) that decides when boosting stops; 0 trains all trees on all rows.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Boosting stops after this many rounds without a better log loss on the validation rows.</summary>
    public int EarlyStoppingRounds { get; init; } = 30;
}

/// <summary>
/// How much one column raised a row's log-odds: the row's log-odds minus what they would be if that column alone took its
/// typical training value (<see cref="TabularModel.Reference"/>). Positive means the row's value is riskier than the
/// typical one; zero when the row has the typical value. Columns are taken one at a time, so the contributions need not
/// add up to the whole difference from the typical row.
/// </summary>
public sealed record ColumnContribution(string Column, double Contribution);

/// <summary>A row's probability and every column's contribution, largest first.</summary>
public sealed record TabularExplanation(double Probability, IReadOnlyList<ColumnContribution> Contributions);

/// <summary>A column's weight in the model: the mean absolute contribution over the rows measured, and its share of the total.</summary>
public sealed record FeatureImportance(string Feature, double MeanAbsContribution, double Share);

/// <summary>Data a tabular model cannot learn from or read; the message says why in the user's terms.</summary>
public sealed class TabularDataException(string message) : Exception(message);
