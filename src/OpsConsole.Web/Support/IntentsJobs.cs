using Hangfire;
using Hangfire.Server;
using OpsConsole.Support;
using OpsConsole.Web.Jobs;

namespace OpsConsole.Web.Support;

/// <summary>Retrains the intent model nightly, at a first start, and on demand; progress is written to the job for any instance's UI.</summary>
public sealed class IntentModelJobs(IntentTrainer trainer, IntentModelRegistry registry, ILogger<IntentModelJobs> logger)
{
    public const string RecurringJobId = "intent-retrain";
    public const string Nightly = "nightly";
    public const string Startup = "startup";

    /// <summary>
    /// Not retried: too few confirmed tickets stays too few, and a person who pressed "Train now" should see the failure
    /// at once rather than a job waiting for its retry.
    /// </summary>
    [JobDisplayName("Retrain the intent model ({0})")]
    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task TrainAsync(string startedBy, PerformContext? context, CancellationToken cancellationToken)
    {
        // Several instances starting together each ask for a first model; the first run to finish answers them all.
        if (startedBy == Startup && (await registry.ListAsync(cancellationToken)).Any(IsUsable))
        {
            return;
        }
        try
        {
            await trainer.TrainAsync(startedBy, JobPercent.Reporter(context), cancellationToken);
        }
        catch (IntentTrainingException e) when (startedBy is Nightly or Startup)
        {
            // Not a fault: the desk has not confirmed enough tickets yet; the next night looks again.
            logger.LogInformation("The intent model was not retrained: {Reason}", e.Message);
        }
    }

    internal static bool IsUsable(IntentModelVersion version) =>
        version.Status is IntentModelStatus.Ready or IntentModelStatus.Active or IntentModelStatus.Retired;
}

/// <summary>Starts a training run from the UI and reads its state and percentage.</summary>
public sealed class IntentModelJobTracker(IBackgroundJobClient jobs, JobStorage storage, JobsOptions options, RollupJobTracker states)
{
    public bool ServerRunsHere => options.Enabled;

    public string EnqueueTraining(string startedBy) => jobs.Enqueue<IntentModelJobs>(j => j.TrainAsync(startedBy, null, CancellationToken.None));

    public (JobProgress State, int Percent) GetProgress(string jobId) => JobPercent.Read(storage, states, jobId);
}
