using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Segments;
using OpsConsole.Web.Access;
using OpsConsole.Web.Ingestion;

namespace OpsConsole.Web.Analytics;

/// <summary>Behaviour analysis for the platform backend: cohort retention and ordered funnels, with the analytics scope.</summary>
public static class AnalyticsApi
{
    public static WebApplication MapAnalyticsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/analytics").WithTags("Analytics")
            .RequireAuthorization(Policies.Scope(ApiScopes.Analytics));

        api.MapGet("/retention", GetRetention)
            .Produces<RetentionReport>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(501)
            .WithSummary("Cohort retention by day, week or month in the platform's time zone")
            .WithDescription("Cohorts are the periods starting in [from, to) of each learner's first cohortEvent (signup, first_purchase or any event type). " +
                "retained[0] is the cohort size and retained[k] the learners with a returnEvent ('any' = any other type) in the k-th period after; " +
                "unbounded=true counts a return in that period or later. Periods not yet finished are left out. " +
                "segment=ID counts only that segment's members; breakdown=channel|device|region|tier adds the same cohorts per value in groups " +
                "(the 10 largest values, then (other) and (none)).");

        api.MapGet("/funnel", GetFunnel)
            .Produces<FunnelReport>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(501)
            .WithSummary("An ordered funnel of 2 to 8 event types")
            .WithDescription("A learner enters with a first-step event in [from, to) and reaches each further step with events in that order " +
                "(each at or after the previous) within windowHours of the entry; the learner's best entry counts. Each step gives the median seconds from the previous one. " +
                "segment=ID counts only that segment's members; breakdown=channel|device|region|tier adds the same steps per value in groups " +
                "(the 10 largest values by entries, then (other) and (none)).");

        api.MapJourneys(app);
        return app;
    }

    private static async Task<IResult> GetRetention(string? cohortEvent, string? returnEvent, string? period, string? periods,
        string? from, string? to, string? unbounded, string? segment, string? breakdown, RetentionQuery query, SegmentService segments, CancellationToken ct)
    {
        var parsed = await CheckSegmentAsync(
            BehaviorQueryArguments.Retention(new RetentionArguments(cohortEvent, returnEvent, period, periods, from, to, unbounded, segment, breakdown)),
            r => r.SegmentId, segments, ct);
        return parsed.Value is { } request
            ? await RunAsync(() => query.RunAsync(request, ct))
            : Invalid(parsed.Errors, "Invalid retention query");
    }

    private static async Task<IResult> GetFunnel(string? steps, string? windowHours, string? from, string? to, string? segment, string? breakdown,
        FunnelQuery query, SegmentService segments, CancellationToken ct)
    {
        var parsed = await CheckSegmentAsync(
            BehaviorQueryArguments.Funnel(new FunnelArguments(steps, windowHours, from, to, segment, breakdown)), r => r.SegmentId, segments, ct);
        return parsed.Value is { } request
            ? await RunAsync(() => query.RunAsync(request, ct))
            : Invalid(parsed.Errors, "Invalid funnel query");
    }

    /// <summary>A well-formed request whose segment id names no segment is invalid too, reported against <c>segment</c>.</summary>
    internal static async Task<Parsed<T>> CheckSegmentAsync<T>(Parsed<T> parsed, Func<T, int?> segmentOf, SegmentService segments, CancellationToken ct) where T : class
    {
        if (parsed.Value is { } request && segmentOf(request) is { } id && await segments.GetAsync(id, ct) is null)
        {
            return new Parsed<T>(null, BehaviorQueryArguments.UnknownSegment(id));
        }
        return parsed;
    }

    internal static async Task<IResult> RunAsync<T>(Func<Task<T>> run)
    {
        try
        {
            return Results.Ok(await run());
        }
        catch (AnalyticsNotSupportedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Not available on this database", detail: ex.Message);
        }
    }

    internal static IResult Invalid(IReadOnlyDictionary<string, string[]> errors, string title) =>
        Results.ValidationProblem(errors.ToDictionary(p => p.Key, p => p.Value), title: title,
            detail: string.Join(" ", errors.Select(p => $"{p.Key}: {string.Join(" ", p.Value)}")));
}
