namespace OpsConsole.Support;

/// <summary>How well one intent is recognised. Support is the number of test texts whose true intent it is.</summary>
public sealed record IntentClassMetrics(string Intent, double Precision, double Recall, double F1, int Support, int Predicted);

/// <summary>
/// Accuracy, macro-averaged F1 and per-intent precision and recall, from a confusion matrix whose rows are the true
/// intents and columns the predicted ones (both in the order of <see cref="Intents"/>).
/// </summary>
public sealed record IntentEvaluation(
    IReadOnlyList<string> Intents,
    int[][] ConfusionMatrix,
    double Accuracy,
    double MacroF1,
    double MacroPrecision,
    double MacroRecall,
    IReadOnlyList<IntentClassMetrics> PerIntent)
{
    public int Total => ConfusionMatrix.Sum(row => row.Sum());

    /// <summary>
    /// Metrics from a square confusion matrix. Macro averages run over the intents that occur as a true or a
    /// predicted intent; an intent never predicted has precision 0, one never true has recall 0, matching the
    /// usual convention (scikit-learn's zero_division=0), so figures compare with published ones.
    /// </summary>
    public static IntentEvaluation FromConfusionMatrix(IReadOnlyList<string> intents, int[][] matrix)
    {
        ArgumentNullException.ThrowIfNull(intents);
        ArgumentNullException.ThrowIfNull(matrix);
        var n = intents.Count;
        if (matrix.Length != n || matrix.Any(row => row is null || row.Length != n))
        {
            throw new ArgumentException($"The confusion matrix must be {n} by {n}, one row and column per intent.", nameof(matrix));
        }
        if (matrix.Any(row => row.Any(c => c < 0)))
        {
            throw new ArgumentException("A confusion matrix holds counts, which cannot be negative.", nameof(matrix));
        }
        var total = 0L;
        var correct = 0L;
        var perIntent = new List<IntentClassMetrics>(n);
        double precisionSum = 0, recallSum = 0, f1Sum = 0;
        var present = 0;
        for (var i = 0; i < n; i++)
        {
            var support = 0;
            var predicted = 0;
            for (var j = 0; j < n; j++)
            {
                support += matrix[i][j];
                predicted += matrix[j][i];
                total += matrix[i][j];
            }
            var truePositives = matrix[i][i];
            correct += truePositives;
            var precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            var recall = support == 0 ? 0 : (double)truePositives / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perIntent.Add(new IntentClassMetrics(intents[i], precision, recall, f1, support, predicted));
            if (support > 0 || predicted > 0)
            {
                present++;
                precisionSum += precision;
                recallSum += recall;
                f1Sum += f1;
            }
        }
        return new IntentEvaluation(
            intents,
            matrix,
            total == 0 ? 0 : (double)correct / total,
            present == 0 ? 0 : f1Sum / present,
            present == 0 ? 0 : precisionSum / present,
            present == 0 ? 0 : recallSum / present,
            perIntent);
    }

    /// <summary>Metrics for paired true and predicted intents; the intents are every label seen, in ordinal order.</summary>
    public static IntentEvaluation FromPairs(IEnumerable<(string Actual, string Predicted)> pairs, IEnumerable<string>? knownIntents = null)
    {
        var list = pairs.ToArray();
        var intents = (knownIntents ?? []).Concat(list.Select(p => p.Actual)).Concat(list.Select(p => p.Predicted))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = intents.Select((intent, i) => (intent, i)).ToDictionary(p => p.intent, p => p.i, StringComparer.Ordinal);
        var matrix = intents.Select(_ => new int[intents.Length]).ToArray();
        foreach (var (actual, predicted) in list)
        {
            matrix[index[actual]][index[predicted]]++;
        }
        return FromConfusionMatrix(intents, matrix);
    }
}
