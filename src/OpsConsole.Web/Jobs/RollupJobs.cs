using Hangfire;
using OpsConsole.Analytics;

namespace OpsConsole.Web.Jobs;

public enum RollupScope
{
    Recent,
    Everything,
}

/// <summary>The daily rollups the overview reads, run by Hangfire on a schedule or on demand.</summary>
public sealed class RollupJobs(RollupService rollups, JobsOptions options)
{
    public const string RecentJobId = "daily-rollups";
    public const string FullJobId = "daily-rollups-full";

    /// <summary>
    /// One method for both scopes so that one lock (named after the method) keeps a manual rebuild, the frequent
    /// refresh and the nightly rebuild from replacing the same rows at once, across every node sharing the storage.
    /// </summary>
    [JobDisplayName("Daily rollups: {0}")]
    [DisableConcurrentExecution(timeoutInSeconds: 15 * 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(RollupScope scope, CancellationToken cancellationToken)
    {
        // An empty table means a fresh install or an import before the first run: the recent days alone would leave history blank.
        if (scope == RollupScope.Everything || !await rollups.AnyAsync(cancellationToken))
        {
            await rollups.RecomputeAllAsync(cancellationToken);
            return;
        }
        await rollups.RecomputeRecentAsync(Math.Max(1, options.RecentDays), cancellationToken);
    }
}
