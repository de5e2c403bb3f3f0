using Hangfire;
using OpsConsole.Analytics;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Jobs;

/// <summary>
/// Registers the recurring jobs once the database is ready (in-memory storage forgets them on restart, and a
/// changed cron in settings must replace the stored one) and asks for one refresh so a fresh start has figures.
/// </summary>
public sealed class RecurringJobsStartup(IRecurringJobManager recurring, JobsOptions options, PlatformTime time) : IStartupStep
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var schedule = new RecurringJobOptions { TimeZone = time.Zone };
        AddOrUpdate(RollupJobs.RecentJobId, RollupScope.Recent, options.RollupsCron, $"{JobsOptions.Section}:{nameof(JobsOptions.RollupsCron)}", schedule);
        AddOrUpdate(RollupJobs.FullJobId, RollupScope.Everything, options.RollupsFullCron, $"{JobsOptions.Section}:{nameof(JobsOptions.RollupsFullCron)}", schedule);
        if (options.Enabled)
        {
            recurring.Trigger(RollupJobs.RecentJobId);
        }
        return Task.CompletedTask;
    }

    private void AddOrUpdate(string id, RollupScope scope, string cron, string key, RecurringJobOptions schedule)
    {
        try
        {
            recurring.AddOrUpdate<RollupJobs>(id, j => j.RunAsync(scope, CancellationToken.None), cron, schedule);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{key} '{cron}' is not a valid cron expression (five fields, e.g. '*/15 * * * *').", e);
        }
    }
}
