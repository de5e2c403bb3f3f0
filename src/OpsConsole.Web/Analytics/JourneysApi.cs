using System.Globalization;
using System.Text;
using OpsConsole.Analytics;
using OpsConsole.Web.Access;
using OpsConsole.Web.Components.Analysis;

namespace OpsConsole.Web.Analytics;

/// <summary>
/// Paths, lifecycle, stickiness and the retention compass: as JSON for the platform backend (analytics scope) and as
/// CSV downloads for the console's pages (signed-in analysts), both from the same parameters.
/// </summary>
public static class JourneysApi
{
    public const string PathsCsv = "/analytics/paths/export.csv";
    public const string LifecycleCsv = "/analytics/lifecycle/export.csv";
    public const string StickinessCsv = "/analytics/stickiness/export.csv";
    public const string CompassCsv = "/analytics/compass/export.csv";

    private const string Groups = "segment=ID counts only that segment's members; breakdown=channel|device|region|tier adds the same report per value in groups " +
        "(the 10 largest values by learners, then (other) and (none)).";

    public static void MapJourneys(this RouteGroupBuilder api, WebApplication app)
    {
        api.MapGet("/paths", (string? @event, string? direction, string? steps, string? from, string? to, string? segment, string? maxEdges, string? breakdown,
                PathsQuery query, CancellationToken ct) =>
                RunAsync(JourneyArguments.Paths(new PathsArguments(@event, direction, steps, from, to, segment, maxEdges, breakdown)), "paths", r => query.RunAsync(r, ct), Results.Ok))
            .Produces<PathsReport>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(501)
            .WithSummary("Paths after or before an event, cleaned and cut at 30-minute session gaps")
            .WithDescription("Events in [from, to) per learner are split into sessions at gaps over 30 minutes; consecutive repeats of a type collapse into one step. " +
                "Every remaining step of the chosen event starts (direction=after) or ends (before) one path of up to `steps` (1-5) further steps. " +
                "Counts are paths; nodes are per depth (0 = the event), edges the maxEdges largest, topSequences the 20 commonest whole paths with their distinct learners. " +
                Groups);

        api.MapGet("/lifecycle", (string? period, string? from, string? to, string? segment, string? breakdown, LifecycleQuery query, CancellationToken ct) =>
                RunAsync(JourneyArguments.Lifecycle(new PeriodRangeArguments(period, from, to, segment, breakdown)), "lifecycle", r => query.RunAsync(r, ct), Results.Ok))
            .Produces<LifecycleReport>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(501)
            .WithSummary("New, returning, resurrecting and dormant learners per day, week or month")
            .WithDescription("Per period starting in [from, to) in the platform's time zone: new (first event ever in the period), returning (active in it and the previous one), " +
                "resurrecting (active in it, not the previous one, but earlier) and dormant (active in the previous one only; a negative number). " + Groups);

        api.MapGet("/stickiness", (string? period, string? from, string? to, string? segment, string? breakdown, StickinessQuery query, CancellationToken ct) =>
                RunAsync(JourneyArguments.Stickiness(new PeriodRangeArguments(period, from, to, segment, breakdown)), "stickiness", r => query.RunAsync(r, ct), Results.Ok))
            .Produces<StickinessReport>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(501)
            .WithSummary("How many days of each week or month learners are active")
            .WithDescription("learners[d-1] counts (learner, period) pairs with activity on exactly d platform days, over the finished weeks or months starting in [from, to). " + Groups);

        api.MapGet("/compass", (string? cohortEvent, string? from, string? to, string? segment, string? breakdown, CompassQuery query, CancellationToken ct) =>
                RunAsync(JourneyArguments.Compass(new CompassArguments(cohortEvent, from, to, segment, breakdown)), "compass", r => query.RunAsync(r, ct), Results.Ok))
            .Produces<CompassReport>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(501)
            .WithSummary("Which first-week behaviour goes with 4-week retention")
            .WithDescription("Cohort: learners whose first cohortEvent is in [from, to). For each event type, the share retained (any event in [t0+21d, t0+28d)) " +
                "among learners who did it in [t0, t0+7d) against those who did not, ranked by the difference, with a two-proportion z-test p-value. " + Groups);

        app.MapGet(PathsCsv, (HttpContext http, PathsQuery query) => CsvAsync(http, "paths",
                JourneyArguments.Paths(new PathsArguments(Q(http, "event"), Q(http, "direction"), Q(http, "steps"), Q(http, "from"), Q(http, "to"), Q(http, "segment"), Q(http, "maxEdges"),
                    Q(http, "breakdown"))),
                r => query.RunAsync(r, http.RequestAborted), JourneyCsv.Paths))
            .RequireAuthorization(Policies.Analysts).ExcludeFromDescription();
        app.MapGet(LifecycleCsv, (HttpContext http, LifecycleQuery query) => CsvAsync(http, "lifecycle",
                JourneyArguments.Lifecycle(PeriodArguments(http)), r => query.RunAsync(r, http.RequestAborted), JourneyCsv.Lifecycle))
            .RequireAuthorization(Policies.Analysts).ExcludeFromDescription();
        app.MapGet(StickinessCsv, (HttpContext http, StickinessQuery query) => CsvAsync(http, "stickiness",
                JourneyArguments.Stickiness(PeriodArguments(http)), r => query.RunAsync(r, http.RequestAborted), JourneyCsv.Stickiness))
            .RequireAuthorization(Policies.Analysts).ExcludeFromDescription();
        app.MapGet(CompassCsv, (HttpContext http, CompassQuery query) => CsvAsync(http, "compass",
                JourneyArguments.Compass(new CompassArguments(Q(http, "cohortEvent"), Q(http, "from"), Q(http, "to"), Q(http, "segment"), Q(http, "breakdown"))),
                r => query.RunAsync(r, http.RequestAborted), JourneyCsv.Compass))
            .RequireAuthorization(Policies.Analysts).ExcludeFromDescription();
    }

    private static string? Q(HttpContext http, string name) => http.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null;

    private static PeriodRangeArguments PeriodArguments(HttpContext http) =>
        new(Q(http, "period"), Q(http, "from"), Q(http, "to"), Q(http, "segment"), Q(http, "breakdown"));

    private static async Task<IResult> RunAsync<TRequest, TReport>(Parsed<TRequest> parsed, string what, Func<TRequest, Task<TReport>> run, Func<TReport, IResult> ok)
        where TRequest : class
    {
        if (parsed.Value is not { } request)
        {
            return Invalid(parsed.Errors, $"Invalid {what} query");
        }
        try
        {
            return ok(await run(request));
        }
        catch (AnalyticsParameterException ex)
        {
            return Invalid(new Dictionary<string, string[]> { [ex.Parameter] = [ex.Message] }, $"Invalid {what} query");
        }
        catch (AnalyticsNotSupportedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Not available on this database", detail: ex.Message);
        }
    }

    private static Task<IResult> CsvAsync<TRequest, TReport>(HttpContext http, string what, Parsed<TRequest> parsed, Func<TRequest, Task<TReport>> run,
        Func<TReport, string> csv) where TRequest : class =>
        RunAsync(parsed, what, run, report =>
        {
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            // A byte-order mark lets spreadsheet programs read the Chinese UI's exports as UTF-8.
            var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv(report))).ToArray();
            return Results.File(bytes, "text/csv; charset=utf-8", $"{what}-{stamp}.csv");
        });

    private static IResult Invalid(IReadOnlyDictionary<string, string[]> errors, string title) =>
        Results.ValidationProblem(errors.ToDictionary(p => p.Key, p => p.Value), title: title,
            detail: string.Join(" ", errors.Select(p => $"{p.Key}: {string.Join(" ", p.Value)}")));
}

/// <summary>
/// The reports as CSV: invariant numbers, one header row, rates as fractions. As for retention and funnels, the group
/// (breakdown value) is the first column: the rows for every learner come first as <see cref="AnalysisCsv.AllLearners"/>,
/// then each group's, so a spreadsheet can pivot them.
/// </summary>
public static class JourneyCsv
{
    public static string Paths(PathsReport r)
    {
        var sb = new StringBuilder("group,section,depth,from,to,path,paths,learners\n");
        IEnumerable<(string, IReadOnlyList<PathNode>, IReadOnlyList<PathEdge>, IReadOnlyList<PathSequence>)> groups =
            [(AnalysisCsv.AllLearners, r.Nodes, r.Edges, r.TopSequences), .. (r.Groups ?? []).Select(g => (g.Value, g.Nodes, g.Edges, g.TopSequences))];
        foreach (var (group, nodes, edges, sequences) in groups)
        {
            foreach (var n in nodes)
            {
                Line(sb, group, "node", n.Depth, "", n.Type, "", n.Paths, "");
            }
            foreach (var e in edges)
            {
                Line(sb, group, "edge", e.Depth, e.From, e.To, "", e.Paths, "");
            }
            foreach (var s in sequences)
            {
                Line(sb, group, "sequence", s.Steps.Count, r.Event, s.Steps.Count == 0 ? "" : s.Steps[^1], string.Join(" > ", s.Steps), s.Paths, s.Learners);
            }
        }
        return sb.ToString();
    }

    public static string Lifecycle(LifecycleReport r)
    {
        var sb = new StringBuilder("group,period_start,new,returning,resurrecting,dormant,complete\n");
        foreach (var (group, periods) in Groups(r.Periods, r.Groups?.Select(g => (g.Value, g.Periods))))
        {
            foreach (var p in periods)
            {
                Line(sb, group, p.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.New, p.Returning, p.Resurrecting, p.Dormant, p.Complete ? "true" : "false");
            }
        }
        return sb.ToString();
    }

    public static string Stickiness(StickinessReport r)
    {
        var sb = new StringBuilder("group,days_active,learner_periods\n");
        foreach (var (group, learners) in Groups(r.Learners, r.Groups?.Select(g => (g.Value, g.Learners))))
        {
            for (var d = 0; d < learners.Count; d++)
            {
                Line(sb, group, d + 1, learners[d]);
            }
        }
        return sb.ToString();
    }

    public static string Compass(CompassReport r)
    {
        var sb = new StringBuilder("group,event_type,did,did_retained,did_rate,did_not,did_not_retained,did_not_rate,difference,p_value,significant\n");
        foreach (var (group, rows) in Groups(r.Rows, r.Groups?.Select(g => (g.Value, g.Rows))))
        {
            foreach (var x in rows)
            {
                Line(sb, group, x.Type, x.Did, x.DidRetained, x.DidRate, x.DidNot, x.DidNotRetained, x.DidNotRate, x.Difference, x.PValue, x.Significant ? "true" : "false");
            }
        }
        return sb.ToString();
    }

    private static IEnumerable<(string Group, T Rows)> Groups<T>(T all, IEnumerable<(string Value, T Rows)>? groups) =>
        [(AnalysisCsv.AllLearners, all), .. groups ?? []];

    private static void Line(StringBuilder sb, params object?[] cells)
    {
        sb.AppendJoin(',', cells.Select(Cell)).Append('\n');
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        // Group values come from the platform's data: quoted and defused the way the retention and funnel files are.
        string s => AnalysisCsv.Escape(s),
        _ => value.ToString() ?? "",
    };
}
