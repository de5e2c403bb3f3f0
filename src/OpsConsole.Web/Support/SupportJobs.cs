using Hangfire;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Support;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Support;

/// <summary>The desk's recurring job: SLA warnings, the general-queue fallback and dispatch, closing resolved tickets.</summary>
public sealed class SupportJobs(DeskUpkeep upkeep, ILogger<SupportJobs> log)
{
    public const string RecurringJobId = "support-upkeep";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var result = await upkeep.RunAsync(cancellationToken);
        if (result is not { Dispatched: 0, Warnings: 0, Breaches: 0, Closed: 0 })
        {
            log.LogInformation("Desk upkeep: {Dispatched} dispatched, {Warnings} SLA warnings, {Breaches} breaches, {Closed} closed",
                result.Dispatched, result.Warnings, result.Breaches, result.Closed);
        }
    }
}

public sealed class SupportJobsStartup(IRecurringJobManager recurring, IOptions<DeskOptions> options, PlatformTime time) : IStartupStep
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            recurring.AddOrUpdate<SupportJobs>(SupportJobs.RecurringJobId, j => j.RunAsync(CancellationToken.None), options.Value.UpkeepCron,
                new RecurringJobOptions { TimeZone = time.Zone });
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{DeskOptions.Section}:{nameof(DeskOptions.UpkeepCron)} '{options.Value.UpkeepCron}' is not a valid cron expression (five fields, e.g. '* * * * *').", e);
        }
        return Task.CompletedTask;
    }
}
