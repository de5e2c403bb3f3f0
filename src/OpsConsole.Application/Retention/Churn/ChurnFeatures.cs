using System.Globalization;

namespace OpsConsole.Retention.Churn;

/// <summary>
/// What was known about one learner at the start of <see cref="AsOf"/> (a platform day): computed only from what happened
/// before that instant. NaN marks a value that does not exist (no purchases, no membership, no rated ticket).
/// </summary>
public sealed record ChurnFeatures
{
    public required string LearnerId { get; init; }
    public required DateOnly AsOf { get; init; }

    public double TenureDays { get; init; }
    public double DaysSinceActive { get; init; }
    public double ActiveDays7 { get; init; }
    public double ActiveDays30 { get; init; }
    public double ActiveDays90 { get; init; }
    /// <summary>The learner's own actions in the last 3 weeks.</summary>
    public double ActionsLast3Weeks { get; init; }
    /// <summary>The learner's own actions in the 3 weeks before those.</summary>
    public double ActionsPrevious3Weeks { get; init; }
    /// <summary>(last − previous) / previous: −0.7 means activity fell by 70%; NaN when there was none in the previous 3 weeks.</summary>
    public double ActivityTrend { get; init; } = double.NaN;
    public double Lessons30 { get; init; }
    public double CoursesStarted { get; init; }
    /// <summary>Mean furthest progress (0–1) over the courses started.</summary>
    public double LessonCompletion { get; init; } = double.NaN;
    public double Searches30 { get; init; }
    public double RecommendationClicks30 { get; init; }
    public double Orders { get; init; }
    public double Orders90 { get; init; }
    /// <summary>Orders, memberships and refunds together, in the platform currency.</summary>
    public double NetSpend { get; init; }
    /// <summary>Share of purchases paid below list price (coupon, sale, promotion).</summary>
    public double DiscountShare { get; init; } = double.NaN;
    public double Refunds { get; init; }
    public double Refunds45 { get; init; }
    public double DaysSinceRefund { get; init; } = double.NaN;
    /// <summary>One of <see cref="MembershipStates"/>.</summary>
    public string Membership { get; init; } = MembershipStates.None;
    public double MembershipDaysLeft { get; init; } = double.NaN;
    /// <summary>Days since a membership ran out unpaid (no cancellation): a renewal that failed.</summary>
    public double DaysSinceLapse { get; init; } = double.NaN;
    public double OpenTickets { get; init; }
    /// <summary>Tickets unresolved for more than two days.</summary>
    public double StaleTickets { get; init; }
    public double Tickets90 { get; init; }
    public double NegativeTickets90 { get; init; }
    public double CsatMean { get; init; } = double.NaN;
    public string? Channel { get; init; }
    public string? Device { get; init; }
}

/// <summary>A learner's membership at an instant, as the churn features name it.</summary>
public static class MembershipStates
{
    public const string None = "none";
    public const string Active = "active";
    /// <summary>Paid up but cancelled: it ends at its expiry.</summary>
    public const string Cancelling = "cancelling";
    /// <summary>Ran out after a cancellation.</summary>
    public const string Ended = "ended";
    /// <summary>Ran out unpaid without a cancellation: the renewal failed.</summary>
    public const string Lapsed = "lapsed";
}

/// <summary>A labelled snapshot row: the features at the as-of date and whether the learner churned within the horizon.</summary>
public sealed record ChurnExample(ChurnFeatures Features, bool Churned);

/// <summary>
/// The churn model's columns: each feature's name, how it is read from <see cref="ChurnFeatures"/> and how its value is
/// said to a person ("activity down 70% in 3 weeks", "2 unresolved tickets").
/// </summary>
public static class ChurnFeatureSet
{
    private sealed record Numeric(string Name, Func<ChurnFeatures, double> Read, Func<double, string> Say);

    private sealed record Category(string Name, Func<ChurnFeatures, string?> Read, Func<string?, string> Say);

    private static readonly Numeric[] Numbers =
    [
        new("tenure_days", f => f.TenureDays, v => $"joined {Count(v, "day")} ago"),
        new("days_since_active", f => f.DaysSinceActive, v => v <= 1 ? "active yesterday" : $"no activity for {Count(v, "day")}"),
        new("active_days_7", f => f.ActiveDays7, v => $"active on {Whole(v)} of the last 7 days"),
        new("active_days_30", f => f.ActiveDays30, v => $"active on {Whole(v)} of the last 30 days"),
        new("active_days_90", f => f.ActiveDays90, v => $"active on {Whole(v)} of the last 90 days"),
        new("actions_last_3w", f => f.ActionsLast3Weeks, v => $"{Count(v, "action")} in the last 3 weeks"),
        new("actions_prev_3w", f => f.ActionsPrevious3Weeks, v => $"{Count(v, "action")} in the 3 weeks before the last 3"),
        new("activity_trend", f => f.ActivityTrend, v =>
            double.IsNaN(v) ? "no activity in the 3 weeks before the last 3"
            : v < -0.005 ? $"activity down {Percent(-v)} in 3 weeks"
            : v > 0.005 ? $"activity up {Percent(v)} in 3 weeks"
            : "activity flat over 6 weeks"),
        new("lessons_30", f => f.Lessons30, v => v == 0 ? "no lessons in the last 30 days" : $"{Count(v, "lesson")} in the last 30 days"),
        new("courses_started", f => f.CoursesStarted, v => v == 0 ? "no course started" : $"{Count(v, "course")} started"),
        new("lesson_completion", f => f.LessonCompletion, v => double.IsNaN(v) ? "no course started" : $"lesson completion {Percent(v)}"),
        new("searches_30", f => f.Searches30, v => $"{Count(v, "search", "searches")} in the last 30 days"),
        new("recommendation_clicks_30", f => f.RecommendationClicks30, v => v == 0 ? "no recommendation clicked in 30 days" : $"{Count(v, "recommendation")} clicked in 30 days"),
        new("orders", f => f.Orders, v => v == 0 ? "never bought" : $"{Count(v, "order")} in all"),
        new("orders_90", f => f.Orders90, v => v == 0 ? "no order in 90 days" : $"{Count(v, "order")} in 90 days"),
        new("net_spend", f => f.NetSpend, v => $"net spend {v.ToString("N0", CultureInfo.InvariantCulture)}"),
        new("discount_share", f => f.DiscountShare, v => double.IsNaN(v) ? "never bought" : $"{Percent(v)} of purchases at a discount"),
        new("refunds", f => f.Refunds, v => v == 0 ? "never refunded" : $"{Count(v, "refund")} in all"),
        new("refunds_45", f => f.Refunds45, v => v == 0 ? "no refund in 45 days" : v == 1 ? "a refund in the last 45 days" : $"{Count(v, "refund")} in the last 45 days"),
        new("days_since_refund", f => f.DaysSinceRefund, v => double.IsNaN(v) ? "never refunded" : $"refunded {Count(v, "day")} ago"),
        new("membership_days_left", f => f.MembershipDaysLeft, v => double.IsNaN(v) ? "no paid-up membership" : $"membership ends in {Count(v, "day")}"),
        new("days_since_lapse", f => f.DaysSinceLapse, v => double.IsNaN(v) ? "no lapsed membership" : $"membership renewal failed {Count(v, "day")} ago"),
        new("open_tickets", f => f.OpenTickets, v => v == 0 ? "no unresolved ticket" : $"{Count(v, "unresolved ticket")}"),
        new("stale_tickets", f => f.StaleTickets, v => v == 0 ? "no ticket waiting over 2 days" : $"{Count(v, "ticket")} unresolved for over 2 days"),
        new("tickets_90", f => f.Tickets90, v => v == 0 ? "no ticket in 90 days" : $"{Count(v, "ticket")} in 90 days"),
        new("negative_tickets_90", f => f.NegativeTickets90, v => v == 0 ? "no upset ticket in 90 days" : $"{Count(v, "ticket")} in a negative tone in 90 days"),
        new("csat_mean", f => f.CsatMean, v => double.IsNaN(v) ? "never rated support" : $"rated support {v.ToString("0.0", CultureInfo.InvariantCulture)} of 5"),
    ];

    private static readonly Category[] Categories =
    [
        new("membership", f => f.Membership, v => v switch
        {
            MembershipStates.Active => "membership active",
            MembershipStates.Cancelling => "membership cancelled, ending at expiry",
            MembershipStates.Ended => "membership ended",
            MembershipStates.Lapsed => "membership lapsed unpaid",
            _ => "no membership",
        }),
        new("channel", f => f.Channel, v => v is null ? "unknown channel" : $"came through {v}"),
        new("device", f => f.Device, v => v is null ? "unknown device" : $"uses {v}"),
    ];

    private static readonly Dictionary<string, Func<ChurnFeatures, string>> Sayers = Numbers
        .Select(n => KeyValuePair.Create(n.Name, (Func<ChurnFeatures, string>)(f => n.Say(n.Read(f)))))
        .Concat(Categories.Select(c => KeyValuePair.Create(c.Name, (Func<ChurnFeatures, string>)(f => c.Say(c.Read(f))))))
        .ToDictionary(StringComparer.Ordinal);

    public static readonly TabularSchema Schema = new(Numbers.Select(n => n.Name).ToArray(), Categories.Select(c => c.Name).ToArray());

    public static TabularRow ToRow(ChurnFeatures features) =>
        new(Numbers.Select(n => n.Read(features)).ToArray(), Categories.Select(c => c.Read(features)).ToArray());

    /// <summary>The feature's value for this learner, said to a person.</summary>
    public static string Describe(string feature, ChurnFeatures features) =>
        Sayers.TryGetValue(feature, out var say) ? say(features) : feature;

    private static string Whole(double v) => Math.Round(v).ToString("0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => $"{Math.Round(share * 100).ToString("0", CultureInfo.InvariantCulture)}%";

    private static string Count(double v, string one, string? many = null)
    {
        var n = Math.Round(v);
        return $"{n.ToString("N0", CultureInfo.InvariantCulture)} {(n == 1 ? one : many ?? one + "s")}";
    }
}
