using Hangfire;
using OpsConsole.Analytics;
using OpsConsole.Recommendations;
using OpsConsole.Web.Hosting;
using OpsConsole.Web.Jobs;

namespace OpsConsole.Web.Recommendations;

/// <summary>Schedules nightly retraining, and asks for a first model now when none was ever trained (a fresh install or demo).</summary>
public sealed class RecommenderJobsStartup(IRecurringJobManager recurring, JobsOptions jobs, RecommenderOptions options, PlatformTime time, RecommenderRegistry registry) : IStartupStep
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            recurring.AddOrUpdate<RecommenderJobs>(RecommenderJobs.RecurringJobId, j => j.TrainAsync(RecommenderJobs.Nightly, null, CancellationToken.None),
                options.RetrainCron, new RecurringJobOptions { TimeZone = time.Zone });
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{RecommenderOptions.Section}:{nameof(RecommenderOptions.RetrainCron)} '{options.RetrainCron}' is not a valid cron expression (five fields, e.g. '30 2 * * *').", e);
        }
        if (jobs.Enabled && !(await registry.ListAsync(cancellationToken)).Any(m => m.Status is RecommenderModelStatus.Ready or RecommenderModelStatus.Active or RecommenderModelStatus.Retired))
        {
            recurring.Trigger(RecommenderJobs.RecurringJobId);
        }
    }
}
