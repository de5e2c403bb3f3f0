using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.Retention.Renewals;

namespace OpsConsole.Retention;

/// <summary>An action to take on an alert: what, an optional note, and the running experiment when the action enrols the learner in one.</summary>
public sealed record RetentionActionRequest(RetentionAction Action, string? Note, string? ExperimentKey = null);

/// <summary>
/// Takes a retention action on an alert and records it. Two actions do something as well as being recorded: enrolling in
/// an experiment assigns the learner an arm there (logging their exposure, as the platform's own assignment call would),
/// and a renewal reminder is sent through <see cref="RenewalReminders"/>. The note then says which arm, or when the
/// reminder went out. Nothing is recorded when the action could not be taken, so the alert never claims what did not happen.
/// </summary>
public sealed class RetentionActions(
    IDbContextFactory<OpsDbContext> contexts, ChurnAlertService alerts, ExperimentAssigner assigner, ExperimentActions armActions, RenewalReminders reminders)
{
    /// <exception cref="ChurnAlertNotFoundException"/>
    /// <exception cref="ChurnAlertStateException">The alert is resolved, the experiment is missing or not running, the learner
    /// is outside its target, or the learner was reminded within the cooldown.</exception>
    public async Task<ChurnAlert> TakeAsync(long alertId, RetentionActionRequest request, string user, CancellationToken cancellationToken = default)
    {
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is { Length: > ChurnAlert.NoteMaxLength })
        {
            throw new ChurnAlertStateException($"A note is at most {ChurnAlert.NoteMaxLength} characters.");
        }
        string learnerId;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var alert = await db.ChurnAlerts.AsNoTracking().Where(a => a.Id == alertId).Select(a => new { a.LearnerId, a.Status }).FirstOrDefaultAsync(cancellationToken)
                ?? throw new ChurnAlertNotFoundException(alertId);
            if (alert.Status == ChurnAlertStatus.Resolved)
            {
                throw new ChurnAlertStateException($"Churn alert {alertId} is resolved.");
            }
            learnerId = alert.LearnerId;
        }

        var done = request.Action switch
        {
            RetentionAction.ExperimentArm => await EnrolAsync(alertId, learnerId, request.ExperimentKey, cancellationToken),
            RetentionAction.RenewalReminder => await RemindAsync(alertId, learnerId, user, note, cancellationToken),
            _ => null,
        };
        var recorded = done is null ? note : note is null ? done : $"{done} · {note}";
        if (recorded is { Length: > ChurnAlert.NoteMaxLength })
        {
            recorded = recorded[..ChurnAlert.NoteMaxLength];
        }
        return await alerts.RecordActionAsync(alertId, request.Action, recorded, user, cancellationToken);
    }

    private async Task<string> EnrolAsync(long alertId, string learnerId, string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ChurnAlertStateException($"Churn alert {alertId}: experimentKey is required to enrol the learner in an experiment arm; pick a running experiment.");
        }
        AssignmentResult result;
        try
        {
            result = await assigner.AssignAsync(key.Trim(), learnerId, cancellationToken);
        }
        catch (ExperimentNotFoundException)
        {
            throw new ChurnAlertStateException($"Churn alert {alertId}: experimentKey '{key}' is not an experiment.");
        }
        if (result.Variant is not { } arm)
        {
            throw new ChurnAlertStateException(result.Reason switch
            {
                NoVariantReason.NotInSegment => $"Churn alert {alertId}: learner {learnerId} is not in the target segment of experiment '{key}'.",
                _ => $"Churn alert {alertId}: experiment '{key}' is not running.",
            });
        }
        if (result.NewlyExposed && ArmAction.Of(arm.Payload) is { Action: ArmAction.RenewalReminder })
        {
            // The arm's own action (a renewal reminder) goes out now rather than at the next hourly run, as enrolling from
            // the renewals page does.
            await armActions.RunAsync(result.ExperimentKey, cancellationToken);
        }
        return result.NewlyExposed
            ? $"Enrolled in experiment {result.ExperimentKey}: arm {arm.Name}"
            : $"Already in experiment {result.ExperimentKey}: arm {arm.Name}";
    }

    private async Task<string> RemindAsync(long alertId, string learnerId, string user, string? note, CancellationToken cancellationToken)
    {
        var result = await reminders.SendAsync([learnerId], user, note, cancellationToken);
        if (result.Skipped.FirstOrDefault() is { } skipped)
        {
            throw new ChurnAlertStateException(
                $"Churn alert {alertId}: learner {learnerId} was sent a renewal reminder on {skipped.LastRemindedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, within the cooldown; no reminder was sent.");
        }
        if (result.Sent.Count == 0)
        {
            throw new ChurnAlertStateException($"Churn alert {alertId}: the renewal reminder to learner {learnerId} could not be recorded.");
        }
        return "Renewal reminder sent";
    }
}
