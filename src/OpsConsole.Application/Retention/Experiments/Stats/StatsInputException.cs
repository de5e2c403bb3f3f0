namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// Input the statistics cannot be computed from (a count of zero, more conversions than units, a negative weight,
/// a significance level outside (0, 1)). <see cref="ArgumentException.ParamName"/> names the offending field so a
/// form or a command line can point at it.
/// </summary>
public sealed class StatsInputException(string field, string message) : ArgumentException(message, field)
{
    /// <summary>The field that was rejected, as named in the public records.</summary>
    public string Field => ParamName!;

    /// <summary>The reason alone, without the parameter suffix that <see cref="ArgumentException.Message"/> appends.</summary>
    public string Reason { get; } = message;
}
