using Hangfire;
using OpsConsole.Analytics;
using OpsConsole.Support;
using OpsConsole.Web.Hosting;
using OpsConsole.Web.Jobs;

namespace OpsConsole.Web.Support;

/// <summary>
/// Loads the active intent model, schedules nightly retraining, and when no model was ever trained but agents have
/// confirmed enough tickets (a demo platform, an upgrade), asks the job server for one without holding up the start.
/// </summary>
public sealed class IntentModelStartup(
    IRecurringJobManager recurring,
    IBackgroundJobClient jobs,
    JobsOptions jobsOptions,
    IntentModelOptions options,
    PlatformTime time,
    IntentModelHost host,
    IntentModelRegistry registry,
    IntentTrainer trainer,
    ILogger<IntentModelStartup> logger) : IStartupStep
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            recurring.AddOrUpdate<IntentModelJobs>(IntentModelJobs.RecurringJobId, j => j.TrainAsync(IntentModelJobs.Nightly, null, CancellationToken.None),
                options.RetrainCron, new RecurringJobOptions { TimeZone = time.Zone });
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{IntentModelOptions.Section}:{nameof(IntentModelOptions.RetrainCron)} '{options.RetrainCron}' is not a valid cron expression (five fields, e.g. '15 3 * * *').", e);
        }
        await host.RefreshAsync(cancellationToken);
        if (!jobsOptions.Enabled || host.Current is not null || (await registry.ListAsync(cancellationToken)).Any(IntentModelJobs.IsUsable))
        {
            return;
        }
        var readiness = await trainer.ReadinessAsync(cancellationToken);
        if (readiness.Ready)
        {
            logger.LogInformation("No intent model yet: training one in the background from {Examples} confirmed tickets.", readiness.UsableExamples);
            jobs.Enqueue<IntentModelJobs>(j => j.TrainAsync(IntentModelJobs.Startup, null, CancellationToken.None));
        }
        else
        {
            logger.LogInformation("No intent model yet, and none can be trained: {Reason} Tickets go to triage until one is.", readiness.Problem);
        }
    }
}
