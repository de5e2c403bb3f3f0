using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsConsole.Data;

namespace OpsConsole.Retention;

/// <summary>
/// Raises churn alerts from the current scores and carries each through its workflow: acknowledged, assigned, an action
/// recorded, resolved. Every step is written back as a behaviour event.
/// </summary>
public sealed class ChurnAlertService(
    IDbContextFactory<OpsDbContext> contexts,
    AlertThresholds thresholds,
    RetentionEvents events,
    IChurnAlertNotifier notifier,
    IOptions<ChurnAlertOptions> options,
    TimeProvider clock,
    ILogger<ChurnAlertService> log)
{
    private const int InsertChunk = 500;

    /// <summary>
    /// Run after a scoring batch: every learner whose risk crossed the threshold that applies to them gets one alert.
    /// Crossed means at or above it now, and either never alerted before, or scored since their last alert with the
    /// score before that one below the threshold: a learner who stays high is not alerted again after their alert is
    /// resolved until they dip and rise again. A learner with an unresolved alert is never alerted twice: the
    /// database's unique index decides when two runs race.
    /// </summary>
    public async Task<RaiseResult> RaiseAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        List<ChurnAlert> drafts;
        int candidateCount;
        Dictionary<int, string> segmentNames;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var resolver = await thresholds.ResolverAsync(db, cancellationToken);
            var lowest = resolver.Lowest;
            var candidates = await db.ChurnScores.AsNoTracking()
                .Where(s => s.Risk >= lowest && !db.ChurnAlerts.Any(a => a.LearnerId == s.LearnerId && a.Status != ChurnAlertStatus.Resolved))
                .Select(s => new
                {
                    s.LearnerId, s.Risk, s.PreviousRisk, s.Drivers, s.ModelVersionId, s.ScoredAt,
                    Spend = db.Profiles.Where(p => p.LearnerId == s.LearnerId).Select(p => (decimal?)p.NetSpend).FirstOrDefault(),
                    LastRaised = db.ChurnAlerts.Where(a => a.LearnerId == s.LearnerId).Max(a => (DateTime?)a.RaisedAt),
                })
                .ToListAsync(cancellationToken);
            candidateCount = candidates.Count;
            var segments = resolver.Segments;
            var members = segments.Count == 0
                ? []
                : (await db.SegmentMembers.AsNoTracking().Where(m => segments.Contains(m.SegmentId)).Select(m => new { m.SegmentId, m.LearnerId }).ToListAsync(cancellationToken))
                    .Select(m => (m.SegmentId, m.LearnerId)).ToHashSet();
            segmentNames = segments.Count == 0 ? [] : await db.Segments.Where(s => segments.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
            drafts = [];
            foreach (var c in candidates)
            {
                var tier = settings.TierOf(c.Spend);
                var choice = resolver.Resolve(tier, segment => members.Contains((segment, c.LearnerId)));
                var crossed = c.Risk >= choice.Threshold
                    && (c.LastRaised is not { } last || (last < c.ScoredAt && c.PreviousRisk is { } previous && previous < choice.Threshold));
                if (!crossed)
                {
                    continue;
                }
                drafts.Add(new ChurnAlert
                {
                    LearnerId = c.LearnerId, RaisedAt = now, Risk = c.Risk, Threshold = choice.Threshold, RuleId = choice.RuleId,
                    SegmentId = choice.SegmentId, ValueTier = tier, Drivers = c.Drivers, ModelVersionId = c.ModelVersionId,
                    Status = ChurnAlertStatus.Open, Outcome = AlertOutcome.Pending, UpdatedAt = now,
                });
            }
        }
        var raised = await InsertAsync(drafts, cancellationToken);
        if (raised.Count > 0)
        {
            await events.RaisedAsync(raised, cancellationToken);
        }
        var summaries = raised.Select(a => ChurnAlertSummary.Of(a, a.SegmentId is { } s ? segmentNames.GetValueOrDefault(s) : null)).ToList();
        foreach (var alert in summaries.OrderByDescending(a => a.Tier).ThenByDescending(a => a.Risk).Take(settings.MaxLivePushesPerRun))
        {
            try
            {
                await notifier.AlertRaisedAsync(alert, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not push churn alert {AlertId}", alert.Id);
            }
        }
        return new RaiseResult(candidateCount, summaries);
    }

    /// <summary>Inserts in chunks; a chunk that hits the one-open-alert index (another run got there first) goes row by row.</summary>
    private async Task<List<ChurnAlert>> InsertAsync(List<ChurnAlert> drafts, CancellationToken cancellationToken)
    {
        var inserted = new List<ChurnAlert>(drafts.Count);
        for (var i = 0; i < drafts.Count; i += InsertChunk)
        {
            var chunk = drafts.GetRange(i, Math.Min(InsertChunk, drafts.Count - i));
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                db.ChurnAlerts.AddRange(chunk);
                await db.SaveChangesAsync(cancellationToken);
                inserted.AddRange(chunk);
                continue;
            }
            catch (DbUpdateException)
            {
                // Some learner in the chunk was alerted meanwhile; find out which, one row at a time.
            }
            foreach (var draft in chunk)
            {
                draft.Id = 0;
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                db.ChurnAlerts.Add(draft);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    inserted.Add(draft);
                }
                catch (DbUpdateException)
                {
                    if (!await HasOpenAlertAsync(draft.LearnerId, cancellationToken))
                    {
                        throw;
                    }
                    log.LogDebug("Learner {LearnerId} already has an open churn alert", draft.LearnerId);
                }
            }
        }
        return inserted;
    }

    private async Task<bool> HasOpenAlertAsync(string learnerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ChurnAlerts.AnyAsync(a => a.LearnerId == learnerId && a.Status != ChurnAlertStatus.Resolved, cancellationToken);
    }

    /// <summary>Someone has seen the alert and is on it.</summary>
    public Task<ChurnAlert> AcknowledgeAsync(long alertId, string user, CancellationToken cancellationToken = default) =>
        StepAsync(alertId, user, "acknowledged", (a, now) =>
        {
            if (a.Status != ChurnAlertStatus.Open)
            {
                return false;
            }
            (a.Status, a.AcknowledgedAt, a.AcknowledgedBy) = (ChurnAlertStatus.Acknowledged, now, user);
            return true;
        }, cancellationToken);

    /// <summary>Gives the alert to a console user (by user name), or to nobody.</summary>
    public Task<ChurnAlert> AssignAsync(long alertId, string? assignee, string user, CancellationToken cancellationToken = default)
    {
        assignee = string.IsNullOrWhiteSpace(assignee) ? null : assignee.Trim();
        if (assignee is { Length: > ChurnAlert.UserMaxLength })
        {
            throw new ChurnAlertStateException($"An assignee's user name is at most {ChurnAlert.UserMaxLength} characters.");
        }
        return StepAsync(alertId, user, "assigned", (a, _) =>
        {
            if (a.AssignedTo == assignee)
            {
                return false;
            }
            a.AssignedTo = assignee;
            return true;
        }, cancellationToken);
    }

    /// <summary>What was done to keep the learner; the outcome is decided <see cref="ChurnAlertOptions.OutcomeAfterDays"/> later.</summary>
    public Task<ChurnAlert> RecordActionAsync(long alertId, RetentionAction action, string? note, string user, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(action))
        {
            throw new ChurnAlertStateException($"'{action}' is not a retention action.");
        }
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > ChurnAlert.NoteMaxLength })
        {
            throw new ChurnAlertStateException($"A note is at most {ChurnAlert.NoteMaxLength} characters.");
        }
        return StepAsync(alertId, user, "action", (a, now) =>
        {
            (a.Status, a.Action, a.ActionNote, a.ActionAt, a.ActionBy, a.Outcome, a.OutcomeAt) =
                (ChurnAlertStatus.Actioned, action, note, now, user, AlertOutcome.Pending, null);
            a.AcknowledgedAt ??= now;
            a.AcknowledgedBy ??= user;
            a.AssignedTo ??= user;
            return true;
        }, cancellationToken);
    }

    /// <summary>Closes the alert; the learner can raise a new one when their risk crosses again.</summary>
    public Task<ChurnAlert> ResolveAsync(long alertId, string user, CancellationToken cancellationToken = default) =>
        StepAsync(alertId, user, "resolved", (a, now) =>
        {
            (a.Status, a.ResolvedAt, a.ResolvedBy) = (ChurnAlertStatus.Resolved, now, user);
            return true;
        }, cancellationToken);

    private async Task<ChurnAlert> StepAsync(long alertId, string user, string step, Func<ChurnAlert, DateTime, bool> apply, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alert = await db.ChurnAlerts.FirstOrDefaultAsync(a => a.Id == alertId, cancellationToken) ?? throw new ChurnAlertNotFoundException(alertId);
        if (alert.Status == ChurnAlertStatus.Resolved)
        {
            throw new ChurnAlertStateException($"Churn alert {alertId} is resolved.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (!apply(alert, now))
        {
            return alert;
        }
        alert.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await events.StepAsync(alert, step, now, user, cancellationToken);
        return alert;
    }
}
