using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>What one pass of the desk's recurring job did.</summary>
public sealed record DeskUpkeepResult(int Dispatched, int Warnings, int Breaches, int Closed);

/// <summary>
/// The desk's recurring job: SLA warnings before and at breach (each sent once), the general-queue fallback and
/// dispatch, and closing tickets resolved long enough ago.
/// </summary>
public sealed class DeskUpkeep(
    IDbContextFactory<OpsDbContext> contexts,
    DeskRouter router,
    SlaPolicies sla,
    ISupportNotifier notifier,
    IOptions<DeskOptions> options,
    TimeProvider clock)
{
    public async Task<DeskUpkeepResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var (warnings, breaches) = await WatchSlaAsync(cancellationToken);
        var dispatched = await router.SweepAsync(cancellationToken);
        var closed = await CloseResolvedAsync(cancellationToken);
        return new DeskUpkeepResult(dispatched, warnings, breaches, closed);
    }

    public async Task<(int Warnings, int Breaches)> WatchSlaAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var alerts = new List<TicketChange>();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            const SlaAlerts all = SlaAlerts.FirstResponseBreached | SlaAlerts.ResolutionBreached;
            // Only targets still running can warn; the due dates bound the scan to tickets near or past a target.
            var horizon = now.AddDays(7);
            var open = await db.Tickets
                .Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed && (t.SlaAlerts & all) != all
                    && (t.FirstResponseDueAt < horizon || t.ResolutionDueAt < horizon))
                .OrderBy(t => t.ResolutionDueAt).Take(5000).ToListAsync(cancellationToken);
            var policies = await sla.ClockAsync(cancellationToken);
            foreach (var ticket in open)
            {
                var state = policies.Evaluate(ticket, now);
                Check(ticket, state.FirstResponse, SlaAlerts.FirstResponseWarned, SlaAlerts.FirstResponseBreached, "first response", now, alerts);
                Check(ticket, state.Resolution, SlaAlerts.ResolutionWarned, SlaAlerts.ResolutionBreached, "resolution", now, alerts);
            }
            foreach (var change in alerts)
            {
                db.TicketMessages.Add(DeskRouter.SystemMessage(change.TicketId, change.Text, now));
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        foreach (var change in alerts)
        {
            await notifier.TicketChangedAsync(change, cancellationToken);
        }
        return (alerts.Count(a => a.Kind == TicketChangeKind.SlaWarning), alerts.Count(a => a.Kind == TicketChangeKind.SlaBreach));
    }

    private static void Check(Ticket ticket, SlaMeasure measure, SlaAlerts warned, SlaAlerts breached, string target, DateTime now, List<TicketChange> alerts)
    {
        if (measure.State == SlaState.Breached && !ticket.SlaAlerts.HasFlag(breached))
        {
            ticket.SlaAlerts |= warned | breached;
            alerts.Add(new TicketChange(ticket.Id, TicketChangeKind.SlaBreach,
                $"SLA breached: {target} was due {measure.DueAt:yyyy-MM-dd HH:mm} UTC ({ticket.Priority.ToString().ToLowerInvariant()} priority)", ticket.AssigneeId, now));
        }
        else if (measure.State == SlaState.Warning && !ticket.SlaAlerts.HasFlag(warned))
        {
            ticket.SlaAlerts |= warned;
            alerts.Add(new TicketChange(ticket.Id, TicketChangeKind.SlaWarning,
                $"SLA warning: {target} due {measure.DueAt:yyyy-MM-dd HH:mm} UTC, {Format(measure.Remaining)} of business time left", ticket.AssigneeId, now));
        }
    }

    private async Task<int> CloseResolvedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var before = now.AddDays(-options.Value.CloseResolvedAfterDays);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Tickets.Where(t => t.Status == TicketStatus.Resolved && t.ResolvedAt < before)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TicketStatus.Closed).SetProperty(t => t.ClosedAt, now), cancellationToken);
    }

    private static string Format(TimeSpan span) => span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{Math.Max(0, (int)span.TotalMinutes)} min";
}
