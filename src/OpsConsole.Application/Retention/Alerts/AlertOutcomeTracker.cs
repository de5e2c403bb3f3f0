using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Profiles;

namespace OpsConsole.Retention;

/// <summary>
/// Decides whether retention actions worked. <see cref="ChurnAlertOptions.OutcomeAfterDays"/> after an action, the
/// learner Stayed if they did anything themselves since (any event that counts as activity on a profile) and their
/// last membership event since is not a cancellation; otherwise they Churned. The outcome closes the alert.
/// Also drops risk history older than <see cref="ChurnAlertOptions.HistoryDays"/>.
/// </summary>
public sealed class AlertOutcomeTracker(
    IDbContextFactory<OpsDbContext> contexts,
    ChurnScoreStore scores,
    RetentionEvents events,
    IOptions<ChurnAlertOptions> options,
    PlatformTime time)
{
    public const string System = "outcome-tracking";
    private const int Chunk = 200;

    private static readonly EventType[] Activity = [.. Enum.GetValues<EventType>().Where(EventTypes.IsLearnerActivity)];
    private static readonly EventType[] MembershipChanges = [EventType.MembershipStart, EventType.MembershipRenew, EventType.MembershipCancel];

    public async Task<OutcomeResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.UtcNow;
        var due = now.AddDays(-settings.OutcomeAfterDays);
        int stayed = 0, churned = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var alerts = await db.ChurnAlerts
                .Where(a => a.Outcome == AlertOutcome.Pending && a.ActionAt != null && a.ActionAt <= due)
                .OrderBy(a => a.ActionAt).Take(Chunk).ToListAsync(cancellationToken);
            if (alerts.Count == 0)
            {
                break;
            }
            foreach (var alert in alerts)
            {
                var since = alert.ActionAt!.Value;
                var active = await db.Events.AnyAsync(e => e.LearnerId == alert.LearnerId && e.OccurredAt > since && Activity.Contains(e.Type), cancellationToken);
                var lastMembership = await db.Events
                    .Where(e => e.LearnerId == alert.LearnerId && e.OccurredAt > since && MembershipChanges.Contains(e.Type))
                    .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Seq).Select(e => (EventType?)e.Type).FirstOrDefaultAsync(cancellationToken);
                var kept = active && lastMembership != EventType.MembershipCancel;
                alert.Outcome = kept ? AlertOutcome.Stayed : AlertOutcome.Churned;
                alert.OutcomeAt = now;
                alert.UpdatedAt = now;
                if (alert.Status != ChurnAlertStatus.Resolved)
                {
                    (alert.Status, alert.ResolvedAt, alert.ResolvedBy) = (ChurnAlertStatus.Resolved, now, System);
                }
                if (kept) stayed++; else churned++;
            }
            await db.SaveChangesAsync(cancellationToken);
            foreach (var alert in alerts)
            {
                await events.StepAsync(alert, "outcome", now, System, cancellationToken);
            }
        }
        var pruned = await scores.PruneHistoryAsync(time.DayOf(now).AddDays(-settings.HistoryDays), cancellationToken);
        return new OutcomeResult(stayed, churned, pruned);
    }
}
