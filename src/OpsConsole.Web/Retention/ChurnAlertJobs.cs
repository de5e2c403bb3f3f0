using Hangfire;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Retention;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Retention;

/// <summary>The alerts' recurring job: decides the outcomes of retention actions that are due, and trims old risk history.</summary>
public sealed class ChurnAlertJobs(AlertOutcomeTracker tracker, ILogger<ChurnAlertJobs> log)
{
    public const string RecurringJobId = "churn-alert-outcomes";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 1)]
    public async Task TrackOutcomesAsync(CancellationToken cancellationToken)
    {
        var result = await tracker.RunAsync(cancellationToken);
        if (result is not { Stayed: 0, Churned: 0, HistoryPruned: 0 })
        {
            log.LogInformation("Churn alert outcomes: {Stayed} stayed, {Churned} churned; {Pruned} old risk points dropped",
                result.Stayed, result.Churned, result.HistoryPruned);
        }
    }
}

public sealed class ChurnAlertJobsStartup(IRecurringJobManager recurring, IOptions<ChurnAlertOptions> options, PlatformTime time) : IStartupStep
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            recurring.AddOrUpdate<ChurnAlertJobs>(ChurnAlertJobs.RecurringJobId, j => j.TrackOutcomesAsync(CancellationToken.None), options.Value.OutcomeCron,
                new RecurringJobOptions { TimeZone = time.Zone });
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(
                $"{ChurnAlertOptions.Section}:{nameof(ChurnAlertOptions.OutcomeCron)} '{options.Value.OutcomeCron}' is not a valid cron expression (five fields, e.g. '30 3 * * *').", e);
        }
        return Task.CompletedTask;
    }
}
