using OpsConsole.Catalog;

namespace OpsConsole.Recommendations;

/// <summary>What serving needs of an item, aligned to a model's dense indexes.</summary>
public sealed record ServingItem(string Id, string Title, string Topic, ContentKind Kind, decimal Price, bool Available);

/// <summary>The active model with the catalogue as it is now, index for index; items gone from the catalogue are null.</summary>
public sealed record ServingState(ModelBundle Bundle, IReadOnlyList<ServingItem?> Items)
{
    // Derived from Items at construction; nothing builds a ServingState with `with`, which would carry them over unchanged.
    private readonly (int[] Indexes, int Count) _topics = IndexTopics(Items);

    /// <summary>Each item's topic as a small number (-1 for an item gone from the catalogue), so the per-topic cap counts in an array.</summary>
    public int[] TopicIndexes => _topics.Indexes;

    /// <summary>How many topics <see cref="TopicIndexes"/> numbers.</summary>
    public int TopicCount => _topics.Count;

    public static ServingState Create(ModelBundle bundle, IReadOnlyList<CatalogItem> catalog, DateTime utcNow)
    {
        var byId = catalog.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var items = new ServingItem?[bundle.ItemCount];
        for (var i = 0; i < items.Length; i++)
        {
            if (byId.TryGetValue(bundle.ItemIds[i], out var item))
            {
                items[i] = new ServingItem(item.Id, item.Title, item.Topic, item.Kind, item.Price, InteractionSignals.IsAvailable(item, utcNow));
            }
        }
        return new ServingState(bundle, items);
    }

    private static (int[] Indexes, int Count) IndexTopics(IReadOnlyList<ServingItem?> items)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var indexes = new int[items.Count];
        for (var i = 0; i < indexes.Length; i++)
        {
            if (items[i] is not { } item)
            {
                indexes[i] = -1;
                continue;
            }
            if (!numbers.TryGetValue(item.Topic, out var number))
            {
                number = numbers.Count;
                numbers.Add(item.Topic, number);
            }
            indexes[i] = number;
        }
        return (indexes, numbers.Count);
    }
}
