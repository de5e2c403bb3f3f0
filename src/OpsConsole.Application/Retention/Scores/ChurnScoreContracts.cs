using System.Text.Json;

namespace OpsConsole.Retention;

/// <summary>One reason behind a learner's risk: the feature, a sentence an operator can read, and its push on the risk.</summary>
public sealed record ChurnDriver(string Feature, string Sentence, double Contribution);

/// <summary>A learner's score as any churn scorer produces it.</summary>
public sealed record ChurnScoreInput(string LearnerId, double Risk, IReadOnlyList<ChurnDriver> Drivers, int? ModelVersionId);

/// <summary>What a scoring batch wrote: learners scored, and the instant stamped on all of them.</summary>
public sealed record ChurnScoreBatch(int Written, DateTime ScoredAt);

/// <summary>A day of a learner's risk, for the risk-over-time chart.</summary>
public sealed record RiskPoint(DateOnly Day, double Risk);

/// <summary>A score that cannot be stored as given; names the learner and the field at fault.</summary>
public sealed class ChurnScoreException(string message) : Exception(message);

/// <summary>Drivers as stored: a JSON list of { feature, sentence, contribution }, strongest first.</summary>
public static class ChurnDrivers
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The drivers as JSON, strongest (by absolute contribution) first. The weakest are dropped until the list fits the
    /// column: an operator reads the top few, and a scorer that explains too much must not fail the batch.
    /// </summary>
    public static string Serialize(IReadOnlyList<ChurnDriver>? drivers)
    {
        if (drivers is null || drivers.Count == 0)
        {
            return "[]";
        }
        var ordered = drivers.OrderByDescending(d => Math.Abs(d.Contribution)).ToList();
        while (true)
        {
            var text = JsonSerializer.Serialize(ordered, Json);
            if (text.Length <= ChurnScore.DriversMaxLength || ordered.Count == 0)
            {
                return text;
            }
            ordered.RemoveAt(ordered.Count - 1);
        }
    }

    public static IReadOnlyList<ChurnDriver> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<List<ChurnDriver>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
