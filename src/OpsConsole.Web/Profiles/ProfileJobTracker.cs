using Hangfire;
using OpsConsole.Web.Jobs;

namespace OpsConsole.Web.Profiles;

/// <summary>Starts a profile rebuild from the UI and reads its state and percentage.</summary>
public sealed class ProfileJobTracker(IBackgroundJobClient jobs, JobStorage storage, JobsOptions options, RollupJobTracker states)
{
    public bool ServerRunsHere => options.Enabled;

    public string EnqueueRebuild() => jobs.Enqueue<ProfileJobs>(j => j.RebuildAsync(null, CancellationToken.None));

    public (JobProgress State, int Percent) GetProgress(string jobId) => JobPercent.Read(storage, states, jobId);
}
