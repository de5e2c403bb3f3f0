using System.Globalization;
using System.Text;
using OpsConsole.Ingestion;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Components.Admin;

/// <summary>Downloads behind the admin pages. A plain GET streams straight from the database, however large the export.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet(QuarantineView.ExportPath, async (HttpContext http, QuarantineQueries queries, TimeProvider clock) =>
        {
            var filter = QuarantineView.FromQuery(http.Request.Query);
            var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"quarantine-{stamp}.csv\"";
            // The byte-order mark makes spreadsheet programs read the file as UTF-8 (Chinese text included).
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
            await queries.WriteCsvAsync(filter, writer, http.RequestAborted);
        })
        .RequireAuthorization(Policies.Admins)
        .ExcludeFromDescription();
        return app;
    }
}
