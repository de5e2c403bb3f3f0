using System.Globalization;
using System.Text;
using OpsConsole.Analytics;
using OpsConsole.Recommendations;
using OpsConsole.Web.Access;
using OpsConsole.Web.Components.Recommendations;

namespace OpsConsole.Web.Recommendations;

/// <summary>The recommendation pages' tables as CSV downloads for signed-in analysts (the cookie, not an API key).</summary>
public static class RecommendationExports
{
    public const string VersionsCsv = "/recommendations/versions/export.csv";
    public const string MetricsCsv = "/recommendations/metrics/export.csv";
    public const string OnlineCsv = "/recommendations/online/export.csv";

    /// <summary>What one row of the online export stands for.</summary>
    public static readonly string[] OnlineGrains = ["version", "day", "position"];

    public static WebApplication MapRecommendationExports(this WebApplication app)
    {
        app.MapGet(VersionsCsv, async (HttpContext http, RecommenderRegistry registry, TimeProvider clock) =>
            {
                var rows = ModelRow.From(await registry.ListAsync(http.RequestAborted));
                return await CsvAsync(http, clock, "recommender-versions", w => RecommendationCsv.WriteVersionsAsync(w, rows));
            })
            .RequireAuthorization(Policies.Analysts).ExcludeFromDescription();

        app.MapGet(MetricsCsv, async (string? version, HttpContext http, RecommenderRegistry registry, TimeProvider clock) =>
            {
                int? only = null;
                if (!string.IsNullOrEmpty(version))
                {
                    if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                    {
                        return Invalid("version", $"version must be a model version number; got '{version}'.");
                    }
                    only = v;
                }
                var rows = ModelRow.From(await registry.ListAsync(http.RequestAborted)).Where(r => only is null || r.Version == only).ToArray();
                if (only is { } wanted && rows.Length == 0)
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown model version", detail: $"There is no model version v{wanted}.");
                }
                return await CsvAsync(http, clock, only is { } n ? $"recommender-metrics-v{n}" : "recommender-metrics", w => RecommendationCsv.WriteMetricsAsync(w, rows));
            })
            .RequireAuthorization(Policies.Analysts).ExcludeFromDescription();

        app.MapGet(OnlineCsv, async (string? from, string? to, string? by, HttpContext http, OnlineQualityQuery query, PlatformTime time, TimeProvider clock) =>
            {
                if (!TryDay(from, out var first) || !TryDay(to, out var last))
                {
                    return Invalid(TryDay(from, out _) ? "to" : "from", "from and to are platform days (yyyy-MM-dd), both included.");
                }
                if (last < first)
                {
                    return Invalid("to", "to must not be before from.");
                }
                var grain = string.IsNullOrEmpty(by) ? "version" : by;
                if (!OnlineGrains.Contains(grain))
                {
                    return Invalid("by", $"by is one of {string.Join(", ", OnlineGrains)}; got '{by}'.");
                }
                var report = await query.RunAsync(new DayRange(first, last), null, http.RequestAborted);
                return await CsvAsync(http, clock, $"recommendations-online-by-{grain}", w => grain switch
                {
                    "day" => RecommendationCsv.WriteOnlineDaysAsync(w, report),
                    "position" => RecommendationCsv.WriteOnlinePositionsAsync(w, report),
                    _ => RecommendationCsv.WriteOnlineVersionsAsync(w, report),
                });
            })
            .RequireAuthorization(Policies.Analysts).ExcludeFromDescription();
        return app;
    }

    public static string OnlineUrl(DayRange range, string by) => string.Create(CultureInfo.InvariantCulture,
        $"{OnlineCsv}?from={range.From:yyyy-MM-dd}&to={range.To:yyyy-MM-dd}&by={by}");

    public static string MetricsUrl(int version) => string.Create(CultureInfo.InvariantCulture, $"{MetricsCsv}?version={version}");

    private static bool TryDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid export request");

    private static async Task<IResult> CsvAsync(HttpContext http, TimeProvider clock, string name, Func<TextWriter, Task> write)
    {
        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}-{stamp}.csv\"";
        // A byte-order mark so spreadsheet programs read Chinese titles and names as UTF-8.
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        await write(writer);
        return Results.Empty;
    }
}
