using System.Globalization;
using System.Text.Json;
using OpsConsole.Access;
using OpsConsole.Recommendations;
using OpsConsole.Web.Access;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Recommendations;

public static class RecommendationsApi
{
    public static WebApplication MapRecommendationsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/recommendations").WithTags("Recommendations")
            .RequireAuthorization(Policies.Scope(ApiScopes.Recommend));
        api.MapGet("/{learnerId}", Recommend)
            .WithSummary("What to show a learner: k items (1–100) with score and reason, the model version and a recommendation id to report clicks against. " +
                "context=home (or any placement name) personalises; context=item:{id} answers 'learners who took this also took'. " +
                "An unknown learner gets the cold-start list.")
            .Produces<RecommendationList>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(503);
        api.MapPost("/feedback", Feedback)
            .WithMetadata(new DocumentedBody(typeof(FeedbackRequest), "application/json"))
            .WithSummary("Reports a click or purchase on a recommended item: {recommendationId, itemId, kind: click|purchase, amount?, occurredAt?}. " +
                "Re-sending the same report is harmless. A click is also recorded as a recommendation_click event.")
            .Produces<FeedbackResult>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> Recommend(string learnerId, string? k, string? context, RecommendationService recommendations, CancellationToken ct)
    {
        var count = 10;
        if (k is not null && !int.TryParse(k, NumberStyles.Integer, CultureInfo.InvariantCulture, out count))
        {
            return Invalid("k", $"k must be a whole number between 1 and {RecommendationService.MaxK}; got '{k}'.");
        }
        if (!RecommendationContext.TryParse(context, out var parsed, out var error))
        {
            return Invalid("context", error!);
        }
        try
        {
            var list = await recommendations.RecommendAsync(learnerId, count, parsed, ct);
            // Serialized whole first, so the answer leaves with its length in one write rather than as chunks.
            return Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(list, RecommendationJson.Default.RecommendationList), RecommendationJson.ContentType);
        }
        catch (RecommendationRequestException e)
        {
            return Invalid(e.Field, e.Message);
        }
        catch (NoActiveModelException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No recommender model yet", detail: e.Message,
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = 60 });
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The body is read here rather than bound by the framework, whose answer to malformed JSON is a bare 400 that
    /// names neither the field nor the position.
    /// </summary>
    private static async Task<IResult> Feedback(HttpRequest http, RecommendationFeedbackService feedback, CancellationToken ct)
    {
        FeedbackRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<FeedbackRequest>(http.Body, Json, ct);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "(body)" : e.Path.TrimStart('$', '.');
            return Invalid(field, $"The body is not valid JSON of the shape {{recommendationId, itemId, kind}} at {e.Path ?? "the start"} (line {e.LineNumber + 1}): {e.Message.Split(". ")[0].TrimEnd('.')}.");
        }
        if (request is null)
        {
            return Invalid("(body)", "A JSON body {recommendationId, itemId, kind} is required.");
        }
        try
        {
            return Results.Ok(await feedback.RecordAsync(request, ct));
        }
        catch (RecommendationRequestException e)
        {
            return Invalid(e.Field, e.Message);
        }
        catch (UnknownRecommendationException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown recommendation", detail: e.Message,
                extensions: new Dictionary<string, object?> { ["field"] = "recommendationId" });
        }
    }

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid recommendation request");
}
