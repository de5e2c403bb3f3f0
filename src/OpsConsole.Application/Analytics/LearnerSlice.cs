using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Analytics;

/// <summary>
/// A range of learner ids, [<paramref name="From"/>, <paramref name="To"/>) in the database's own order (an open end is
/// null), that one analytics statement is limited to. A query matched per learner (a funnel) splits its learners into
/// slices and runs one statement per slice on its own connection at the same time: neither SQLite nor PostgreSQL
/// spreads one such statement over several cores by itself.
/// </summary>
internal sealed record LearnerSlice(string? From, string? To)
{
    public static readonly LearnerSlice All = new(null, null);

    private const int SlicesPerConnection = 4;

    /// <summary>The condition (starting with AND, or empty) that keeps <paramref name="column"/> inside the slice.</summary>
    public string Filter(string column) =>
        (From is null ? "" : $" AND {column} >= @sliceFrom") + (To is null ? "" : $" AND {column} < @sliceTo");

    /// <summary><paramref name="parameters"/> plus the slice's bounds.</summary>
    public Dictionary<string, object> Bind(IReadOnlyDictionary<string, object> parameters)
    {
        var bound = new Dictionary<string, object>(parameters);
        if (From is not null)
        {
            bound["@sliceFrom"] = From;
        }
        if (To is not null)
        {
            bound["@sliceTo"] = To;
        }
        return bound;
    }

    /// <summary>
    /// Runs <paramref name="run"/> for every slice, <paramref name="parallelism"/> at a time. Each runs on a thread of its
    /// own: Microsoft.Data.Sqlite runs its asynchronous commands synchronously, so awaiting them side by side would run
    /// the slices one after another.
    /// </summary>
    public static async Task<T[]> RunAsync<T>(IReadOnlyList<LearnerSlice> slices, int parallelism, Func<LearnerSlice, Task<T>> run, CancellationToken ct)
    {
        if (slices.Count == 1)
        {
            return [await run(slices[0])];
        }
        using var gate = new SemaphoreSlim(parallelism);
        return await Task.WhenAll(slices.Select(slice => Task.Run(async () =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return await run(slice);
            }
            finally
            {
                gate.Release();
            }
        }, ct)));
    }

    /// <summary>
    /// The slices for <paramref name="parallelism"/> connections: one when there is one connection, else several per
    /// connection, so a connection that finishes a light slice takes the next one: activity is uneven across ids (learners
    /// who joined long ago, or never came back), and equal shares of learners can be far from equal shares of work.
    /// Each slice holds about as many learners, bounded by learner ids read from the learners' key in the database's
    /// order, so the bounds compare the way the statement compares them. Ids outside the known learners (events of a
    /// learner not registered yet) still fall in a slice, since the first and last are open.
    /// </summary>
    public static async Task<IReadOnlyList<LearnerSlice>> SplitAsync(OpsDbContext db, int parallelism, CancellationToken ct)
    {
        if (parallelism <= 1)
        {
            return [All];
        }
        var parts = parallelism * SlicesPerConnection;
        var key = (db.Database.GetConnectionString() ?? "", parts);
        if (Recent.TryGetValue(key, out var recent) && Environment.TickCount64 - recent.At < BoundsLifetimeMs)
        {
            return recent.Slices;
        }
        var slices = await ReadAsync(db, parts, ct);
        if (slices.Count > 1)
        {
            // Too few learners to split is not kept: the next query may have many more to split.
            Recent[key] = (Environment.TickCount64, slices);
        }
        return slices;
    }

    /// <summary>
    /// Slices read in the last few minutes, by database and number. Reading the bounds costs a count and a walk of the
    /// learners' key (about 0.1 s on PostgreSQL for 50,000 learners, a tenth of a funnel); bounds a few minutes old only
    /// make the slices a little less even, never the answer different, since the first and last slice are open.
    /// </summary>
    private static readonly ConcurrentDictionary<(string Database, int Parts), (long At, IReadOnlyList<LearnerSlice> Slices)> Recent = new();

    private const long BoundsLifetimeMs = 10 * 60 * 1000;

    private static async Task<IReadOnlyList<LearnerSlice>> ReadAsync(OpsDbContext db, int parts, CancellationToken ct)
    {
        var counts = await AnalyticsSql.QueryAsync(db, """SELECT COUNT(*) FROM "Learners" """, new Dictionary<string, object>(),
            r => Convert.ToInt64(r.GetValue(0)), ct);
        var learners = counts[0];
        var bounds = new List<string>();
        for (var i = 1; i < parts; i++)
        {
            var offset = learners * i / parts;
            if (offset == 0)
            {
                continue;
            }
            var ids = await AnalyticsSql.QueryAsync(db, """SELECT "Id" FROM "Learners" ORDER BY "Id" LIMIT 1 OFFSET @offset""",
                new Dictionary<string, object> { ["@offset"] = offset }, r => r.GetString(0), ct);
            if (ids.Count == 1 && (bounds.Count == 0 || bounds[^1] != ids[0]))
            {
                bounds.Add(ids[0]);
            }
        }
        var slices = new List<LearnerSlice>(bounds.Count + 1);
        string? from = null;
        foreach (var bound in bounds)
        {
            slices.Add(new LearnerSlice(from, bound));
            from = bound;
        }
        slices.Add(new LearnerSlice(from, null));
        return slices;
    }
}
