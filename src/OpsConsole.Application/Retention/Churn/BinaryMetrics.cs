namespace OpsConsole.Retention.Churn;

/// <summary>Predicted probabilities in [Lower, Upper): how many, their mean and how often the event really happened (null when empty).</summary>
public sealed record CalibrationBin(int Bin, double Lower, double Upper, int Count, double? MeanPredicted, double? ObservedRate);

/// <summary>
/// One tenth of the rows, riskiest first: positives found there, their rate, the lift over the overall rate and the
/// share of all positives found in this and the riskier deciles.
/// </summary>
public sealed record LiftDecile(int Decile, int Count, int Positives, double Rate, double Lift, double CumulativeCapture);

/// <summary>
/// One corner of a curve traced by lowering the decision threshold: every row scoring at least <see cref="Threshold"/>
/// is called positive. On a ROC curve X is the false-positive rate and Y the true-positive rate; on a precision–recall
/// curve X is the recall and Y the precision.
/// </summary>
public sealed record CurvePoint(double X, double Y, double Threshold);

/// <summary>
/// Held-out quality of a binary model. AUC and PR-AUC are null when the rows hold only one class, and so are the curves.
/// The curves are for drawing (at most <see cref="BinaryMetrics.MaxCurvePoints"/> points); the areas are computed
/// exactly from every row. Reports written before the curves existed read them as null.
/// </summary>
public sealed record BinaryEvaluation(
    int Rows, int Positives, double BaseRate, double? Auc, double? PrAuc, double LogLoss,
    IReadOnlyList<CalibrationBin> Calibration, IReadOnlyList<LiftDecile> Lift,
    IReadOnlyList<CurvePoint>? Roc = null, IReadOnlyList<CurvePoint>? PrecisionRecall = null);

/// <summary>
/// Binary classification metrics, computed here so their definitions are ours and stated:
/// <list type="bullet">
/// <item><b>AUC</b>: the probability that a random positive scores above a random negative, ties counting one half
/// (the Mann–Whitney statistic with average ranks).</item>
/// <item><b>PR-AUC</b>: average precision, Σ (Rₖ − Rₖ₋₁)·Pₖ over the distinct scores from the highest down, rows with
/// equal scores entering together (the step-wise area, which does not interpolate optimistically).</item>
/// <item><b>Log loss</b>: the mean of −ln p for positives and −ln(1 − p) for negatives, natural logarithm, with p kept
/// within [1e-15, 1 − 1e-15].</item>
/// </list>
/// </summary>
public static class BinaryMetrics
{
    private const double Epsilon = 1e-15;

    /// <summary>Enough corners for a smooth chart, few enough to store with every model version.</summary>
    public const int MaxCurvePoints = 201;

    public static BinaryEvaluation Evaluate(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        Check(probabilities, labels);
        var positives = labels.Count(l => l);
        return new BinaryEvaluation(
            labels.Count,
            positives,
            labels.Count == 0 ? 0 : (double)positives / labels.Count,
            Auc(probabilities, labels),
            AveragePrecision(probabilities, labels),
            LogLoss(probabilities, labels),
            Calibration(probabilities, labels, bins),
            LiftByDecile(probabilities, labels),
            RocCurve(probabilities, labels),
            PrecisionRecallCurve(probabilities, labels));
    }

    /// <summary>
    /// The ROC curve from (0, 0) to (1, 1): one corner per distinct score, highest first, rows with equal scores entering
    /// together (so the trapezoids under it add up to <see cref="Auc"/>). Null when either class is missing.
    /// </summary>
    public static IReadOnlyList<CurvePoint>? RocCurve(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, int maxPoints = MaxCurvePoints)
    {
        Check(scores, labels);
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }
        // The origin calls nothing positive: its threshold is just above the highest score (finite, so the report stays JSON).
        var points = new List<CurvePoint> { new(0, 0, Math.BitIncrement(scores.Max())) };
        foreach (var (threshold, truePositives, falsePositives) in Corners(scores, labels))
        {
            points.Add(new CurvePoint((double)falsePositives / negatives, (double)truePositives / positives, threshold));
        }
        return Thin(points, maxPoints);
    }

    /// <summary>
    /// The precision–recall curve: one corner per distinct score, highest first, starting at the first threshold's recall
    /// and precision (no invented point at recall 0). Null when there are no positives.
    /// </summary>
    public static IReadOnlyList<CurvePoint>? PrecisionRecallCurve(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, int maxPoints = MaxCurvePoints)
    {
        Check(scores, labels);
        var positives = labels.Count(l => l);
        if (positives == 0)
        {
            return null;
        }
        var points = Corners(scores, labels)
            .Select(c => new CurvePoint((double)c.TruePositives / positives, (double)c.TruePositives / (c.TruePositives + c.FalsePositives), c.Threshold))
            .ToList();
        return Thin(points, maxPoints);
    }

    /// <summary>Counts of rows called positive at each distinct score, highest score first.</summary>
    private static IEnumerable<(double Threshold, int TruePositives, int FalsePositives)> Corners(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        int truePositives = 0, falsePositives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]]) truePositives++; else falsePositives++;
            }
            yield return (scores[order[start]], truePositives, falsePositives);
            start = end + 1;
        }
    }

    /// <summary>Keeps the first and last corners and evenly spaced ones between, so a chart of a million rows stays small.</summary>
    private static IReadOnlyList<CurvePoint> Thin(List<CurvePoint> points, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        if (points.Count <= maxPoints)
        {
            return points;
        }
        var kept = new List<CurvePoint>(maxPoints);
        for (var i = 0; i < maxPoints; i++)
        {
            kept.Add(points[(int)Math.Round((double)i * (points.Count - 1) / (maxPoints - 1))]);
        }
        return kept;
    }

    public static double? Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        Check(scores, labels);
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var positiveRanks = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            // 1-based ranks start+1 … end+1 share their mean.
            var rank = (start + end + 2) / 2.0;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    positiveRanks += rank;
                }
            }
            start = end + 1;
        }
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    public static double? AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        Check(scores, labels);
        var positives = labels.Count(l => l);
        if (positives == 0)
        {
            return null;
        }
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double truePositives = 0, seen = 0, previousRecall = 0, area = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            for (var k = start; k <= end; k++)
            {
                seen++;
                if (labels[order[k]])
                {
                    truePositives++;
                }
            }
            var recall = truePositives / positives;
            area += (recall - previousRecall) * (truePositives / seen);
            previousRecall = recall;
            start = end + 1;
        }
        return area;
    }

    public static double LogLoss(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        Check(probabilities, labels);
        if (labels.Count == 0)
        {
            return 0;
        }
        var sum = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / labels.Count;
    }

    /// <summary>Equal-width bins over [0, 1]; a probability of exactly 1 falls in the last bin.</summary>
    public static IReadOnlyList<CalibrationBin> Calibration(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        Check(probabilities, labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var count = new int[bins];
        var predicted = new double[bins];
        var observed = new int[bins];
        for (var i = 0; i < labels.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], 0, 1);
            var bin = Math.Min(bins - 1, (int)(p * bins));
            count[bin]++;
            predicted[bin] += p;
            observed[bin] += labels[i] ? 1 : 0;
        }
        return Enumerable.Range(0, bins)
            .Select(b => new CalibrationBin(b + 1, (double)b / bins, (double)(b + 1) / bins, count[b],
                count[b] == 0 ? null : predicted[b] / count[b],
                count[b] == 0 ? null : (double)observed[b] / count[b]))
            .ToList();
    }

    /// <summary>
    /// Rows sorted by score, highest first (equal scores keep their input order), cut into ten groups whose sizes
    /// differ by at most one. Fewer than ten rows give fewer groups.
    /// </summary>
    public static IReadOnlyList<LiftDecile> LiftByDecile(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        Check(scores, labels);
        var n = labels.Count;
        var positives = labels.Count(l => l);
        var baseRate = n == 0 ? 0 : (double)positives / n;
        var order = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ToArray();
        var deciles = new List<LiftDecile>(10);
        var found = 0;
        for (var d = 0; d < 10; d++)
        {
            var start = d * n / 10;
            var end = (d + 1) * n / 10;
            if (end <= start)
            {
                continue;
            }
            var hits = 0;
            for (var k = start; k < end; k++)
            {
                hits += labels[order[k]] ? 1 : 0;
            }
            found += hits;
            var rate = (double)hits / (end - start);
            deciles.Add(new LiftDecile(d + 1, end - start, hits, rate, baseRate > 0 ? rate / baseRate : 0, positives > 0 ? (double)found / positives : 0));
        }
        return deciles;
    }

    private static void Check(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException($"{scores.Count} scores for {labels.Count} labels.", nameof(labels));
        }
    }
}
