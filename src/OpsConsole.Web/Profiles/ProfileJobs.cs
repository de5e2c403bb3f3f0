using Hangfire;
using Hangfire.Server;
using OpsConsole.Profiles;
using OpsConsole.Web.Jobs;

namespace OpsConsole.Web.Profiles;

/// <summary>The full profile rebuild, run nightly and on demand. Progress is written to the job so any node's UI can show it.</summary>
public sealed class ProfileJobs(ProfileService profiles)
{
    public const string RecurringJobId = "profiles-rebuild";

    [JobDisplayName("Rebuild learner profiles")]
    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 2)]
    public Task RebuildAsync(PerformContext? context, CancellationToken cancellationToken) =>
        profiles.RebuildAsync(JobPercent.Reporter(context), cancellationToken);
}
