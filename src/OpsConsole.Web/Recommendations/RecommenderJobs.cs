using Hangfire;
using Hangfire.Server;
using OpsConsole.Recommendations;
using OpsConsole.Web.Jobs;

namespace OpsConsole.Web.Recommendations;

/// <summary>Retrains the recommender nightly and on demand; progress is written to the job for any instance's UI.</summary>
public sealed class RecommenderJobs(RecommenderTrainer trainer)
{
    public const string RecurringJobId = "recommender-retrain";
    public const string Nightly = "nightly";

    [JobDisplayName("Retrain the recommender ({0})")]
    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 1)]
    public Task TrainAsync(string startedBy, PerformContext? context, CancellationToken cancellationToken) =>
        trainer.TrainAsync(startedBy, JobPercent.Reporter(context), cancellationToken);
}

/// <summary>Starts a training run from the UI and reads its state and percentage.</summary>
public sealed class RecommenderJobTracker(IBackgroundJobClient jobs, JobStorage storage, JobsOptions options, RollupJobTracker states)
{
    public bool ServerRunsHere => options.Enabled;

    public string EnqueueTraining(string startedBy) => jobs.Enqueue<RecommenderJobs>(j => j.TrainAsync(startedBy, null, CancellationToken.None));

    public (JobProgress State, int Percent) GetProgress(string jobId) => JobPercent.Read(storage, states, jobId);
}
