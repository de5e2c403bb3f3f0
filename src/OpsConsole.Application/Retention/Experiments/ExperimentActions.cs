using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Retention.Renewals;

namespace OpsConsole.Experiments;

/// <summary>
/// The retention action a treatment arm carries out itself, read from its payload: <c>{"action":"renewal_reminder"}</c>, with
/// an optional <c>"note"</c> recorded with each reminder. Other payloads are only handed to the platform with the assignment.
/// </summary>
public sealed record ArmAction(string Action, string? Note)
{
    public const string RenewalReminder = "renewal_reminder";

    /// <summary>The arm's action, or null when its payload names none (or is not a JSON object).</summary>
    public static ArmAction? Of(string? payload)
    {
        try
        {
            using var document = JsonDocument.Parse(ExperimentRules.NormalizePayload(payload));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            var note = root.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            return new ArmAction(action.GetString()!.Trim(), note);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            // Not JSON, or text that cannot be transcoded or decoded (an unpaired surrogate): an arm without an action.
            return null;
        }
    }
}

/// <summary>What one run did for one arm: learners it exposed so far, reminders sent now, and those the reminder cooldown held back.</summary>
public sealed record ArmActionResult(string VariantKey, string Name, bool IsControl, string? Action, int Exposed, int Sent, int HeldBack);

public sealed record ExperimentActionsResult(string ExperimentKey, IReadOnlyList<ArmActionResult> Arms)
{
    public int Sent => Arms.Sum(a => a.Sent);
}

/// <summary>
/// Carries out the retention actions of running experiments: every learner exposed to a treatment arm whose payload action
/// is <c>renewal_reminder</c> gets one renewal reminder, sent by <c>experiment:{key}</c>, once for the whole experiment. The
/// control and arms without an action get nothing, so the renewal metric compares reminded members with members left alone.
/// Who was reminded is read back from the reminder events themselves, so a run repeated or raced by another instance sends
/// nothing twice (and a learner held back by the reminder cooldown is tried again on the next run).
/// </summary>
public sealed class ExperimentActions(IDbContextFactory<OpsDbContext> contexts, RenewalReminders reminders, ILogger<ExperimentActions> log)
{
    /// <summary>The <c>by</c> of the reminders an experiment sends.</summary>
    public static string SenderOf(string experimentKey) => $"experiment:{experimentKey}";

    /// <summary>Runs the actions of one experiment; an experiment not running does nothing and says so with no arms.</summary>
    /// <exception cref="ExperimentNotFoundException"/>
    public async Task<ExperimentActionsResult> RunAsync(string key, CancellationToken cancellationToken = default)
    {
        Experiment experiment;
        Dictionary<string, List<string>> exposed;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            experiment = await db.Experiments.AsNoTracking().Include(e => e.Variants.OrderBy(v => v.Position))
                .FirstOrDefaultAsync(e => e.Key == key, cancellationToken) ?? throw new ExperimentNotFoundException(key);
            if (experiment.Status != ExperimentStatus.Running)
            {
                return new ExperimentActionsResult(key, []);
            }
            exposed = (await db.ExperimentExposures.AsNoTracking().Where(x => x.ExperimentId == experiment.Id)
                    .Select(x => new { x.VariantKey, x.LearnerId }).ToListAsync(cancellationToken))
                .GroupBy(x => x.VariantKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.LearnerId).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        }

        var by = SenderOf(key);
        var arms = new List<ArmActionResult>();
        HashSet<string>? reminded = null;
        foreach (var variant in experiment.Variants)
        {
            var learners = exposed.GetValueOrDefault(variant.Key) ?? [];
            var action = variant.IsControl ? null : ArmAction.Of(variant.Payload);
            if (action?.Action != ArmAction.RenewalReminder || learners.Count == 0)
            {
                arms.Add(new ArmActionResult(variant.Key, variant.Name, variant.IsControl, action?.Action, learners.Count, 0, 0));
                continue;
            }
            reminded ??= await RemindedAsync(experiment, by, cancellationToken);
            var due = learners.Where(id => !reminded.Contains(id)).ToList();
            int sent = 0, heldBack = 0;
            foreach (var batch in due.Chunk(RenewalReminders.MaxLearners))
            {
                var result = await reminders.SendAsync(batch, by, action.Note, cancellationToken);
                sent += result.Sent.Count;
                heldBack += result.Skipped.Count;
            }
            arms.Add(new ArmActionResult(variant.Key, variant.Name, false, action.Action, learners.Count, sent, heldBack));
        }
        if (arms.Any(a => a.Sent + a.HeldBack > 0))
        {
            log.LogInformation("Experiment {Experiment} sent {Sent} renewal reminder(s); {HeldBack} held back by the cooldown", key,
                arms.Sum(a => a.Sent), arms.Sum(a => a.HeldBack));
        }
        return new ExperimentActionsResult(key, arms);
    }

    /// <summary>
    /// Runs the actions of every running experiment whose arms carry one; returns the reminders sent. One experiment failing is
    /// logged and does not keep the others from running.
    /// </summary>
    public async Task<int> RunRunningAsync(CancellationToken cancellationToken = default)
    {
        List<string> keys;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            keys = [.. (await db.Experiments.AsNoTracking().Where(e => e.Status == ExperimentStatus.Running).Include(e => e.Variants).ToListAsync(cancellationToken))
                .Where(e => e.Variants.Any(v => !v.IsControl && ArmAction.Of(v.Payload)?.Action == ArmAction.RenewalReminder))
                .Select(e => e.Key)];
        }
        var sent = 0;
        foreach (var key in keys)
        {
            try
            {
                sent += (await RunAsync(key, cancellationToken)).Sent;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The retention actions of experiment {Experiment} failed", key);
            }
        }
        return sent;
    }

    /// <summary>The learners this experiment has reminded: reminder events since it started whose <c>by</c> names it.</summary>
    private async Task<HashSet<string>> RemindedAsync(Experiment experiment, string by, CancellationToken cancellationToken)
    {
        var since = experiment.StartedAt ?? DateTime.MinValue;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The text filter narrows in the database; the exact sender is read from the JSON, as "experiment:a" is inside "experiment:a-2".
        var candidates = await db.Events.AsNoTracking()
            .Where(e => e.Type == EventType.RenewalReminder && e.OccurredAt >= since && e.Properties != null && e.Properties.Contains(by)
                && db.ExperimentExposures.Any(x => x.ExperimentId == experiment.Id && x.LearnerId == e.LearnerId))
            .Select(e => new { e.LearnerId, e.Properties }).ToListAsync(cancellationToken);
        return candidates.Where(c => SentBy(c.Properties!) == by).Select(c => c.LearnerId).ToHashSet(StringComparer.Ordinal);
    }

    private static string? SentBy(string properties)
    {
        try
        {
            using var document = JsonDocument.Parse(properties);
            return document.RootElement.TryGetProperty("by", out var by) && by.ValueKind == JsonValueKind.String ? by.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
