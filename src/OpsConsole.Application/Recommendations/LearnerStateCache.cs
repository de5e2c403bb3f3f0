using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using OpsConsole.Data;

namespace OpsConsole.Recommendations;

/// <summary>
/// Learner states kept in memory between requests, so a learner's second recommendation costs no database round
/// trip. A state is dropped as soon as a new event names its learner (<see cref="ForgetSinceAsync"/>, polled by
/// every instance), and in any case after a few minutes, which also picks up changes made outside the event log.
/// </summary>
public sealed class LearnerStateCache(IDbContextFactory<OpsDbContext> contexts, RecommenderOptions options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private readonly MemoryCache _states = new(new MemoryCacheOptions { SizeLimit = options.LearnerCacheSize, CompactionPercentage = 0.2 });

    public async ValueTask<LearnerState> GetAsync(string learnerId, CancellationToken cancellationToken)
    {
        if (_states.TryGetValue(learnerId, out LearnerState? cached) && cached is not null)
        {
            return cached;
        }
        LearnerState state;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            state = await LearnerState.LoadAsync(db, learnerId, clock.GetUtcNow().UtcDateTime, options.HistoryDays, cancellationToken);
        }
        _states.Set(learnerId, state, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = MaxAge });
        return state;
    }

    /// <summary>Drops the learners named by events stored after <paramref name="seq"/>; returns the last event read.</summary>
    public async Task<long> ForgetSinceAsync(long seq, CancellationToken cancellationToken)
    {
        const int batch = 5_000;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var rows = await db.Events.AsNoTracking().Where(e => e.Seq > seq).OrderBy(e => e.Seq).Take(batch)
                .Select(e => new { e.Seq, e.LearnerId }).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                _states.Remove(row.LearnerId);
            }
            if (rows.Count > 0)
            {
                seq = rows[^1].Seq;
            }
            if (rows.Count < batch)
            {
                return seq;
            }
        }
    }

    public async Task<long> LastSeqAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Events.MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
    }

    public void Forget(string learnerId) => _states.Remove(learnerId);

    public void Dispose() => _states.Dispose();
}
