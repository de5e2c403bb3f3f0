using Microsoft.AspNetCore.SignalR;
using OpsConsole.Profiles;
using OpsConsole.Web.Live;

namespace OpsConsole.Web.Profiles;

/// <summary>
/// Refreshes the profiles of learners whose events just arrived, whichever way they came in (API, import,
/// another instance), and tells open profile pages. It reads the event log rather than listening to this
/// process's ingestion, so nothing is missed across restarts or instances.
/// </summary>
public sealed class ProfileUpdater(ProfileService profiles, ProfileOptions options, IHubContext<OpsHub, IOpsClient> hub, ILogger<ProfileUpdater> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.RefreshIntervalSeconds));
        var failures = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var refreshed = await profiles.CatchUpAsync(stoppingToken);
                foreach (var learnerId in refreshed)
                {
                    await hub.Clients.Group(OpsHub.LearnerGroup(learnerId)).ProfileUpdated(learnerId);
                }
                failures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be restarting; the next tick tries again, and a rebuild repairs anything missed.
                if (failures++ % 30 == 0)
                {
                    logger.LogWarning(e, "Refreshing learner profiles failed; retrying every {Seconds} s", options.RefreshIntervalSeconds);
                }
            }
        }
    }
}
