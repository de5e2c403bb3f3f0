using System.Text.Json;

namespace OpsConsole.Support;

/// <summary>How one intent fared on the held-out tickets, and how many tickets taught it.</summary>
public sealed record IntentReportRow(string Intent, double Precision, double Recall, double F1, int Support, int Predicted, int TrainingExamples);

/// <summary>Why a new version did or did not replace the active one when it was trained.</summary>
public enum IntentPromotionReason
{
    /// <summary>Nothing was active: the first model serves at once.</summary>
    FirstModel,

    /// <summary>Its macro-F1 was no worse than the active version's by more than the margin.</summary>
    WithinMargin,

    /// <summary>Its macro-F1 fell short of the active version's by more than the margin: it waits for a manager.</summary>
    BelowMargin,
}

/// <summary>The automatic promotion decision, with the figures it compared.</summary>
public sealed record IntentPromotionDecision(bool Promoted, IntentPromotionReason Reason, int? ComparedWith, double? ComparedMacroF1, double Margin);

/// <summary>
/// What a version's <see cref="IntentModelVersion.Evaluation"/> holds: the held-out figures (rows of the confusion matrix
/// are the true intents, columns the predicted ones, both in the order of <see cref="Intents"/>), the intents left out
/// for want of examples, the split, and the promotion decision.
/// </summary>
public sealed record IntentModelReport(
    double Accuracy,
    double MacroF1,
    double MacroPrecision,
    double MacroRecall,
    IReadOnlyList<string> Intents,
    int[][] ConfusionMatrix,
    IReadOnlyList<IntentReportRow> PerIntent,
    IReadOnlyList<IntentExampleCount> LeftOut,
    double TestFraction,
    int Seed,
    IntentPromotionDecision? Promotion)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static IntentModelReport From(IntentEvaluation evaluation, IntentTrainingSet split, IReadOnlyList<IntentExampleCount> leftOut,
        double testFraction, int seed, IntentPromotionDecision? promotion)
    {
        var taught = split.Training.GroupBy(e => e.Intent, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new IntentModelReport(
            evaluation.Accuracy, evaluation.MacroF1, evaluation.MacroPrecision, evaluation.MacroRecall,
            evaluation.Intents, evaluation.ConfusionMatrix,
            [.. evaluation.PerIntent.Select(m => new IntentReportRow(m.Intent, m.Precision, m.Recall, m.F1, m.Support, m.Predicted, taught.GetValueOrDefault(m.Intent)))],
            leftOut, testFraction, seed, promotion);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The report of a stored version; null for a run that failed, is still training, or predates a field.</summary>
    public static IntentModelReport? Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Trim() == "{}")
        {
            return null;
        }
        try
        {
            var report = JsonSerializer.Deserialize<IntentModelReport>(json, Json);
            return report is { Intents: not null, ConfusionMatrix: not null, PerIntent: not null } ? report : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
