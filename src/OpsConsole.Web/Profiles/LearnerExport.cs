using System.Globalization;
using System.Text;
using OpsConsole.Profiles;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Profiles;

public static class LearnerExport
{
    /// <summary>Streams the filtered learners list as CSV straight from the database, however many rows match.</summary>
    public static WebApplication MapLearnerExport(this WebApplication app)
    {
        app.MapGet(LearnerListQuery.ExportPath, async (HttpContext http, ProfileQueries queries, TimeProvider clock) =>
        {
            var reveal = PiiAccess.MayReveal(http.User);
            var query = LearnerListQuery.Parse(http.Request.Query) with { SearchPii = reveal };
            var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"learners-{stamp}.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
            await LearnerCsv.WriteAsync(queries.StreamAsync(query, http.RequestAborted), writer, reveal, http.RequestAborted);
        })
        .RequireAuthorization(Policies.Analysts)
        .ExcludeFromDescription();
        return app;
    }
}
