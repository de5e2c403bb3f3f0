using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsConsole.Data;

namespace OpsConsole.Privacy;

/// <summary>
/// Deletes raw events past the configured retention. Profiles, rollups and model outputs already computed from them
/// stay (they are aggregates or are about the learner, not the event); a later full rebuild only sees what is left.
/// </summary>
public sealed class EventRetention(IDbContextFactory<OpsDbContext> contexts, IOptions<PrivacyOptions> options, TimeProvider clock, ILogger<EventRetention> log)
{
    /// <summary>The oldest occurrence time kept, or null when events are kept forever.</summary>
    public DateTime? Cutoff => options.Value.EventRetentionDays is > 0 and var days ? clock.GetUtcNow().UtcDateTime.AddDays(-days) : null;

    /// <summary>Deletes every event that occurred before <see cref="Cutoff"/>, oldest first, a batch per statement; returns how many.</summary>
    public async Task<long> PurgeAsync(CancellationToken cancellationToken = default)
    {
        if (Cutoff is not { } cutoff)
        {
            return 0;
        }
        var batch = options.Value.RetentionBatchSize;
        long total = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // The batch ends at the Seq of its last old event; the time condition stays, so a late-arriving recent event
            // with a lower Seq than some old one is never caught by the range.
            var old = db.Events.Where(e => e.OccurredAt < cutoff);
            var last = await old.OrderBy(e => e.Seq).Select(e => (long?)e.Seq).Skip(batch - 1).FirstOrDefaultAsync(cancellationToken)
                ?? await old.MaxAsync(e => (long?)e.Seq, cancellationToken);
            if (last is not { } upTo)
            {
                break;
            }
            var deleted = await old.Where(e => e.Seq <= upTo).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
            if (deleted < batch)
            {
                break;
            }
        }
        // Path steps are derived from events: the steps of deleted events go too (the next rebuild re-links the rest).
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.PathSteps.Where(s => s.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        }
        log.LogInformation("Event retention deleted {Count} event(s) that occurred before {Cutoff:u}", total, cutoff);
        return total;
    }
}
