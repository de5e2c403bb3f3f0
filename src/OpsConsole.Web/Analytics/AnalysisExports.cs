using System.Globalization;
using System.Text;
using OpsConsole.Analytics;
using OpsConsole.Segments;
using OpsConsole.Web.Access;
using OpsConsole.Web.Components.Analysis;

namespace OpsConsole.Web.Analytics;

/// <summary>
/// The retention and funnel tables of the console pages as CSV files, for signed-in analysts (the cookie, not an API
/// key). They take the same parameters as the REST API and answer the same problems for bad ones.
/// </summary>
public static class AnalysisExports
{
    public static WebApplication MapAnalysisExports(this WebApplication app)
    {
        app.MapGet(AnalysisRequests.RetentionExportPath, async (string? cohortEvent, string? returnEvent, string? period, string? periods,
            string? from, string? to, string? unbounded, string? segment, string? breakdown,
            HttpContext http, RetentionQuery query, SegmentService segments, TimeProvider clock) =>
        {
            var parsed = await AnalyticsApi.CheckSegmentAsync(
                BehaviorQueryArguments.Retention(new RetentionArguments(cohortEvent, returnEvent, period, periods, from, to, unbounded, segment, breakdown)),
                r => r.SegmentId, segments, http.RequestAborted);
            if (parsed.Value is not { } request)
            {
                return AnalyticsApi.Invalid(parsed.Errors, "Invalid retention query");
            }
            return await CsvAsync(http, clock, "retention", () => query.RunAsync(request, http.RequestAborted),
                (writer, report) => AnalysisCsv.WriteRetentionAsync(writer, report, request.Periods));
        })
        .RequireAuthorization(Policies.Analysts)
        .ExcludeFromDescription();

        app.MapGet(AnalysisRequests.FunnelExportPath, async (string? steps, string? windowHours, string? from, string? to, string? segment, string? breakdown,
            HttpContext http, FunnelQuery query, SegmentService segments, TimeProvider clock) =>
        {
            var parsed = await AnalyticsApi.CheckSegmentAsync(
                BehaviorQueryArguments.Funnel(new FunnelArguments(steps, windowHours, from, to, segment, breakdown)), r => r.SegmentId, segments, http.RequestAborted);
            if (parsed.Value is not { } request)
            {
                return AnalyticsApi.Invalid(parsed.Errors, "Invalid funnel query");
            }
            return await CsvAsync(http, clock, "funnel", () => query.RunAsync(request, http.RequestAborted), AnalysisCsv.WriteFunnelAsync);
        })
        .RequireAuthorization(Policies.Analysts)
        .ExcludeFromDescription();
        return app;
    }

    /// <summary>Runs the query before anything is written, so a failure is still an ordinary problem response, not a cut-off file.</summary>
    private static async Task<IResult> CsvAsync<T>(HttpContext http, TimeProvider clock, string name, Func<Task<T>> run, Func<TextWriter, T, Task> write)
    {
        T report;
        try
        {
            report = await run();
        }
        catch (AnalyticsNotSupportedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Not available on this database", detail: ex.Message);
        }
        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}-{stamp}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        await write(writer, report);
        return Results.Empty;
    }
}
