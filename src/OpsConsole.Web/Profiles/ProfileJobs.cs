using Hangfire;
using Hangfire.Server;
using OpsConsole.Profiles;

namespace OpsConsole.Web.Profiles;

/// <summary>The full profile rebuild, run nightly and on demand. Progress is written to the job so any node's UI can show it.</summary>
public sealed class ProfileJobs(ProfileService profiles)
{
    public const string RecurringJobId = "profiles-rebuild";
    public const string ProgressParameter = "progress";

    [JobDisplayName("Rebuild learner profiles")]
    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 2)]
    public async Task RebuildAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        var last = -1;
        var progress = new SynchronousProgress(fraction =>
        {
            var percent = (int)Math.Round(fraction * 100);
            if (percent != last)
            {
                last = percent;
                context?.SetJobParameter(ProgressParameter, percent);
            }
        });
        await profiles.RebuildAsync(progress, cancellationToken);
    }

    /// <summary>Reports on the worker's own thread; <see cref="Progress{T}"/> would post to the thread pool out of order.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
