using System.Diagnostics;

namespace OpsConsole.Support;

/// <summary>The intent yardstick's result: test metrics and the wall-clock time of training.</summary>
public sealed record IntentYardstickResult(IntentEvaluation Evaluation, double TrainSeconds, int TrainExamples, int TestExamples);

/// <summary>
/// The public intent yardstick: train on one labelled file, judge on another, with the production defaults of
/// <see cref="IntentTrainingOptions"/>, so the figure is the one tickets get. Training time covers featurisation
/// and fitting, not reading the files.
/// </summary>
public static class IntentYardstick
{
    /// <exception cref="IntentDataException">A file is empty, lacks the header or a column, or has an empty field.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public static IntentYardstickResult Run(string trainPath, string testPath, IntentTrainingOptions? options = null, CancellationToken cancellationToken = default)
    {
        var train = IntentCsv.Read(trainPath);
        var test = IntentCsv.Read(testPath);
        var intents = train.Select(e => e.Intent).Distinct(StringComparer.Ordinal).Count();
        if (intents < 2)
        {
            throw new IntentDataException(trainPath, 0, IntentCsv.CategoryColumn, $"holds {intents} distinct value(s); a model needs at least two intents to tell apart.");
        }
        var clock = Stopwatch.StartNew();
        IntentModel model;
        try
        {
            model = IntentModel.Train(train, options, cancellationToken);
        }
        catch (ArgumentException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IntentDataException(trainPath, 0, IntentCsv.TextColumn, "no text has a letter, digit or Chinese character to learn from.");
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var evaluation = model.Evaluate(test, cancellationToken);
        return new IntentYardstickResult(evaluation, seconds, train.Count, test.Count);
    }
}
