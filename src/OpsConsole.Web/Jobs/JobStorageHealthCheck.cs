using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpsConsole.Web.Jobs;

/// <summary>Unhealthy when the job storage cannot be read; degraded when this node should run jobs but no server has a recent heartbeat.</summary>
public sealed class JobStorageHealthCheck(JobStorage storage, JobsOptions options, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan HeartbeatTolerance = TimeSpan.FromMinutes(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var monitoring = storage.GetMonitoringApi();
            var stats = monitoring.GetStatistics();
            var now = clock.GetUtcNow().UtcDateTime;
            var liveServers = monitoring.Servers().Count(s => s.Heartbeat is { } beat && now - beat < HeartbeatTolerance);
            var data = new Dictionary<string, object>
            {
                ["servers"] = liveServers,
                ["enqueued"] = stats.Enqueued,
                ["processing"] = stats.Processing,
                ["failed"] = stats.Failed,
                ["recurring"] = stats.Recurring,
            };
            if (options.Enabled && liveServers == 0)
            {
                return Task.FromResult(HealthCheckResult.Degraded("No job server has reported a heartbeat recently.", data: data));
            }
            return Task.FromResult(HealthCheckResult.Healthy($"{liveServers} job server(s), {stats.Failed} failed job(s).", data));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The job storage cannot be read.", e));
        }
    }
}
