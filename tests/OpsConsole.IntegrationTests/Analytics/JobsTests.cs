using System.Net;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Web.Jobs;

namespace OpsConsole.IntegrationTests.Analytics;

public sealed class JobsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task JobsDashboard_Anonymous_RedirectsToSignIn()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);

        var response = await app.CreateRawClient().GetAsync("/jobs", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.SupportAgent)]
    public async Task JobsDashboard_SignedInNonAdmin_Forbidden(string role)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (client, _) = await app.SignInAsync(role);

        var response = await client.GetAsync("/jobs", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task JobsDashboard_Admin_ShowsRecurringRollups()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (client, _) = await app.SignInAsync(Roles.Admin);

        var response = await client.GetAsync("/jobs/recurring", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains(RollupJobs.RecentJobId, html);
        Assert.Contains(RollupJobs.FullJobId, html);
    }

    [Fact]
    public async Task RecurringJobs_CronFromSettings_RegisteredInPlatformTimeZone()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?>
        {
            ["Jobs:RollupsCron"] = "*/5 * * * *",
            ["Platform:TimeZone"] = "Europe/Berlin",
        });
        _ = app.BaseAddress;

        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);

        Assert.Equal("*/5 * * * *", jobs[RollupJobs.RecentJobId].Cron);
        Assert.Equal("30 2 * * *", jobs[RollupJobs.FullJobId].Cron);
        Assert.All(jobs.Values, j => Assert.Equal("Europe/Berlin", j.TimeZoneId));
    }

    [Theory, DatabaseProviders]
    public async Task EnqueueRebuild_ServerEnabled_RunsThroughHangfireAndStoresRollups(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Jobs:Enabled"] = "true" });
        _ = app.BaseAddress;
        var now = DateTime.UtcNow;
        await app.Services.GetRequiredService<EventStore>().AppendAsync(
        [
            new BehaviorEvent { EventId = "j-1", LearnerId = "u-1", Type = EventType.Purchase, OccurredAt = now.AddDays(-3), Amount = 42m, Currency = "CNY" },
            new BehaviorEvent { EventId = "j-2", LearnerId = "u-2", Type = EventType.View, OccurredAt = now.AddMinutes(-1) },
        ], Ct);
        await using var scope = app.Services.CreateAsyncScope();
        var tracker = scope.ServiceProvider.GetRequiredService<RollupJobTracker>();
        var seen = new List<JobProgress>();

        var jobId = tracker.EnqueueRebuild();
        var final = await tracker.WaitAsync(jobId, p => { seen.Add(p); return Task.CompletedTask; }, TimeSpan.FromSeconds(120), Ct);

        Assert.Equal(JobProgress.Succeeded, final);
        Assert.Equal(JobProgress.Succeeded, seen[^1]);
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        var rows = await ctx.DailyRollups.ToListAsync(Ct);
        Assert.Equal(2L, rows.Sum(r => (long)r.Events));
        Assert.Equal(42m, rows.Sum(r => r.Revenue));
        Assert.InRange(rows.Count, 4, 5);
    }

    [Theory, DatabaseProviders]
    public async Task HealthCheck_JobStorageReadable_ReportsJobsHealthy(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        _ = app.BaseAddress;

        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        var health = await app.CreateRawClient().GetStringAsync("/health", Ct);

        Assert.Equal(HealthStatus.Healthy, report.Entries["jobs"].Status);
        Assert.Equal(2, report.Entries["jobs"].Data["recurring"] is long n ? n : -1);
        Assert.Equal("Healthy", health);
    }
}
