using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using OpsConsole.Analytics;
using OpsConsole.Ingestion;

namespace OpsConsole.Web.Components.Analysis;

/// <summary>
/// A page's request as the text parameters the REST API reads. The CSV links carry them, so the file holds exactly
/// the table on screen, and the pages check them with the same rules as the API before running a query.
/// </summary>
public static class AnalysisRequests
{
    public const string RetentionExportPath = "/analytics/retention/export.csv";
    public const string FunnelExportPath = "/analytics/funnels/export.csv";

    public static RetentionArguments Arguments(RetentionRequest r) => new(
        r.CohortEvent.ToWireName(),
        r.ReturnEvent?.ToWireName() ?? BehaviorQueryArguments.AnyEvent,
        r.Period.ToWireName(),
        r.Periods.ToString(CultureInfo.InvariantCulture),
        Day(r.From),
        Day(r.To),
        r.Unbounded ? "true" : null,
        r.SegmentId?.ToString(CultureInfo.InvariantCulture),
        r.Breakdown?.ToWireName());

    public static FunnelArguments Arguments(FunnelRequest r) => new(
        string.Join(',', r.Steps.Select(s => s.ToWireName())),
        r.WindowHours.ToString(CultureInfo.InvariantCulture),
        Day(r.From),
        Day(r.To),
        r.SegmentId?.ToString(CultureInfo.InvariantCulture),
        r.Breakdown?.ToWireName());

    public static string RetentionExport(RetentionRequest r)
    {
        var a = Arguments(r);
        return Link(RetentionExportPath, ("cohortEvent", a.CohortEvent), ("returnEvent", a.ReturnEvent), ("period", a.Period), ("periods", a.Periods),
            ("from", a.From), ("to", a.To), ("unbounded", a.Unbounded), ("segment", a.Segment), ("breakdown", a.Breakdown));
    }

    public static string FunnelExport(FunnelRequest r)
    {
        var a = Arguments(r);
        return Link(FunnelExportPath, ("steps", a.Steps), ("windowHours", a.WindowHours), ("from", a.From), ("to", a.To), ("segment", a.Segment), ("breakdown", a.Breakdown));
    }

    /// <summary>The API's objections to a request the page built (e.g. too many daily cohorts), as one message; null when it is fine.</summary>
    public static string? Check(RetentionRequest r) => Message(BehaviorQueryArguments.Retention(Arguments(r)).Errors);

    public static string? Check(FunnelRequest r) => Message(BehaviorQueryArguments.Funnel(Arguments(r)).Errors);

    private static string? Message(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count == 0 ? null : string.Join(" ", errors.SelectMany(p => p.Value));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Link(string path, params (string Name, string? Value)[] parameters) =>
        QueryHelpers.AddQueryString(path, parameters.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));
}
