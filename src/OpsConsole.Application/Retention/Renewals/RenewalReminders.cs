using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Retention.Renewals;

/// <summary>
/// Renewal reminders, a retention action. <see cref="SendAsync"/> takes the learners to remind and nothing else decides
/// who they are: today an operator's selection on the renewals page, later an experiment's treatment group (the experiment
/// picks the learners and calls this once with their ids, naming itself in <c>by</c>, e.g. <c>experiment:renewal-nudge</c>).
/// Each reminder is recorded as a <c>renewal_reminder</c> behaviour event through ingestion, like the desk's ticket events,
/// so its effect can be measured against later <c>membership_renew</c> events of the same learner, and the cooldown is
/// read back from the same events: no table of its own. The platform delivers the reminder (mail, app notice) from the event.
/// </summary>
public sealed class RenewalReminders(
    IDbContextFactory<OpsDbContext> contexts,
    IngestionService ingestion,
    TimeProvider clock,
    IOptions<RenewalsOptions> options,
    ILogger<RenewalReminders> log)
{
    public const string Source = "renewals";
    public const int NoteMaxLength = 500;
    public const int MaxLearners = 10_000;
    private const int Chunk = 500;

    /// <summary>
    /// Records one reminder per learner. A learner reminded within <see cref="RenewalsOptions.ReminderCooldownDays"/> days is
    /// skipped and reported with the time of that reminder; an id that is not a learner of the platform is reported as unknown.
    /// The event carries <c>by</c> (who sent it: a console user's email, or an automated sender such as an experiment), the
    /// optional <c>note</c>, and the learner's latest membership (<c>membershipId</c>, <c>plan</c>, <c>expiresAt</c>).
    /// </summary>
    public async Task<ReminderResult> SendAsync(IEnumerable<string> learnerIds, string by, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > NoteMaxLength })
        {
            throw new ArgumentException($"A reminder note is at most {NoteMaxLength} characters.", nameof(note));
        }
        var ids = learnerIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count > MaxLearners)
        {
            throw new ArgumentException($"At most {MaxLearners:N0} learners per call.", nameof(learnerIds));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-options.Value.ReminderCooldownDays);
        var cooldown = options.Value.ReminderCooldownDays > 0;

        var known = new HashSet<string>(StringComparer.Ordinal);
        var reminded = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var memberships = new Dictionary<string, (long Id, Commerce.MembershipPlan Plan, DateTime ExpiresAt, DateTime StartedAt)>(StringComparer.Ordinal);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            foreach (var chunk in ids.Chunk(Chunk))
            {
                known.UnionWith(await db.Learners.Where(l => chunk.Contains(l.Id)).Select(l => l.Id).ToListAsync(cancellationToken));
                if (cooldown)
                {
                    foreach (var r in await db.Events.Where(e => e.Type == EventType.RenewalReminder && chunk.Contains(e.LearnerId) && e.OccurredAt >= since)
                                 .GroupBy(e => e.LearnerId).Select(g => new { g.Key, Last = g.Max(e => e.OccurredAt) }).ToListAsync(cancellationToken))
                    {
                        reminded[r.Key] = r.Last;
                    }
                }
                foreach (var m in await db.Memberships.AsNoTracking().Where(m => chunk.Contains(m.LearnerId))
                             .Select(m => new { m.LearnerId, m.Id, m.Plan, m.ExpiresAt, m.StartedAt }).ToListAsync(cancellationToken))
                {
                    if (!memberships.TryGetValue(m.LearnerId, out var latest) || m.StartedAt > latest.StartedAt)
                    {
                        memberships[m.LearnerId] = (m.Id, m.Plan, m.ExpiresAt, m.StartedAt);
                    }
                }
            }
        }

        var unknown = ids.Where(id => !known.Contains(id)).ToList();
        var skipped = ids.Where(id => known.Contains(id) && reminded.ContainsKey(id)).Select(id => new SkippedReminder(id, reminded[id])).ToList();
        var toSend = ids.Where(id => known.Contains(id) && !reminded.ContainsKey(id)).ToList();
        var records = toSend.Select((id, i) => IncomingRecord.Parsed(i, Event(id, by, note, now, memberships.TryGetValue(id, out var m) ? m : null))).ToList();
        var sent = toSend;
        if (records.Count > 0)
        {
            var result = await ingestion.IngestAsync(records, Source, cancellationToken);
            if (result.Rejected.Count > 0)
            {
                var failed = result.Rejected.Select(r => r.Index).ToHashSet();
                log.LogWarning("Ingestion rejected {Count} renewal reminder(s), the first because {Field} {Reason}", failed.Count, result.Rejected[0].Field, result.Rejected[0].Reason);
                sent = [.. toSend.Where((_, i) => !failed.Contains(i))];
            }
        }
        log.LogInformation("{By} sent {Sent} renewal reminder(s); {Skipped} skipped for the {Days}-day cooldown, {Unknown} unknown", by, sent.Count, skipped.Count,
            options.Value.ReminderCooldownDays, unknown.Count);
        return new ReminderResult(sent, skipped, unknown);
    }

    private static JsonElement Event(string learnerId, string by, string? note, DateTime now,
        (long Id, Commerce.MembershipPlan Plan, DateTime ExpiresAt, DateTime StartedAt)? membership)
    {
        var properties = new Dictionary<string, object?> { ["by"] = by };
        if (note is not null)
        {
            properties["note"] = note;
        }
        if (membership is { } m)
        {
            properties["membershipId"] = m.Id;
            properties["plan"] = m.Plan.ToString().ToLowerInvariant();
            properties["expiresAt"] = m.ExpiresAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
        return JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            // Unique per learner and instant: a retried call with the same clock reading stores nothing twice.
            ["eventId"] = $"renewal-reminder:{learnerId}:{now.Ticks.ToString(CultureInfo.InvariantCulture)}",
            ["learnerId"] = learnerId,
            ["type"] = EventType.RenewalReminder.ToWireName(),
            ["occurredAt"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["properties"] = properties,
        });
    }
}
