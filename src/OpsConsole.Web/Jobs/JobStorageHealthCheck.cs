using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpsConsole.Web.Jobs;

/// <summary>
/// Degraded when the job storage cannot be read or when this node should run jobs but no server has a recent heartbeat;
/// never unhealthy. The storage lives in the console's database, whose reachability the database check reports; a
/// monitoring read that runs out of time under load says the instance is busy, not that it cannot serve, and jobs retry
/// by themselves. Taking the instance out of a load balancer's rotation for it would only move its load to the others.
/// </summary>
/// <remarks>
/// Hangfire's monitoring API is synchronous and costs several queries against the job storage. A load balancer may probe
/// /health many times a second: reading the storage on every probe blocked a thread-pool thread and held a pooled
/// connection each time, and at 200 probes a second on PostgreSQL that starved the thread pool and exhausted the connection
/// pool for every other request. One reading now answers every probe for <see cref="ReadEvery"/>, and while one probe
/// reads, the others answer with the previous reading instead of queueing behind it. A failed reading is
/// not reused, so recovery shows on the next probe.
/// </remarks>
public sealed class JobStorageHealthCheck(JobStorage storage, JobsOptions options, TimeProvider clock, ILogger<JobStorageHealthCheck> log) : IHealthCheck
{
    internal static readonly TimeSpan ReadEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HeartbeatTolerance = TimeSpan.FromMinutes(2);

    private sealed record Reading(HealthCheckResult Result, long At, bool Failed);

    private volatile Reading? _last;
    private int _reading;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = _last;
        // A failed reading is not kept: the probe after it reads again, so a recovered storage shows at once.
        if (last is not null && !last.Failed && clock.GetElapsedTime(last.At) < ReadEvery)
        {
            return Task.FromResult(last.Result);
        }
        if (Interlocked.Exchange(ref _reading, 1) == 1 && last is not null)
        {
            return Task.FromResult(last.Result);
        }
        try
        {
            var (result, failed) = Read();
            _last = new Reading(result, clock.GetTimestamp(), failed);
            return Task.FromResult(result);
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    private (HealthCheckResult Result, bool Failed) Read()
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
                return (HealthCheckResult.Degraded("No job server has reported a heartbeat recently.", data: data), false);
            }
            return (HealthCheckResult.Healthy($"{liveServers} job server(s), {stats.Failed} failed job(s).", data), false);
        }
        catch (Exception e)
        {
            // Logged here, once a reading, not by the health service once a probe: at hundreds of probes a second the
            // console logger's lock became one of the busiest things in the process.
            log.LogWarning(e, "The job storage could not be read for /health.");
            return (HealthCheckResult.Degraded($"The job storage cannot be read right now: {e.Message}"), true);
        }
    }
}
