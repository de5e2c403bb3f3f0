using Microsoft.EntityFrameworkCore;
using OpsConsole.Catalog;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Recommendations;

/// <summary>
/// Learner–item interactions of one training window in dense indexes, with the catalogue they index into.
/// One interaction per learner and item: its weight sums the signals (damped, so a hundred views do not outweigh
/// a purchase) and its time is the first touch, which orders what a learner took next.
/// </summary>
public sealed class RecommenderData
{
    public required IReadOnlyList<CatalogItem> Catalog { get; init; }
    public required IReadOnlyList<string> LearnerIds { get; init; }
    /// <summary>Acquisition channel per learner index (null when unknown).</summary>
    public required IReadOnlyList<string?> Channels { get; init; }
    public required IReadOnlyList<Interaction> Interactions { get; init; }
    public required DateTime From { get; init; }
    public required DateTime To { get; init; }

    public TrainingSet ToTrainingSet(IReadOnlyList<Interaction> interactions) => new()
    {
        UserCount = LearnerIds.Count,
        Items = Features(Catalog, To),
        Interactions = interactions,
        Now = new DateTimeOffset(To).ToUnixTimeSeconds(),
    };

    /// <summary>
    /// Interactions first touched before <paramref name="cutoff"/> train; the items each learner first touches from
    /// then on (and that were on sale at the cut-off) are the test, as in production: the model only sees the past.
    /// </summary>
    public (TrainingSet Train, IReadOnlyList<Interaction> Test) SplitAt(DateTime cutoff)
    {
        var cut = new DateTimeOffset(cutoff).ToUnixTimeSeconds();
        var train = new List<Interaction>();
        var test = new List<Interaction>();
        foreach (var interaction in Interactions)
        {
            if (interaction.Timestamp < cut)
            {
                train.Add(interaction);
            }
            else if (InteractionSignals.IsAvailable(Catalog[interaction.Item], cutoff))
            {
                test.Add(interaction);
            }
        }
        return (ToTrainingSet(train), test);
    }

    public static IReadOnlyList<ItemFeatures> Features(IReadOnlyList<CatalogItem> catalog, DateTime at) =>
        [.. catalog.Select(i => new ItemFeatures(i.Id, i.Title, i.Topic, i.TagList, InteractionSignals.IsAvailable(i, at)))];

    public static async Task<RecommenderData> LoadAsync(IDbContextFactory<OpsDbContext> contexts, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var catalog = await db.Catalog.AsNoTracking().OrderBy(i => i.Id).ToListAsync(cancellationToken);
        var itemIndex = new Dictionary<string, int>(catalog.Count, StringComparer.Ordinal);
        for (var i = 0; i < catalog.Count; i++)
        {
            itemIndex[catalog[i].Id] = i;
        }
        var types = InteractionSignals.Types;
        var rows = await db.Events.AsNoTracking()
            .Where(e => e.ItemId != null && types.Contains(e.Type) && e.OccurredAt >= from && e.OccurredAt < to)
            .GroupBy(e => new { e.LearnerId, e.ItemId, e.Type })
            .Select(g => new { g.Key.LearnerId, g.Key.ItemId, g.Key.Type, Count = g.Count(), First = g.Min(e => e.OccurredAt) })
            .ToListAsync(cancellationToken);

        var pairs = new Dictionary<(string Learner, int Item), (float Weight, DateTime First)>();
        foreach (var row in rows)
        {
            if (!itemIndex.TryGetValue(row.ItemId!, out var item))
            {
                continue;
            }
            var signal = InteractionSignals.Signal(row.Type, row.Count);
            pairs[(row.LearnerId, item)] = pairs.TryGetValue((row.LearnerId, item), out var seen)
                ? (seen.Weight + signal, seen.First < row.First ? seen.First : row.First)
                : (signal, row.First);
        }
        var learnerIds = pairs.Keys.Select(k => k.Learner).Distinct().Order(StringComparer.Ordinal).ToArray();
        var userIndex = new Dictionary<string, int>(learnerIds.Length, StringComparer.Ordinal);
        for (var u = 0; u < learnerIds.Length; u++)
        {
            userIndex[learnerIds[u]] = u;
        }
        var interactions = pairs
            .Select(p => new Interaction(userIndex[p.Key.Learner], p.Key.Item, p.Value.Weight, new DateTimeOffset(p.Value.First).ToUnixTimeSeconds()))
            .OrderBy(i => i.User).ThenBy(i => i.Timestamp).ThenBy(i => i.Item)
            .ToArray();

        var channels = new string?[learnerIds.Length];
        var known = await db.Learners.AsNoTracking().Where(l => l.Channel != null).Select(l => new { l.Id, l.Channel }).ToListAsync(cancellationToken);
        foreach (var learner in known)
        {
            if (userIndex.TryGetValue(learner.Id, out var u))
            {
                channels[u] = learner.Channel;
            }
        }
        return new RecommenderData { Catalog = catalog, LearnerIds = learnerIds, Channels = channels, Interactions = interactions, From = from, To = to };
    }
}
