using Hangfire;
using Hangfire.States;

namespace OpsConsole.Web.Jobs;

public enum JobProgress
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>Lets the UI start a rollup rebuild and follow it to the end without knowing Hangfire's state names.</summary>
public sealed class RollupJobTracker(IBackgroundJobClient jobs, JobStorage storage, JobsOptions options)
{
    /// <summary>False when no job server runs in this process; a queued job then waits for another node.</summary>
    public bool ServerRunsHere => options.Enabled;

    public string EnqueueRebuild() =>
        jobs.Enqueue<RollupJobs>(j => j.RunAsync(RollupScope.Everything, CancellationToken.None));

    public JobProgress GetProgress(string jobId)
    {
        using var connection = storage.GetConnection();
        var state = connection.GetStateData(jobId)?.Name;
        // A job between retries sits in Scheduled or Enqueued: still on its way.
        return state == SucceededState.StateName ? JobProgress.Succeeded
            : state == ProcessingState.StateName ? JobProgress.Running
            : state == FailedState.StateName || state == DeletedState.StateName ? JobProgress.Failed
            : JobProgress.Queued;
    }

    /// <summary>Polls until the job ends or <paramref name="timeout"/> passes, reporting each change of state; returns the last state seen.</summary>
    public async Task<JobProgress> WaitAsync(string jobId, Func<JobProgress, Task> onChange, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        JobProgress? last = null;
        while (true)
        {
            var progress = GetProgress(jobId);
            if (progress != last)
            {
                last = progress;
                await onChange(progress);
            }
            if (progress is JobProgress.Succeeded or JobProgress.Failed || DateTime.UtcNow >= deadline)
            {
                return progress;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
