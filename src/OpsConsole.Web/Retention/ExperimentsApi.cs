using System.Text.Json;
using System.Text.Json.Serialization;
using OpsConsole.Access;
using OpsConsole.Experiments;
using OpsConsole.Learners;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Retention;

/// <summary>
/// The arm a learner is in. <c>variant</c> is null (with a <c>reason</c>: <c>not_started</c>, <c>stopped</c> or
/// <c>not_in_segment</c>) when the learner takes no part: the platform then shows its default experience.
/// </summary>
public sealed record AssignmentResponse(string Experiment, string? Variant, JsonElement? Payload, string? Reason);

public sealed record ExperimentList(IReadOnlyList<ExperimentView> Experiments);

public sealed record ExperimentView(
    string Key, string Name, string Status, string PrimaryMetric, IReadOnlyList<string> GuardrailMetrics, int? SegmentId,
    DateTime? StartedAt, DateTime? StoppedAt, string? Decision, string? ShippedVariant, IReadOnlyList<VariantView> Variants);

public sealed record VariantView(string Key, string Name, double Weight, bool IsControl, JsonElement Payload);

public static class ExperimentsApi
{
    // Statuses, decisions and reasons go out as snake_case words ("not_in_segment"), as the platform's developers read them.
    private static readonly JsonSerializerOptions Out = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static WebApplication MapExperimentsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/experiments").WithTags("Experiments").RequireAuthorization(Policies.Scope(ApiScopes.Experiments));
        api.MapGet("/", List)
            .WithSummary("Every experiment with its variants and their payloads, newest first; ?status=draft|running|stopped narrows the list.")
            .Produces<ExperimentList>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403);
        api.MapGet("/{key}/assignment/{learnerId}", Assign)
            .WithSummary("The variant a learner is in, with its payload. The same learner always gets the same variant (GrowthBook hashing v2 of seed and learner id); " +
                "the first answer logs the learner's exposure and an experiment_exposure event. variant is null, with reason not_started, stopped or " +
                "not_in_segment, when the experiment is not running or the learner is outside its target segment. Unknown experiment or learner: 404.")
            .Produces<AssignmentResponse>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> List(string? status, ExperimentService experiments, CancellationToken ct)
    {
        ExperimentStatus? only = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<ExperimentStatus>(status, true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Invalid("status", $"status must be draft, running or stopped; got '{status}'.");
            }
            only = parsed;
        }
        var list = await experiments.ListWithVariantsAsync(only, ct);
        return Results.Json(new ExperimentList([.. list.Select(View)]), Out);
    }

    private static async Task<IResult> Assign(string key, string learnerId, ExperimentAssigner assigner, CancellationToken ct)
    {
        if (!ExperimentRules.IsSlug(key, Experiment.KeyMaxLength))
        {
            return Invalid("key", $"An experiment key is a lower-case slug of at most {Experiment.KeyMaxLength} characters (a-z, 0-9, single hyphens); got '{key}'.");
        }
        if (string.IsNullOrWhiteSpace(learnerId) || learnerId.Length > Learner.IdMaxLength)
        {
            return Invalid("learnerId", $"A learner id has 1 to {Learner.IdMaxLength} characters.");
        }
        try
        {
            var result = await assigner.AssignAsync(key, learnerId, ct);
            var response = new AssignmentResponse(result.ExperimentKey, result.Variant?.Key, result.Variant is { } v ? Payload(v.Payload) : null,
                result.Reason is { } reason ? JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString()) : null);
            return Results.Json(response, Out);
        }
        catch (ExperimentNotFoundException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown experiment", detail: e.Message,
                extensions: new Dictionary<string, object?> { ["field"] = "key" });
        }
        catch (UnknownLearnerException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown learner",
                detail: $"{e.Message} Send the learner first (PUT /api/v1/learners/{{id}}) or check the id.",
                extensions: new Dictionary<string, object?> { ["field"] = "learnerId" });
        }
    }

    private static ExperimentView View(Experiment e) => new(
        e.Key, e.Name, Snake(e.Status), e.Primary.Code, [.. e.Guardrails.Select(g => g.Code)], e.SegmentId, e.StartedAt, e.StoppedAt,
        e.Decision is { } d ? Snake(d) : null, e.ShippedVariantKey,
        [.. e.Variants.OrderBy(v => v.Position).Select(v => new VariantView(v.Key, v.Name, v.Weight, v.IsControl, Payload(v.Payload)))]);

    /// <summary>The stored payload as JSON, so the platform receives an object rather than a string holding one.</summary>
    private static JsonElement Payload(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string Snake<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid experiment request");
}
