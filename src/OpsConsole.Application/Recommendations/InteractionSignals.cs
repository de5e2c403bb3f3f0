using OpsConsole.Catalog;
using OpsConsole.Ingestion;

namespace OpsConsole.Recommendations;

/// <summary>
/// How strongly each kind of event says "this learner wants this item". Buying and studying say more than
/// looking; a refund still marks the item as known to the learner, so it is never offered again.
/// </summary>
public static class InteractionSignals
{
    public static readonly IReadOnlyDictionary<EventType, float> Weights = new Dictionary<EventType, float>
    {
        [EventType.View] = 1f,
        [EventType.Click] = 1f,
        [EventType.RecommendationClick] = 1f,
        [EventType.Share] = 2f,
        [EventType.Rate] = 2f,
        [EventType.LessonProgress] = 2f,
        [EventType.Purchase] = 4f,
        [EventType.Refund] = 0.5f,
    };

    public static readonly EventType[] Types = [.. Weights.Keys];

    /// <summary>A learner's signal of one type for one item, seen <paramref name="count"/> times: damped so a hundred views do not outweigh a purchase.</summary>
    public static float Signal(EventType type, int count) => Weights[type] * (1f + MathF.Log(Math.Max(count, 1)));

    /// <summary>Types that mean the learner has the item already: it is never recommended to them again.</summary>
    public static bool MeansOwned(EventType type) => type is EventType.Purchase or EventType.Refund or EventType.LessonProgress;

    /// <summary>Columns and e-books open to every active member (the platform's membership terms).</summary>
    public static bool MembershipIncludes(ContentKind kind) => kind is ContentKind.Column or ContentKind.EBook;

    public static bool IsAvailable(CatalogItem item, DateTime utcNow) =>
        item.PublishedAt is { } published && published <= utcNow && (item.RetiredAt is null || item.RetiredAt > utcNow);
}
