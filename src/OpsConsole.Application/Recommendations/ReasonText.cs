namespace OpsConsole.Recommendations;

/// <summary>The human reason beside a recommended item, and the stable code apps can localise instead.</summary>
public static class ReasonText
{
    public static string Code(Reason reason) => reason.Kind switch
    {
        ReasonKind.SimilarToHistory => "similar_to_history",
        ReasonKind.NextAfter => "next_after",
        ReasonKind.PopularInTopic => "popular_in_topic",
        ReasonKind.SimilarContent => "similar_content",
        ReasonKind.PopularInChannel => "popular_in_channel",
        _ => "popular",
    };

    public static string For(Reason reason, ServingState state, bool itemContext)
    {
        var anchor = reason.AnchorItem is { } a && a >= 0 && a < state.Items.Count ? state.Items[a]?.Title : null;
        return reason.Kind switch
        {
            ReasonKind.SimilarToHistory when anchor is not null => itemContext
                ? $"Learners who took “{anchor}” also took this"
                : $"Because you studied “{anchor}”",
            ReasonKind.NextAfter when anchor is not null => $"Learners who finished “{anchor}” often take this next",
            ReasonKind.SimilarContent when anchor is not null => $"Covers the same ground as “{anchor}”",
            ReasonKind.SimilarContent => "Matches the topics you follow",
            ReasonKind.PopularInTopic when reason.Topic is { Length: > 0 } topic => $"Popular lately in {topic}",
            ReasonKind.PopularInChannel when reason.Topic is { Length: > 0 } channel => $"Popular lately with learners who joined through {channel}",
            _ => "Popular on the platform lately",
        };
    }
}
