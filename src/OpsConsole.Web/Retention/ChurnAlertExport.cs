using System.Globalization;
using System.Text;
using OpsConsole.Exports;
using OpsConsole.Retention;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Retention;

public static class ChurnAlertExport
{
    public const string Header =
        "alert_id,learner_id,raised_at_utc,risk,threshold,value_tier,segment_id,segment,status,assigned_to,action,action_at_utc,outcome,resolved_at_utc,current_risk,top_driver";

    /// <summary>Streams the alert list's current filters as CSV straight from the database, however many alerts match.</summary>
    public static WebApplication MapChurnAlertExport(this WebApplication app)
    {
        app.MapGet(AlertListQuery.ExportPath, async (HttpContext http, ChurnAlertQueries queries, TimeProvider clock) =>
        {
            var query = AlertListQuery.Parse(http.Request.Query);
            var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"churn-alerts-{query.Status.ToString().ToLowerInvariant()}-{stamp}.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
            await WriteAsync(queries.StreamAsync(query, http.RequestAborted), writer, http.RequestAborted);
        })
        .RequireAuthorization(Policies.Analysts)
        .ExcludeFromDescription();
        return app;
    }

    public static async Task WriteAsync(IAsyncEnumerable<ChurnAlertSummary> alerts, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(Header);
        var line = new StringBuilder();
        await foreach (var a in alerts.WithCancellation(cancellationToken))
        {
            line.Clear()
                .Append(a.Id.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(CsvField.Escape(a.LearnerId)).Append(',')
                .Append(Utc(a.RaisedAt)).Append(',')
                .Append(Number(a.Risk)).Append(',')
                .Append(Number(a.Threshold)).Append(',')
                .Append(Lower(a.Tier)).Append(',')
                .Append(a.SegmentId?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(CsvField.Escape(a.SegmentName)).Append(',')
                .Append(Lower(a.Status)).Append(',')
                .Append(CsvField.Escape(a.AssignedTo)).Append(',')
                .Append(a.Action is { } action ? Lower(action) : "").Append(',')
                .Append(Utc(a.ActionAt)).Append(',')
                .Append(Lower(a.Outcome)).Append(',')
                .Append(Utc(a.ResolvedAt)).Append(',')
                .Append(a.CurrentRisk is { } current ? Number(current) : "").Append(',')
                .Append(CsvField.Escape(a.TopDriver));
            await output.WriteLineAsync(line, cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
    }

    private static string Number(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Utc(DateTime? at) => at is { } t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
}
