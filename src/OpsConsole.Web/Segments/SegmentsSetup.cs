using System.Globalization;
using System.Text;
using Hangfire;
using OpsConsole.Analytics;
using OpsConsole.Profiles;
using OpsConsole.Segments;
using OpsConsole.Web.Access;
using OpsConsole.Web.Hosting;
using OpsConsole.Web.Jobs;

namespace OpsConsole.Web.Segments;

public static class SegmentsSetup
{
    public static WebApplicationBuilder AddLearnerSegments(this WebApplicationBuilder builder)
    {
        builder.Services.AddSegments();
        builder.Services.AddTransient<SegmentJobs>();
        builder.Services.AddScoped<IStartupStep, SegmentJobsStartup>();
        return builder;
    }

    public static string ExportPath(int segmentId) => $"/segments/{segmentId}/export.csv";

    /// <summary>A segment's members as the learners CSV (profile columns, PII masked unless the viewer may see it).</summary>
    public static WebApplication MapLearnerSegments(this WebApplication app)
    {
        app.MapGet("/segments/{id:int}/export.csv", async (int id, HttpContext http, SegmentService segments, ProfileQueries queries, TimeProvider clock) =>
        {
            if (await segments.GetAsync(id, http.RequestAborted) is not { } segment)
            {
                return Results.Problem(statusCode: 404, title: "Unknown segment", detail: $"No segment has the id {id}.");
            }
            var reveal = PiiAccess.MayReveal(http.User);
            var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"segment-{segment.Id}-{stamp}.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
            var query = new LearnerQuery(SegmentId: id, Sort: LearnerSort.Id, Descending: false);
            await LearnerCsv.WriteAsync(queries.StreamAsync(query, http.RequestAborted), writer, reveal, http.RequestAborted);
            return Results.Empty;
        })
        .RequireAuthorization(Policies.Analysts)
        .ExcludeFromDescription();
        return app;
    }
}

/// <summary>Re-evaluates dynamic segments so their stored members follow the data.</summary>
public sealed class SegmentJobs(SegmentService segments)
{
    public const string RecurringJobId = "segments-refresh";

    [JobDisplayName("Refresh dynamic segments")]
    [DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
    [AutomaticRetry(Attempts = 2)]
    public Task RefreshAsync(CancellationToken cancellationToken) => segments.RefreshDynamicAsync(cancellationToken);
}

public sealed class SegmentJobsStartup(IRecurringJobManager recurring, IConfiguration configuration, PlatformTime time) : IStartupStep
{
    public const string CronKey = "Segments:RefreshCron";

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var cron = configuration[CronKey] is { Length: > 0 } configured ? configured : "20 * * * *";
        try
        {
            recurring.AddOrUpdate<SegmentJobs>(SegmentJobs.RecurringJobId, j => j.RefreshAsync(CancellationToken.None), cron, new RecurringJobOptions { TimeZone = time.Zone });
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{CronKey} '{cron}' is not a valid cron expression (five fields, e.g. '20 * * * *').", e);
        }
        return Task.CompletedTask;
    }
}
