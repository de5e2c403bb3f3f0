using Hangfire;
using Hangfire.Server;

namespace OpsConsole.Web.Jobs;

/// <summary>
/// A long job's percentage, kept as a job parameter in the shared job storage so the UI of any instance can show
/// the progress of a job another instance runs.
/// </summary>
public static class JobPercent
{
    public const string Parameter = "progress";

    /// <summary>Writes each whole-percent change of a 0–1 fraction to the running job.</summary>
    public static IProgress<double> Reporter(PerformContext? context)
    {
        var last = -1;
        return new SynchronousProgress(fraction =>
        {
            var percent = (int)Math.Round(Math.Clamp(fraction, 0, 1) * 100);
            if (percent != last)
            {
                last = percent;
                context?.SetJobParameter(Parameter, percent);
            }
        });
    }

    public static (JobProgress State, int Percent) Read(JobStorage storage, RollupJobTracker states, string jobId)
    {
        var state = states.GetProgress(jobId);
        using var connection = storage.GetConnection();
        var percent = int.TryParse(connection.GetJobParameter(jobId, Parameter)?.Trim('"'), out var p) ? p : 0;
        return (state, state == JobProgress.Succeeded ? 100 : percent);
    }

    /// <summary>Reports on the worker's own thread; <see cref="Progress{T}"/> would post to the thread pool out of order.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
