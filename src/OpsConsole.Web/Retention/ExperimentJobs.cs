using Hangfire;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Experiments;
using OpsConsole.Experiments.Results;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Retention;

/// <summary>
/// Carries out the arms' retention actions (renewal reminders to newly exposed treatment learners), then recomputes the results
/// of every running experiment, so the page opens on figures at most an hour old that already count this hour's reminders.
/// </summary>
public sealed class ExperimentJobs(ExperimentActions actions, ExperimentResultsService results, ILogger<ExperimentJobs> log)
{
    public const string RecurringJobId = "experiments-evaluate";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        var sent = await actions.RunRunningAsync(cancellationToken);
        var computed = await results.RecomputeRunningAsync(cancellationToken);
        log.LogInformation("Experiments sent {Sent} renewal reminder(s); results recomputed for {Count} running experiments", sent, computed);
    }
}

public sealed class ExperimentJobsStartup(IRecurringJobManager recurring, IOptions<ExperimentResultsOptions> options, PlatformTime time) : IStartupStep
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            recurring.AddOrUpdate<ExperimentJobs>(ExperimentJobs.RecurringJobId, j => j.EvaluateAsync(CancellationToken.None), options.Value.EvaluateCron,
                new RecurringJobOptions { TimeZone = time.Zone });
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{ExperimentResultsOptions.Section}:{nameof(ExperimentResultsOptions.EvaluateCron)} '{options.Value.EvaluateCron}' is not a valid cron expression (five fields, e.g. '0 * * * *').", e);
        }
        return Task.CompletedTask;
    }
}
