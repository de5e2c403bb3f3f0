namespace OpsConsole.Ingestion;

public enum EventType
{
    Signup = 1,
    Login = 2,
    View = 3,
    Click = 4,
    Search = 5,
    LessonProgress = 6,
    Purchase = 7,
    Refund = 8,
    MembershipStart = 9,
    MembershipRenew = 10,
    MembershipCancel = 11,
    Rate = 12,
    Share = 13,
    RecommendationImpression = 14,
    RecommendationClick = 15,
    ExperimentExposure = 16,
    /// <summary>The learner wrote to support; written by the desk.</summary>
    TicketOpened = 17,
    /// <summary>A ticket of the learner's was resolved; written by the desk.</summary>
    TicketResolved = 18,
    /// <summary>The learner rated how support handled a ticket (properties.rating 1–5); written by the desk.</summary>
    TicketRated = 19,
    /// <summary>A churn alert was raised for the learner; written by the retention team's console.</summary>
    ChurnAlertRaised = 20,
    /// <summary>A step of the retention workflow on the learner's alert (properties.step); written by the console.</summary>
    RetentionAction = 21,
    /// <summary>The console reminded the learner to renew their membership (properties.by, note, plan); written by the renewals view.</summary>
    RenewalReminder = 22,
}

/// <summary>The wire names of event types (snake_case), kept in one place for the API, CLI and generator.</summary>
public static class EventTypes
{
    private static readonly Dictionary<string, EventType> ByName = new(StringComparer.Ordinal)
    {
        ["signup"] = EventType.Signup,
        ["login"] = EventType.Login,
        ["view"] = EventType.View,
        ["click"] = EventType.Click,
        ["search"] = EventType.Search,
        ["lesson_progress"] = EventType.LessonProgress,
        ["purchase"] = EventType.Purchase,
        ["refund"] = EventType.Refund,
        ["membership_start"] = EventType.MembershipStart,
        ["membership_renew"] = EventType.MembershipRenew,
        ["membership_cancel"] = EventType.MembershipCancel,
        ["rate"] = EventType.Rate,
        ["share"] = EventType.Share,
        ["recommendation_impression"] = EventType.RecommendationImpression,
        ["recommendation_click"] = EventType.RecommendationClick,
        ["experiment_exposure"] = EventType.ExperimentExposure,
        ["ticket_opened"] = EventType.TicketOpened,
        ["ticket_resolved"] = EventType.TicketResolved,
        ["ticket_rated"] = EventType.TicketRated,
        ["churn_alert_raised"] = EventType.ChurnAlertRaised,
        ["retention_action"] = EventType.RetentionAction,
        ["renewal_reminder"] = EventType.RenewalReminder,
    };

    private static readonly Dictionary<EventType, string> ByType = ByName.ToDictionary(p => p.Value, p => p.Key);

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out EventType type) => ByName.TryGetValue(name ?? "", out type);

    public static string ToWireName(this EventType type) => ByType[type];

    /// <summary>
    /// Whether the learner did it: impressions and exposures are the platform showing something, renewals are charged
    /// automatically, and churn alerts, retention steps and renewal reminders are the console's own doings. Only the
    /// learner's own doings make a day "active" (profiles, daily active learners, churn).
    /// </summary>
    public static bool IsLearnerActivity(this EventType type) =>
        type is not (EventType.RecommendationImpression or EventType.ExperimentExposure or EventType.MembershipRenew
            or EventType.ChurnAlertRaised or EventType.RetentionAction or EventType.RenewalReminder);

    public static bool IsMonetary(this EventType type) => type is EventType.Purchase or EventType.Refund;
}
