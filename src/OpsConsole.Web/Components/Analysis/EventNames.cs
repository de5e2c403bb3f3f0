using Microsoft.Extensions.Localization;
using OpsConsole.Ingestion;
using OpsConsole.Web.Resources;

namespace OpsConsole.Web.Components.Analysis;

/// <summary>Event types as the pages name them: a localised label, falling back to the wire name.</summary>
public static class EventNames
{
    /// <summary>The types an operator picks from, in the order a learner meets them.</summary>
    public static IReadOnlyList<EventType> Ordered { get; } =
    [
        EventType.Signup, EventType.Login, EventType.View, EventType.Search, EventType.Click, EventType.LessonProgress,
        EventType.Purchase, EventType.MembershipStart, EventType.MembershipRenew, EventType.MembershipCancel, EventType.Refund,
        EventType.Rate, EventType.Share, EventType.RecommendationImpression, EventType.RecommendationClick, EventType.ExperimentExposure,
    ];

    public static string Name(this IStringLocalizer<AnalysisText> l, EventType type)
    {
        var text = l[$"Event_{type.ToWireName()}"];
        return text.ResourceNotFound ? type.ToWireName() : text.Value;
    }
}
