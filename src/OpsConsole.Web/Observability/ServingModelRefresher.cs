using OpsConsole.Telemetry;

namespace OpsConsole.Web.Observability;

/// <summary>Keeps the model gauges current for a collector that reads them on its own schedule (a scrape refreshes them itself).</summary>
internal sealed class ServingModelRefresher(ServingModelReader reader, ObservabilityOptions options, ILogger<ServingModelRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Otlp.ModelRefreshSeconds));
        do
        {
            try
            {
                await reader.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the serving model versions for the model gauges.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
