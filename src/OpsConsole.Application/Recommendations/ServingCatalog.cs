using OpsConsole.Catalog;

namespace OpsConsole.Recommendations;

/// <summary>What serving needs of an item, aligned to a model's dense indexes.</summary>
public sealed record ServingItem(string Id, string Title, string Topic, ContentKind Kind, decimal Price, bool Available);

/// <summary>The active model with the catalogue as it is now, index for index; items gone from the catalogue are null.</summary>
public sealed record ServingState(ModelBundle Bundle, IReadOnlyList<ServingItem?> Items)
{
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
}
