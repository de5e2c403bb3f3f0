using System.Globalization;
using System.Text;
using OpsConsole.Analytics;
using OpsConsole.Support.Reports;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Support;

/// <summary>
/// Every table and series of the support reports page as a CSV download (<c>/support/reports/{table}/export.csv</c>) for
/// signed-in support agents, managers and admins, with the page's parameters; a bad one is a 400 problem naming it.
/// </summary>
public static class SupportReportExports
{
    public const string PagePath = "/support/reports";
    private const string Route = PagePath + "/{table}/export.csv";

    public static WebApplication MapSupportReportExports(this WebApplication app)
    {
        app.MapGet(Route, async (string table, string? from, string? to, string? bucket, string? channel, string? language, string? intent, string? priority,
                HttpContext http, SupportReportQuery query, TimeProvider clock) =>
            {
                if (!SupportReportCsv.Tables.Contains(table))
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown support report table",
                        detail: $"The support report exports are {string.Join(", ", SupportReportCsv.Tables)}.");
                }
                var (request, errors) = SupportReportArguments.Parse(from, to, bucket, channel, language, intent, priority);
                if (request is null)
                {
                    return Results.ValidationProblem(errors, title: "Invalid support report request");
                }
                SupportReport report;
                try
                {
                    report = await query.RunAsync(request, http.RequestAborted);
                }
                catch (AnalyticsParameterException e)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { [e.Parameter] = [e.Message] }, title: "Invalid support report request");
                }
                var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"support-{table}-{stamp}.csv\"";
                // A byte-order mark so spreadsheet programs read Chinese names and intents as UTF-8.
                await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
                await SupportReportCsv.WriteAsync(table, writer, report);
                return Results.Empty;
            })
            .RequireAuthorization(Policies.Support)
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The download of one table for the page's current request.</summary>
    public static string Url(string table, SupportReportRequest request) =>
        $"{PagePath}/{table}/export.csv{SupportReportArguments.QueryString(request)}";
}
