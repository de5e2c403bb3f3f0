using System.Globalization;
using System.Text;
using Hangfire;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Privacy;
using OpsConsole.Web.Access;
using OpsConsole.Web.Components.Admin;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Privacy;

public static class PrivacySetup
{
    public const string AuditPagePath = "/admin/audit";
    public const string AuditExportPath = AuditPagePath + "/export.csv";

    public static string LearnerExportPath(string learnerId) => $"/admin/learners/{Uri.EscapeDataString(learnerId)}/export.json";

    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddPrivacy();
        builder.Services.AddSingleton<PiiReveals>();
        builder.Services.AddTransient<PrivacyJobs>();
        builder.Services.AddScoped<IStartupStep, PrivacyJobsStartup>();
        return builder;
    }

    public static WebApplication MapPrivacy(this WebApplication app)
    {
        app.MapGet("/admin/learners/{id}/export.json", async (string id, HttpContext http, LearnerDataExport export) =>
            {
                if (!await export.ExistsAsync(id, http.RequestAborted))
                {
                    return Results.Problem(statusCode: 404, title: "Unknown learner", detail: $"No learner has the id {id}.");
                }
                var name = new string([.. id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
                http.Response.ContentType = "application/json; charset=utf-8";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"learner-{name}.json\"";
                await export.WriteJsonAsync(id, http.Response.Body, http.RequestAborted);
                return Results.Empty;
            })
            .RequireAuthorization(Policies.Admins)
            .WithMetadata(new AuditedExport(AuditActions.LearnerExport, http => http.GetRouteValue("id") as string))
            .ExcludeFromDescription();

        app.MapGet(AuditExportPath, async (HttpContext http, AuditLog audit, TimeProvider clock) =>
            {
                var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{stamp}.csv\"";
                await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
                await audit.WriteCsvAsync(AuditView.FromQuery(http.Request.Query), writer, http.RequestAborted);
            })
            .RequireAuthorization(Policies.Admins)
            .ExcludeFromDescription();
        return app;
    }
}

/// <summary>Deletes raw events past <c>Privacy:EventRetentionDays</c>.</summary>
public sealed class PrivacyJobs(EventRetention retention)
{
    public const string RetentionJobId = "events-retention";

    [JobDisplayName("Delete events past retention")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 2)]
    public Task PurgeEventsAsync(CancellationToken cancellationToken) => retention.PurgeAsync(cancellationToken);
}

public sealed class PrivacyJobsStartup(IRecurringJobManager recurring, IOptions<PrivacyOptions> options, PlatformTime time) : IStartupStep
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        // Registered even when retention is off (it then deletes nothing), so turning it on needs no other change.
        try
        {
            recurring.AddOrUpdate<PrivacyJobs>(PrivacyJobs.RetentionJobId, j => j.PurgeEventsAsync(CancellationToken.None), options.Value.RetentionCron,
                new RecurringJobOptions { TimeZone = time.Zone });
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{PrivacyOptions.Section}:{nameof(PrivacyOptions.RetentionCron)} '{options.Value.RetentionCron}' is not a valid cron expression (five fields, e.g. '15 4 * * *').", e);
        }
        return Task.CompletedTask;
    }
}
