using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Recommendations;

/// <summary>One catalogue item in a learner's history: the damped sum of their signals for it, and when they first touched it.</summary>
public sealed record ItemTouch(string ItemId, float Weight, DateTime FirstTouch);

/// <summary>
/// What serving knows about one learner, in catalogue ids so it outlives a model swap: their history (oldest first),
/// what they own, until when a membership opens columns and e-books to them, their channel and strongest interests.
/// </summary>
public sealed record LearnerState(
    string LearnerId, bool Known, string? Channel, IReadOnlyList<string> Interests, IReadOnlyList<ItemTouch> History,
    IReadOnlySet<string> Owned, DateTime? MemberUntil)
{
    /// <summary>Events read per learner: enough history for any model, bounded for heavy learners.</summary>
    public const int MaxEvents = 2_000;

    public static LearnerState Unknown(string learnerId) => new(learnerId, false, null, [], [], new HashSet<string>(), null);

    private sealed record KnownLearner(string? Channel);

    private sealed record TouchRow(string? ItemId, EventType Type, DateTime OccurredAt);

    /// <summary>
    /// The five reads, compiled once per model: a learner's first recommendation after a new event reloads the state,
    /// many times a second on a busy platform, and building and looking up five LINQ queries cost more than running them.
    /// A compiled query is bound to the model it first ran against, hence one set per model (per provider).
    /// </summary>
    private sealed class Queries
    {
        private static readonly ConditionalWeakTable<IModel, Queries> PerModel = [];

        public static Queries For(OpsDbContext db) => PerModel.GetValue(db.Model, _ => new Queries());

        public readonly Func<OpsDbContext, string, CancellationToken, Task<KnownLearner?>> Learner =
            EF.CompileAsyncQuery((OpsDbContext db, string learnerId, CancellationToken _) =>
                db.Learners.AsNoTracking().Where(l => l.Id == learnerId).Select(l => new KnownLearner(l.Channel)).FirstOrDefault());

        public readonly Func<OpsDbContext, string, DateTime, IAsyncEnumerable<TouchRow>> Touches =
            EF.CompileAsyncQuery((OpsDbContext db, string learnerId, DateTime since) =>
                db.Events.AsNoTracking()
                    .Where(e => e.LearnerId == learnerId && e.ItemId != null && InteractionSignals.Types.Contains(e.Type) && e.OccurredAt >= since)
                    .OrderByDescending(e => e.OccurredAt)
                    .Take(MaxEvents)
                    .Select(e => new TouchRow(e.ItemId, e.Type, e.OccurredAt)));

        public readonly Func<OpsDbContext, string, IAsyncEnumerable<string>> Bought =
            EF.CompileAsyncQuery((OpsDbContext db, string learnerId) =>
                db.Orders.AsNoTracking().Where(o => o.LearnerId == learnerId && o.ItemId != null).Select(o => o.ItemId!));

        public readonly Func<OpsDbContext, string, DateTime, CancellationToken, Task<DateTime?>> MemberUntil =
            EF.CompileAsyncQuery((OpsDbContext db, string learnerId, DateTime utcNow, CancellationToken _) =>
                db.Memberships.AsNoTracking()
                    .Where(m => m.LearnerId == learnerId && m.StartedAt <= utcNow && m.ExpiresAt > utcNow)
                    .Max(m => (DateTime?)m.ExpiresAt));

        public readonly Func<OpsDbContext, string, IAsyncEnumerable<string>> Interests =
            EF.CompileAsyncQuery((OpsDbContext db, string learnerId) =>
                db.Interests.AsNoTracking().Where(i => i.LearnerId == learnerId).OrderByDescending(i => i.Weight).Take(5).Select(i => i.Tag));
    }

    public static async Task<LearnerState> LoadAsync(OpsDbContext db, string learnerId, DateTime utcNow, int historyDays, CancellationToken cancellationToken)
    {
        // One connection for the five reads instead of one open and close each.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ReadAsync(db, learnerId, utcNow, historyDays, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<LearnerState> ReadAsync(OpsDbContext db, string learnerId, DateTime utcNow, int historyDays, CancellationToken cancellationToken)
    {
        var queries = Queries.For(db);
        var learner = await queries.Learner(db, learnerId, cancellationToken);
        if (learner is null)
        {
            return Unknown(learnerId);
        }
        var since = utcNow.AddDays(-historyDays);
        var events = await ToListAsync(queries.Touches(db, learnerId, since), cancellationToken);
        var bought = await ToListAsync(queries.Bought(db, learnerId), cancellationToken);
        var memberUntil = await queries.MemberUntil(db, learnerId, utcNow, cancellationToken);
        var interests = await ToListAsync(queries.Interests(db, learnerId), cancellationToken);

        var owned = new HashSet<string>(bought, StringComparer.Ordinal);
        var perItem = new Dictionary<string, (Dictionary<EventType, int> Counts, DateTime First)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (InteractionSignals.MeansOwned(e.Type))
            {
                owned.Add(e.ItemId!);
            }
            if (!perItem.TryGetValue(e.ItemId!, out var seen))
            {
                seen = ([], e.OccurredAt);
            }
            seen.Counts[e.Type] = seen.Counts.GetValueOrDefault(e.Type) + 1;
            perItem[e.ItemId!] = (seen.Counts, e.OccurredAt < seen.First ? e.OccurredAt : seen.First);
        }
        var history = perItem
            .Select(p => new ItemTouch(p.Key, p.Value.Counts.Sum(c => InteractionSignals.Signal(c.Key, c.Value)), p.Value.First))
            .OrderBy(t => t.FirstTouch).ThenBy(t => t.ItemId, StringComparer.Ordinal)
            .ToArray();
        return new LearnerState(learnerId, true, learner.Channel, interests, history, owned, memberUntil);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            list.Add(row);
        }
        return list;
    }
}

/// <summary>A learner's state in one model's dense indexes: the history it scores and what must never be offered.</summary>
public sealed record LearnerSignals(string LearnerId, bool Known, LearnerHistory History, IReadOnlySet<int> Owned, bool Member)
{
    /// <summary>
    /// The state these signals were read from, if any: work that depends only on it and the model can be kept for as
    /// long as it lives (<see cref="RerankCache"/>), because a new event gives the learner a new state.
    /// </summary>
    public LearnerState? State { get; init; }

    // Weak on both keys, as the re-ranking cache: signals live exactly as long as the state and the model they were read in.
    private static readonly ConditionalWeakTable<ModelBundle, ConditionalWeakTable<LearnerState, LearnerSignals>> Translated = [];

    /// <summary>
    /// The state in the model's indexes. The translation is kept per state and model, since a busy learner's history is
    /// hundreds of catalogue ids to look up on every list; only whether a membership is running is decided anew.
    /// </summary>
    public static LearnerSignals For(LearnerState state, ModelBundle bundle, DateTime utcNow)
    {
        LearnerSignals? signals;
        if (!state.Known)
        {
            // Nothing to look up, and an unknown id's state is not worth a place in the table.
            signals = Translate(state, bundle);
        }
        else
        {
            var byState = Translated.GetOrCreateValue(bundle);
            if (!byState.TryGetValue(state, out signals))
            {
                signals = byState.GetValue(state, s => Translate(s, bundle));
            }
        }
        var member = state.MemberUntil > utcNow;
        return signals.Member == member ? signals : signals with { Member = member };
    }

    private static LearnerSignals Translate(LearnerState state, ModelBundle bundle)
    {
        var owned = new HashSet<int>();
        foreach (var id in state.Owned)
        {
            if (bundle.TryIndexOf(id, out var index))
            {
                owned.Add(index);
            }
        }
        var items = new List<int>(state.History.Count);
        var weights = new List<float>(state.History.Count);
        var times = new List<long>(state.History.Count);
        foreach (var touch in state.History)
        {
            if (bundle.TryIndexOf(touch.ItemId, out var index))
            {
                items.Add(index);
                weights.Add(touch.Weight);
                times.Add(new DateTimeOffset(touch.FirstTouch).ToUnixTimeSeconds());
            }
        }
        return new LearnerSignals(state.LearnerId, state.Known, new LearnerHistory(items, weights, times, state.Interests, state.Channel),
            owned, false) { State = state };
    }
}
