using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpsConsole.Experiments;

/// <summary>What makes a draft or a stop request acceptable, each problem named by its field.</summary>
public static partial class ExperimentRules
{
    public const int MinVariants = 2;
    public const int MaxVariants = 6;
    /// <summary>How far the weights may sum from 1 (rounding in a form).</summary>
    public const double WeightTolerance = 0.001;

    /// <summary>Lower-case letters and digits in words joined by single hyphens: <c>renewal-reminder-2026</c>.</summary>
    public static bool IsSlug(string? text, int maxLength) =>
        text is { Length: > 0 } && text.Length <= maxLength && Slug().IsMatch(text);

    public static IReadOnlyList<ExperimentFieldError> Validate(ExperimentDraft draft)
    {
        var errors = new List<ExperimentFieldError>();
        void Add(string field, string message) => errors.Add(new ExperimentFieldError(field, message));

        var key = draft.Key?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            Add("key", "is required");
        }
        else if (!IsSlug(key, Experiment.KeyMaxLength))
        {
            Add("key", $"must be a lower-case slug (letters a-z, digits, single hyphens between words), at most {Experiment.KeyMaxLength} characters, e.g. renewal-reminder");
        }
        CheckText("name", draft.Name, Experiment.NameMaxLength, required: true, errors);
        CheckText("hypothesis", draft.Hypothesis, Experiment.HypothesisMaxLength, required: false, errors);
        if (draft.Seed is { } seed && seed.Trim().Length > Experiment.SeedMaxLength)
        {
            Add("seed", $"must be at most {Experiment.SeedMaxLength} characters");
        }
        if (draft.PrimaryMetric.Metric == ExperimentMetric.RetentionDayN && draft.PrimaryMetric.Day is not (>= 1 and <= MetricSpec.MaxRetentionDay))
        {
            Add("primaryMetric", $"retention needs its day N, from 1 to {MetricSpec.MaxRetentionDay}");
        }
        if (!Enum.IsDefined(draft.PrimaryMetric.Metric))
        {
            Add("primaryMetric", "is not a known metric");
        }
        CheckGuardrails(draft, errors);
        if (!(draft.MinimumDetectableEffect > 0 && draft.MinimumDetectableEffect <= 1))
        {
            Add("minimumDetectableEffect", "must be a relative change above 0 and at most 1 (0.05 = 5%)");
        }
        CheckVariants(draft.Variants ?? [], errors);
        return errors;
    }

    public static IReadOnlyList<ExperimentFieldError> Validate(StopRequest request, IReadOnlyList<ExperimentVariant> variants)
    {
        var errors = new List<ExperimentFieldError>();
        if (request.Decision is not { } decision || !Enum.IsDefined(decision))
        {
            errors.Add(new("decision", "is required: ship a variant, keep control, or inconclusive"));
        }
        else if (decision == ExperimentDecision.ShipVariant)
        {
            var shipped = variants.FirstOrDefault(v => v.Key == request.ShippedVariantKey?.Trim());
            if (shipped is null || shipped.IsControl)
            {
                errors.Add(new("shippedVariant", "name the treatment variant to ship (not control)"));
            }
        }
        CheckText("reason", request.Reason, Experiment.DecisionReasonMaxLength, required: true, errors);
        return errors;
    }

    /// <summary>A payload as stored: blank becomes <c>{}</c>; anything else must be one JSON object.</summary>
    public static string NormalizePayload(string? payload) => string.IsNullOrWhiteSpace(payload) ? "{}" : payload.Trim();

    private static void CheckGuardrails(ExperimentDraft draft, List<ExperimentFieldError> errors)
    {
        var guardrails = draft.GuardrailMetrics ?? [];
        foreach (var metric in guardrails)
        {
            if (!Enum.IsDefined(metric.Metric) || (metric.Metric == ExperimentMetric.RetentionDayN && metric.Day is not (>= 1 and <= MetricSpec.MaxRetentionDay)))
            {
                errors.Add(new("guardrailMetrics", $"'{metric.Code}' is not a known metric"));
                return;
            }
        }
        if (guardrails.Any(g => g == draft.PrimaryMetric))
        {
            errors.Add(new("guardrailMetrics", "must not repeat the primary metric"));
        }
        else if (MetricSpec.FormatList(guardrails).Length > Experiment.GuardrailsMaxLength)
        {
            errors.Add(new("guardrailMetrics", "are too many"));
        }
    }

    private static void CheckVariants(IReadOnlyList<VariantDraft> variants, List<ExperimentFieldError> errors)
    {
        if (variants.Count is < MinVariants or > MaxVariants)
        {
            errors.Add(new("variants", $"an experiment has {MinVariants} to {MaxVariants} variants; this one has {variants.Count}"));
        }
        var controls = variants.Count(v => v.IsControl);
        if (variants.Count > 0 && controls != 1)
        {
            errors.Add(new("variants", controls == 0 ? "mark exactly one variant as control; none is" : $"mark exactly one variant as control; {controls} are"));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < variants.Count; i++)
        {
            var v = variants[i];
            var at = $"variants[{i}]";
            var key = v.Key?.Trim();
            if (!IsSlug(key, ExperimentVariant.KeyMaxLength))
            {
                errors.Add(new($"{at}.key", $"must be a lower-case slug of at most {ExperimentVariant.KeyMaxLength} characters, e.g. control or treatment-a"));
            }
            else if (!seen.Add(key!))
            {
                errors.Add(new($"{at}.key", $"'{key}' is used by another variant"));
            }
            CheckText($"{at}.name", v.Name, ExperimentVariant.NameMaxLength, required: true, errors);
            if (!(v.Weight > 0) || double.IsInfinity(v.Weight))
            {
                errors.Add(new($"{at}.weight", "must be above 0"));
            }
            if ((PayloadProblem(v.Payload) ?? ActionProblem(v)) is { } problem)
            {
                errors.Add(new($"{at}.payload", problem));
            }
            if (v.CostPerLearner < 0)
            {
                errors.Add(new($"{at}.costPerLearner", "must be 0 or more"));
            }
        }
        if (variants.Count > 0 && variants.All(v => v.Weight > 0 && !double.IsInfinity(v.Weight)))
        {
            var sum = variants.Sum(v => v.Weight);
            if (Math.Abs(sum - 1) > WeightTolerance)
            {
                errors.Add(new("variants", $"the weights must sum to 1; they sum to {sum.ToString("0.####", CultureInfo.InvariantCulture)}"));
            }
        }
    }

    private static string? PayloadProblem(string? payload)
    {
        var text = NormalizePayload(payload);
        if (text.Length > ExperimentVariant.PayloadMaxLength)
        {
            return $"must be at most {ExperimentVariant.PayloadMaxLength} characters";
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? null : "must be a JSON object, e.g. {\"discount\": 0.2}";
        }
        catch (JsonException e)
        {
            return $"is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})";
        }
        catch (ArgumentException)
        {
            // An unpaired surrogate cannot be transcoded to the UTF-8 the JSON reader works on.
            return "is not valid Unicode text";
        }
    }

    /// <summary>An arm that sends renewal reminders itself (see <see cref="ExperimentActions"/>) must be a treatment with a note that fits a reminder.</summary>
    private static string? ActionProblem(VariantDraft variant)
    {
        if (ArmAction.Of(variant.Payload) is not { Action: ArmAction.RenewalReminder } action)
        {
            return null;
        }
        if (variant.IsControl)
        {
            return $"the control is the baseline and cannot carry the action \"{ArmAction.RenewalReminder}\"";
        }
        using var document = JsonDocument.Parse(NormalizePayload(variant.Payload));
        if (document.RootElement.TryGetProperty("note", out var note) && note.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return "\"note\" must be text";
        }
        return action.Note is { Length: > Retention.Renewals.RenewalReminders.NoteMaxLength }
            ? $"\"note\" must be at most {Retention.Renewals.RenewalReminders.NoteMaxLength} characters"
            : null;
    }

    private static void CheckText(string field, string? text, int max, bool required, List<ExperimentFieldError> errors)
    {
        var trimmed = text?.Trim() ?? "";
        if (required && trimmed.Length == 0)
        {
            errors.Add(new(field, "is required"));
        }
        else if (trimmed.Length > max)
        {
            errors.Add(new(field, $"must be at most {max} characters"));
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
