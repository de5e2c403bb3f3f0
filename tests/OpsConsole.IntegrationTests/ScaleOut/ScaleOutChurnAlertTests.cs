using Hangfire;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.IntegrationTests.Demo;
using OpsConsole.Retention;
using OpsConsole.Web.Retention;

namespace OpsConsole.IntegrationTests.ScaleOut;

/// <summary>The churn jobs on a demo platform served by two instances, each running a job server.</summary>
public sealed class ScaleOutChurnAlertTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChurnAlertRaised_ScoringJobRunByEitherJobServer_ReachesOperatorsOnBothInstances()
    {
        var (database, _) = await DemoData.GenerateAsync(
            new DemoRequest(800, 150, 7, DemoPlatformGenerator.DefaultEndDate(TimeProvider.System)), DatabaseProvider.PostgreSql);
        // The first model's scoring alerts only the near-certain leavers, before anyone listens; the rule below lowers the bar.
        await using var cluster = await ScaleOutCluster.StartAsync(database, new Dictionary<string, string?> { ["Retention:Alerts:DefaultThreshold"] = "0.99" });
        await WaitForStartJobsAsync(cluster, TimeSpan.FromMinutes(4));
        // Both instances found no churn model at start and each asked for one; one was trained.
        var version = Assert.Single(await cluster.A.Services.GetRequiredService<ChurnModelRegistry>().ListAsync(Ct));
        Assert.Equal(ChurnModelStatus.Active, version.Status);

        var (_, operatorOnA) = await cluster.A.SignInAsync(Roles.Operator);
        var (_, operatorOnB) = await cluster.B.SignInAsync(Roles.Operator);
        await using var hubA = cluster.A.ConnectHub(operatorOnA);
        await using var hubB = cluster.B.ConnectHub(operatorOnB);
        var toA = new TaskCompletionSource<ChurnAlertSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var toB = new TaskCompletionSource<ChurnAlertSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        hubA.On<ChurnAlertSummary>("ChurnAlertRaised", a => toA.TrySetResult(a));
        hubB.On<ChurnAlertSummary>("ChurnAlertRaised", a => toB.TrySetResult(a));
        await hubA.StartAsync(Ct);
        await hubB.StartAsync(Ct);
        Assert.Empty(await cluster.A.Services.GetRequiredService<AlertThresholds>().SaveAsync([new ThresholdRuleDraft(null, null, 0.3)], "tests", Ct));

        // The hourly scoring, now rather than on the hour; whichever job server takes it, every operator hears.
        cluster.A.Services.GetRequiredService<IRecurringJobManager>().Trigger(ChurnModelJobs.ScoreJobId);

        var onA = await toA.Task.WaitAsync(TimeSpan.FromSeconds(90), Ct);
        var onB = await toB.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(onA.Id, onB.Id);
        Assert.InRange(onA.Risk, 0.3, 0.99);
        await using var db = await cluster.Database.Contexts.CreateDbContextAsync(Ct);
        Assert.True(await db.ChurnAlerts.AnyAsync(a => a.Id == onA.Id && a.Threshold == 0.3, Ct));
        TestContext.Current.TestOutputHelper?.WriteLine($"scoring ran on {ServerOf(cluster, ChurnModelJobs.ScoreJobId)}");
    }

    /// <summary>Until no job waits or runs: the first model, profiles, rollups and the other models asked for at start.</summary>
    private static async Task WaitForStartJobsAsync(ScaleOutCluster cluster, TimeSpan timeout)
    {
        var monitoring = cluster.A.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow + timeout;
        var quiet = 0;
        while (quiet < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "the jobs asked for at start did not finish in time");
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            var stats = monitoring.GetStatistics();
            quiet = stats.Enqueued == 0 && stats.Processing == 0 ? quiet + 1 : 0;
        }
    }

    /// <summary>The server that processed the latest run of a recurring job, from Hangfire's own state history.</summary>
    private static string ServerOf(ScaleOutCluster cluster, string recurringJobId)
    {
        var storage = cluster.A.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        var jobId = connection.GetAllEntriesFromHash($"recurring-job:{recurringJobId}")?.GetValueOrDefault("LastJobId");
        var details = jobId is null ? null : storage.GetMonitoringApi().JobDetails(jobId);
        var processing = details?.History.FirstOrDefault(h => h.StateName == "Processing");
        return processing is not null && processing.Data.TryGetValue("ServerId", out var server) ? server : "(unknown)";
    }
}
