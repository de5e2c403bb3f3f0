namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>The checks shared by every entry point, each naming the field it rejects.</summary>
internal static class Guard
{
    public static void Alpha(double alpha, string field = "Alpha") =>
        Open01(alpha, field, "the significance level");

    public static void Open01(double value, string field, string what)
    {
        if (!(value > 0 && value < 1))
        {
            throw new StatsInputException(field, $"{field}: {what} must lie strictly between 0 and 1 (got {Show(value)}).");
        }
    }

    public static void Positive(double value, string field, string what)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new StatsInputException(field, $"{field}: {what} must be a positive number (got {Show(value)}).");
        }
    }

    public static void Finite(double value, string field)
    {
        if (!double.IsFinite(value))
        {
            throw new StatsInputException(field, $"{field}: must be a finite number (got {Show(value)}).");
        }
    }

    /// <summary>Checks and normalises weights to sum to one; null means equal weights.</summary>
    public static double[] Weights(IReadOnlyList<double>? weights, int arms, string field = "Weights")
    {
        if (weights is null)
        {
            return [.. Enumerable.Repeat(1.0 / arms, arms)];
        }
        if (weights.Count != arms)
        {
            throw new StatsInputException(field, $"{field}: expected {arms} weights, one per arm (got {weights.Count}).");
        }
        foreach (var w in weights)
        {
            // A zero weight would expect no units in an arm that exists; negative ones mean nothing.
            if (!double.IsFinite(w) || w <= 0)
            {
                throw new StatsInputException(field, $"{field}: every weight must be a positive number (got {Show(w)}).");
            }
        }
        var total = weights.Sum();
        return [.. weights.Select(w => w / total)];
    }

    private static string Show(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
