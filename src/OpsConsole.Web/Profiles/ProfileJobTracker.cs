using Hangfire;
using OpsConsole.Web.Jobs;

namespace OpsConsole.Web.Profiles;

/// <summary>Starts a profile rebuild from the UI and reads its state and percentage.</summary>
public sealed class ProfileJobTracker(IBackgroundJobClient jobs, JobStorage storage, JobsOptions options, RollupJobTracker states)
{
    public bool ServerRunsHere => options.Enabled;

    public string EnqueueRebuild() => jobs.Enqueue<ProfileJobs>(j => j.RebuildAsync(null, CancellationToken.None));

    public (JobProgress State, int Percent) GetProgress(string jobId)
    {
        var state = states.GetProgress(jobId);
        using var connection = storage.GetConnection();
        var percent = int.TryParse(connection.GetJobParameter(jobId, ProfileJobs.ProgressParameter)?.Trim('"'), out var p) ? p : 0;
        return (state, state == JobProgress.Succeeded ? 100 : percent);
    }
}
