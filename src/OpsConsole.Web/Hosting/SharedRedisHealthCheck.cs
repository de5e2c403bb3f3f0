using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpsConsole.Web.Hosting;

/// <summary>
/// Unhealthy when the shared Redis does not answer: this instance could then neither read the key ring (new sign-ins
/// elsewhere would not be accepted here) nor pass live pushes to the others.
/// </summary>
public sealed class SharedRedisHealthCheck(ScaleOutSetup.SharedRedis redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.Database().PingAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The shared Redis does not answer.", e);
        }
    }
}
