using System.Diagnostics;

namespace OpsConsole.Retention.Churn;

public sealed record CsvEvaluationResult(
    CsvDataset Data, int TrainRows, int TestRows, BinaryEvaluation Evaluation, IReadOnlyList<FeatureImportance> Importance, double TrainSeconds);

/// <summary>
/// The churn learner on any labelled CSV: a seeded, stratified split (80/20 by default), training on the larger part
/// with the same learner the platform uses, and the held-out metrics.
/// </summary>
public static class CsvEvaluation
{
    /// <exception cref="TabularDataException">The file cannot be read or learned from; the message says why.</exception>
    public static CsvEvaluationResult Run(string path, string label, string? positive = null, string? id = null, int seed = 42,
        double testFraction = 0.2, TabularTrainingOptions? options = null, CancellationToken cancellationToken = default)
    {
        var data = CsvDataset.FromTable(TabularCsv.Read(path), label, positive, id);
        return Run(data, seed, testFraction, options, cancellationToken);
    }

    public static CsvEvaluationResult Run(CsvDataset data, int seed = 42, double testFraction = 0.2, TabularTrainingOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options = (options ?? new TabularTrainingOptions()) with { Seed = seed };
        var (trainRows, testRows) = TabularSplit.Stratified(data.Examples.Select(e => e.Label).ToArray(), testFraction, seed);
        var train = trainRows.Select(i => data.Examples[i]).ToArray();
        var test = testRows.Select(i => data.Examples[i]).ToArray();
        var stopwatch = Stopwatch.StartNew();
        var model = TabularModel.Train(data.Schema, train, options, cancellationToken);
        var trainSeconds = stopwatch.Elapsed.TotalSeconds;
        var explanations = model.ExplainAll(test.Select(e => e.Row).ToArray(), cancellationToken);
        var evaluation = BinaryMetrics.Evaluate(explanations.Select(e => e.Probability).ToArray(), test.Select(e => e.Label).ToArray());
        return new CsvEvaluationResult(data, train.Length, test.Length, evaluation, TabularModel.Importance(explanations), trainSeconds);
    }
}
