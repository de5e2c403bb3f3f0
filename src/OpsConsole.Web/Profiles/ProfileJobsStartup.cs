using Hangfire;
using OpsConsole.Analytics;
using OpsConsole.Profiles;
using OpsConsole.Web.Hosting;
using OpsConsole.Web.Jobs;

namespace OpsConsole.Web.Profiles;

/// <summary>Schedules the nightly rebuild, and asks for one now when none has filled the profiles and path steps (a fresh install, a demo, an upgrade).</summary>
public sealed class ProfileJobsStartup(IRecurringJobManager recurring, JobsOptions jobs, ProfileOptions options, PlatformTime time, ProfileQueries queries) : IStartupStep
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            recurring.AddOrUpdate<ProfileJobs>(ProfileJobs.RecurringJobId, j => j.RebuildAsync(null, CancellationToken.None),
                options.RebuildCron, new RecurringJobOptions { TimeZone = time.Zone });
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{ProfileOptions.Section}:{nameof(ProfileOptions.RebuildCron)} '{options.RebuildCron}' is not a valid cron expression (five fields, e.g. '0 3 * * *').", e);
        }
        if (jobs.Enabled && await queries.NeedsRebuildAsync(time.Zone.Id, cancellationToken))
        {
            recurring.Trigger(ProfileJobs.RecurringJobId);
        }
    }
}
