using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace OpsConsole.Retention.Churn;

/// <summary>
/// What a training run measured on the held-out learners, with the settings it ran under: enough for a model
/// registry to show, compare and explain a version. Serialisable as JSON (missing figures are null, never NaN).
/// </summary>
public sealed record ChurnModelReport(
    DateOnly DataEnd,
    IReadOnlyList<DateOnly> SnapshotDates,
    int Rows,
    int Learners,
    int TrainRows,
    int TestRows,
    int TestLearners,
    double TrainChurnRate,
    BinaryEvaluation Evaluation,
    IReadOnlyList<FeatureImportance> Importance,
    double BuildSeconds,
    double TrainSeconds,
    int InactiveDays,
    int GraceDays,
    int LabelHorizonDays,
    int Trees,
    int Leaves,
    double LearningRate,
    int Seed,
    double TestFraction);

/// <summary>The serialised model (for <see cref="ChurnScorer.FromBytes"/>) and its report.</summary>
public sealed record ChurnTrainingResult(byte[] Model, ChurnModelReport Report);

public sealed class ChurnTrainingException(string message) : Exception(message);

/// <summary>
/// Trains the churn model on the platform: labelled snapshots at several dates (<see cref="ChurnSnapshotBuilder"/>),
/// learners split into train and test by a seeded draw (a learner seen at several dates stays on one side), LightGBM on
/// the training learners, and the held-out metrics.
/// </summary>
public sealed class ChurnTrainer(ChurnSnapshotBuilder snapshots, IOptions<ChurnOptions> options)
{
    /// <param name="dataEnd">Data is complete before the start of this platform day (usually today).</param>
    /// <param name="progress">The share of the work done, 0 to 1: building the snapshots is about half of it, training most of the rest.</param>
    /// <exception cref="ChurnTrainingException">Too little history for a labelled snapshot, or no churn (or no retention) to learn from.</exception>
    public async Task<ChurnTrainingResult> TrainAsync(DateOnly dataEnd, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var stopwatch = Stopwatch.StartNew();
        var dates = await snapshots.TrainingDatesAsync(dataEnd, cancellationToken);
        if (dates.Count == 0)
        {
            throw new ChurnTrainingException(
                $"Not enough history before {dataEnd:yyyy-MM-dd}: a snapshot needs {o.MinHistoryDays} days of events before it and {o.LabelHorizonDays + o.GraceDays} after it.");
        }
        progress?.Report(0.02);
        var examples = await snapshots.BuildLabelledAsync(dates, cancellationToken);
        var buildSeconds = stopwatch.Elapsed.TotalSeconds;
        var churned = examples.Count(e => e.Churned);
        if (churned == 0 || churned == examples.Count)
        {
            throw new ChurnTrainingException($"The snapshots hold {examples.Count} rows of which {churned} churned: a model needs both churned and retained learners.");
        }

        var (trainIndexes, testIndexes) = TabularSplit.ByGroup(examples.Select(e => e.Features.LearnerId).ToArray(), o.TestFraction, o.Seed);
        var train = trainIndexes.Select(i => examples[i]).ToArray();
        var test = testIndexes.Select(i => examples[i]).ToArray();
        if (!train.Any(e => e.Churned) || train.All(e => e.Churned))
        {
            throw new ChurnTrainingException("The training learners hold only one class; there are too few learners to split.");
        }
        progress?.Report(0.5);
        stopwatch.Restart();
        var model = TabularModel.Train(ChurnFeatureSet.Schema,
            train.Select(e => new TabularExample(ChurnFeatureSet.ToRow(e.Features), e.Churned)).ToArray(), o.Training, cancellationToken);
        var trainSeconds = stopwatch.Elapsed.TotalSeconds;

        progress?.Report(0.9);
        var explanations = model.ExplainAll(test.Select(e => ChurnFeatureSet.ToRow(e.Features)).ToArray(), cancellationToken);
        var evaluation = BinaryMetrics.Evaluate(explanations.Select(e => e.Probability).ToArray(), test.Select(e => e.Churned).ToArray());
        var report = new ChurnModelReport(
            dataEnd, dates, examples.Count,
            examples.Select(e => e.Features.LearnerId).Distinct(StringComparer.Ordinal).Count(),
            train.Length, test.Length,
            test.Select(e => e.Features.LearnerId).Distinct(StringComparer.Ordinal).Count(),
            Math.Round((double)train.Count(e => e.Churned) / train.Length, 4),
            evaluation, TabularModel.Importance(explanations),
            Math.Round(buildSeconds, 3), Math.Round(trainSeconds, 3),
            o.InactiveDays, o.GraceDays, o.LabelHorizonDays, o.Trees, o.Leaves, o.LearningRate, o.Seed, o.TestFraction);
        return new ChurnTrainingResult(model.ToBytes(), report);
    }
}
