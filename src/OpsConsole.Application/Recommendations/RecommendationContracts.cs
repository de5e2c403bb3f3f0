namespace OpsConsole.Recommendations;

/// <summary>One recommended item: its score under the model that ranked it, and why it is there.</summary>
public sealed record RecommendedItem(
    int Position, string ItemId, string Title, string Topic, float Score, string Reason, string ReasonCode, string? AnchorItemId, string Generator);

/// <summary>
/// A served list. <see cref="RecommendationId"/> is what clicks and purchases are reported against;
/// <see cref="Rules"/> says which business rules shaped the list.
/// </summary>
public sealed record RecommendationList(
    string RecommendationId, int ModelVersion, string LearnerId, string Context, bool ColdStart,
    IReadOnlyList<RecommendedItem> Items, IReadOnlyList<string> Rules);

/// <summary>Where the list is shown: a placement such as <c>home</c>, or <c>item:{id}</c> for "learners who took this also took".</summary>
public sealed record RecommendationContext(string Placement, string? ItemId)
{
    public const string ItemPrefix = "item:";

    public static bool TryParse(string? text, out RecommendationContext context, out string? error)
    {
        context = new RecommendationContext("home", null);
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (text.StartsWith(ItemPrefix, StringComparison.Ordinal))
        {
            var id = text[ItemPrefix.Length..];
            if (id.Length is 0 or > Catalog.CatalogItem.IdMaxLength)
            {
                error = $"'item:' must be followed by a catalogue item id of 1–{Catalog.CatalogItem.IdMaxLength} characters.";
                return false;
            }
            context = new RecommendationContext(text, id);
            return true;
        }
        if (text.Length > RecommendationImpression.ContextMaxLength || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            error = $"A placement is up to {RecommendationImpression.ContextMaxLength} letters, digits, '_', '-' or '.', or 'item:{{id}}'.";
            return false;
        }
        context = new RecommendationContext(text, null);
        return true;
    }
}

/// <summary>A request the recommender cannot answer as asked; <see cref="Field"/> names the parameter at fault.</summary>
public sealed class RecommendationRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>No model version is active yet (a fresh install before its first training run).</summary>
public sealed class NoActiveModelException() : Exception("No recommender model is active yet: train one and promote it.");
