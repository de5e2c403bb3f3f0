using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Retention;
using OpsConsole.Retention.Churn;
using OpsConsole.Web.Hosting;
using OpsConsole.Web.Jobs;

namespace OpsConsole.Web.Retention;

/// <summary>The churn model's jobs: weekly retraining, and scoring every learner (which raises the alerts) every hour.</summary>
public sealed class ChurnModelJobs(ChurnModelRegistry registry, ChurnScoring scoring)
{
    public const string RetrainJobId = "churn-retrain";
    public const string ScoreJobId = "churn-score";

    /// <summary>Who asks for the first model when an instance starts on an install without one.</summary>
    public const string FirstStart = "first start";

    [JobDisplayName("Retrain the churn model ({0})")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 1)]
    public async Task TrainAsync(string startedBy, PerformContext? context, CancellationToken cancellationToken)
    {
        // Several instances starting together each ask for a first model; the lock above runs them one after the other,
        // and the first to finish answers them all.
        if (startedBy == FirstStart && (await registry.ListAsync(cancellationToken)).Count > 0)
        {
            return;
        }
        var version = await registry.TrainAsync(startedBy, JobPercent.Reporter(context), cancellationToken);
        // A model that serves for the first time scores at once, so alerts do not wait for the next hour.
        if (version.Status == ChurnModelStatus.Active)
        {
            await scoring.RunAsync(cancellationToken);
        }
    }

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 1)]
    public Task ScoreAsync(CancellationToken cancellationToken) => scoring.RunAsync(cancellationToken);
}

/// <summary>Starts a training run from the model page and reads its state and percentage.</summary>
public sealed class ChurnModelJobTracker(IBackgroundJobClient jobs, JobStorage storage, JobsOptions options, RollupJobTracker states)
{
    public bool ServerRunsHere => options.Enabled;

    public string EnqueueTraining(string startedBy) => jobs.Enqueue<ChurnModelJobs>(j => j.TrainAsync(startedBy, null, CancellationToken.None));

    public (JobProgress State, int Percent) GetProgress(string jobId) => JobPercent.Read(storage, states, jobId);
}

/// <summary>Schedules the churn jobs; on an install without a churn model, asks the job server for one without holding up the start.</summary>
public sealed class ChurnModelJobsStartup(
    IRecurringJobManager recurring, IBackgroundJobClient jobs, JobsOptions jobsOptions, IOptions<ChurnOptions> options, PlatformTime time,
    ChurnModelRegistry registry, ILogger<ChurnModelJobsStartup> log) : IStartupStep
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var zone = new RecurringJobOptions { TimeZone = time.Zone };
        Schedule(nameof(ChurnOptions.RetrainCron), options.Value.RetrainCron,
            () => recurring.AddOrUpdate<ChurnModelJobs>(ChurnModelJobs.RetrainJobId, j => j.TrainAsync("weekly", null, CancellationToken.None), options.Value.RetrainCron, zone));
        Schedule(nameof(ChurnOptions.ScoreCron), options.Value.ScoreCron,
            () => recurring.AddOrUpdate<ChurnModelJobs>(ChurnModelJobs.ScoreJobId, j => j.ScoreAsync(CancellationToken.None), options.Value.ScoreCron, zone));
        if (jobsOptions.Enabled && (await registry.ListAsync(cancellationToken)).Count == 0)
        {
            log.LogInformation("No churn model yet: training one in the background.");
            jobs.Enqueue<ChurnModelJobs>(j => j.TrainAsync(ChurnModelJobs.FirstStart, null, CancellationToken.None));
        }
    }

    private static void Schedule(string key, string cron, Action add)
    {
        try
        {
            add();
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{ChurnOptions.Section}:{key} '{cron}' is not a valid cron expression (five fields, e.g. '10 * * * *').", e);
        }
    }
}
