using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Recommendations;

/// <summary>What serving knows about one learner: the history a model scores, and what must never be offered to them.</summary>
public sealed record LearnerSignals(string LearnerId, bool Known, LearnerHistory History, IReadOnlySet<int> Owned, bool Member)
{
    /// <summary>Events read per request: enough history for any model, bounded for heavy learners.</summary>
    public const int MaxEvents = 2_000;

    public static async Task<LearnerSignals> LoadAsync(OpsDbContext db, ModelBundle bundle, string learnerId, DateTime utcNow, int historyDays, CancellationToken cancellationToken)
    {
        var learner = await db.Learners.AsNoTracking().Where(l => l.Id == learnerId)
            .Select(l => new { l.Channel }).FirstOrDefaultAsync(cancellationToken);
        if (learner is null)
        {
            return new LearnerSignals(learnerId, false, LearnerHistory.Empty, new HashSet<int>(), false);
        }
        var since = utcNow.AddDays(-historyDays);
        var types = InteractionSignals.Types;
        var events = await db.Events.AsNoTracking()
            .Where(e => e.LearnerId == learnerId && e.ItemId != null && types.Contains(e.Type) && e.OccurredAt >= since)
            .OrderByDescending(e => e.OccurredAt)
            .Take(MaxEvents)
            .Select(e => new { e.ItemId, e.Type, e.OccurredAt })
            .ToListAsync(cancellationToken);
        var bought = await db.Orders.AsNoTracking().Where(o => o.LearnerId == learnerId && o.ItemId != null)
            .Select(o => o.ItemId!).ToListAsync(cancellationToken);
        var member = await db.Memberships.AnyAsync(m => m.LearnerId == learnerId && m.StartedAt <= utcNow && m.ExpiresAt > utcNow, cancellationToken);
        var interests = await db.Interests.AsNoTracking().Where(i => i.LearnerId == learnerId)
            .OrderByDescending(i => i.Weight).Take(5).Select(i => i.Tag).ToListAsync(cancellationToken);

        var owned = new HashSet<int>();
        foreach (var id in bought)
        {
            if (bundle.TryIndexOf(id, out var index))
            {
                owned.Add(index);
            }
        }
        var perItem = new Dictionary<int, (Dictionary<EventType, int> Counts, DateTime First)>();
        foreach (var e in events)
        {
            if (!bundle.TryIndexOf(e.ItemId!, out var index))
            {
                continue;
            }
            if (InteractionSignals.MeansOwned(e.Type))
            {
                owned.Add(index);
            }
            if (!perItem.TryGetValue(index, out var seen))
            {
                perItem[index] = seen = ([], e.OccurredAt);
            }
            seen.Counts[e.Type] = seen.Counts.GetValueOrDefault(e.Type) + 1;
            perItem[index] = (seen.Counts, e.OccurredAt < seen.First ? e.OccurredAt : seen.First);
        }
        var ordered = perItem.OrderBy(p => p.Value.First).ThenBy(p => p.Key).ToArray();
        var history = new LearnerHistory(
            [.. ordered.Select(p => p.Key)],
            [.. ordered.Select(p => p.Value.Counts.Sum(c => InteractionSignals.Signal(c.Key, c.Value)))],
            [.. ordered.Select(p => new DateTimeOffset(p.Value.First).ToUnixTimeSeconds())],
            interests,
            learner.Channel);
        return new LearnerSignals(learnerId, true, history, owned, member);
    }
}
