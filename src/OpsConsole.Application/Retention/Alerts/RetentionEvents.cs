using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpsConsole.Ingestion;

namespace OpsConsole.Retention;

/// <summary>
/// The retention workflow comes back into the behaviour log through ingestion (alert raised, each step taken on it), so
/// analyses and experiments can see what was done to keep a learner. Event ids derive from the alert and the step's
/// time, so writing one twice is harmless; a failure is logged, never the workflow's failure.
/// </summary>
public sealed class RetentionEvents(IngestionService ingestion, ILogger<RetentionEvents> log)
{
    public const string Source = "retention";

    public Task RaisedAsync(IReadOnlyList<ChurnAlert> alerts, CancellationToken cancellationToken) =>
        WriteAsync(alerts.Select(a => Record(a, EventType.ChurnAlertRaised, $"churn-alert:{a.Id}:raised", a.RaisedAt, new Dictionary<string, object?>
        {
            ["alertId"] = a.Id,
            ["risk"] = Math.Round(a.Risk, 4),
            ["threshold"] = Math.Round(a.Threshold, 4),
            ["valueTier"] = a.ValueTier.ToString().ToLowerInvariant(),
            ["segmentId"] = a.SegmentId,
            ["ruleId"] = a.RuleId,
            ["modelVersionId"] = a.ModelVersionId,
        })).ToList(), cancellationToken);

    /// <summary>One workflow step: acknowledged, assigned, action, resolved or outcome.</summary>
    public Task StepAsync(ChurnAlert alert, string step, DateTime at, string? by, CancellationToken cancellationToken) =>
        WriteAsync([Record(alert, EventType.RetentionAction, $"churn-alert:{alert.Id}:{step}:{at.Ticks.ToString(CultureInfo.InvariantCulture)}", at, new Dictionary<string, object?>
        {
            ["alertId"] = alert.Id,
            ["step"] = step,
            ["by"] = by,
            ["assignedTo"] = step == "assigned" ? alert.AssignedTo : null,
            ["action"] = step is "action" or "outcome" ? Wire(alert.Action) : null,
            ["outcome"] = step == "outcome" ? alert.Outcome.ToString().ToLowerInvariant() : null,
            ["valueTier"] = alert.ValueTier.ToString().ToLowerInvariant(),
        })], cancellationToken);

    private static string? Wire(RetentionAction? action) => action switch
    {
        RetentionAction.MentorCall => "mentor_call",
        RetentionAction.ExperimentArm => "experiment_arm",
        RetentionAction.RenewalReminder => "renewal_reminder",
        { } a => a.ToString().ToLowerInvariant(),
        null => null,
    };

    private static JsonElement Record(ChurnAlert alert, EventType type, string eventId, DateTime at, Dictionary<string, object?> properties) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["eventId"] = eventId,
            ["learnerId"] = alert.LearnerId,
            ["type"] = type.ToWireName(),
            ["occurredAt"] = at.ToString("O", CultureInfo.InvariantCulture),
            ["properties"] = properties.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value),
        });

    private async Task WriteAsync(IReadOnlyList<JsonElement> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }
        try
        {
            var result = await ingestion.IngestAsync(records.Select((r, i) => IncomingRecord.Parsed(i, r)), Source, cancellationToken);
            if (result.Rejected.Count > 0)
            {
                log.LogWarning("{Count} retention events were rejected by ingestion, the first because {Field} {Reason}",
                    result.Rejected.Count, result.Rejected[0].Field, result.Rejected[0].Reason);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not record {Count} retention events", records.Count);
        }
    }
}
