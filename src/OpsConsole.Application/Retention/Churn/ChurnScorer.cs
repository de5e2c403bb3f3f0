namespace OpsConsole.Retention.Churn;

/// <summary>Why a learner's risk is high: a feature that raised it, by how much (see <see cref="ColumnContribution"/>) and in words.</summary>
public sealed record ChurnDriver(string Feature, double Contribution, string Sentence);

/// <summary>A learner's probability of churning within the label horizon after <see cref="AsOf"/>, with what drives it.</summary>
public sealed record ChurnScore(string LearnerId, DateOnly AsOf, double Probability, IReadOnlyList<ChurnDriver> Drivers);

/// <summary>
/// Scores learners with a trained churn model (the bytes <see cref="ChurnTrainer"/> produced). Thread-safe: single
/// rows borrow a pooled prediction engine, batches run as one pass.
/// </summary>
public sealed class ChurnScorer
{
    private readonly TabularModel _model;
    private readonly int _drivers;

    private ChurnScorer(TabularModel model, int drivers)
    {
        _model = model;
        _drivers = drivers;
    }

    /// <exception cref="InvalidDataException">The bytes are not a churn model, or one built for other features.</exception>
    public static ChurnScorer FromBytes(byte[] model, int drivers = 3)
    {
        var tabular = TabularModel.FromBytes(model);
        var expected = ChurnFeatureSet.Schema;
        if (!tabular.Schema.Numeric.SequenceEqual(expected.Numeric) || !tabular.Schema.Categorical.SequenceEqual(expected.Categorical))
        {
            throw new InvalidDataException("The model was trained on other columns than this build's churn features; train a new one.");
        }
        return new ChurnScorer(tabular, Math.Max(0, drivers));
    }

    internal static ChurnScorer From(TabularModel model, int drivers) => new(model, drivers);

    public ChurnScore Score(ChurnFeatures features) => Result(features, _model.Explain(ChurnFeatureSet.ToRow(features)));

    public IReadOnlyList<ChurnScore> Score(IReadOnlyList<ChurnFeatures> rows, CancellationToken cancellationToken = default)
    {
        var explanations = _model.ExplainAll(rows.Select(ChurnFeatureSet.ToRow).ToArray(), cancellationToken);
        return rows.Select((features, i) => Result(features, explanations[i])).ToList();
    }

    private ChurnScore Result(ChurnFeatures features, TabularExplanation explanation) =>
        new(features.LearnerId, features.AsOf, explanation.Probability,
            explanation.Contributions
                .Where(c => c.Contribution > 0)
                .Take(_drivers)
                .Select(c => new ChurnDriver(c.Column, Math.Round(c.Contribution, 4), ChurnFeatureSet.Describe(c.Column, features)))
                .ToList());
}
