using System.Globalization;
using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

public sealed record PathsArguments(string? Event, string? Direction, string? Steps, string? From, string? To, string? Segment, string? MaxEdges,
    string? Breakdown = null);

public sealed record PeriodRangeArguments(string? Period, string? From, string? To, string? Segment, string? Breakdown = null);

public sealed record CompassArguments(string? CohortEvent, string? From, string? To, string? Segment, string? Breakdown = null);

/// <summary>
/// Caller text to journey requests (paths, lifecycle, stickiness, compass), each problem reported against its parameter
/// as <see cref="BehaviorQueryArguments"/> does. Whether a segment exists is the query's check: only the database knows.
/// </summary>
public static class JourneyArguments
{
    public const int MinSteps = 1;
    public const int MaxSteps = 5;
    public const int MaxEdgesLimit = 500;
    /// <summary>Two years of days: the stickiness query passes one interval per day.</summary>
    public const int MaxStickinessDays = 732;

    public static Parsed<PathsRequest> Paths(PathsArguments a)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var type = default(EventType);
        if (string.IsNullOrEmpty(a.Event))
        {
            Add(errors, "event", $"event is required: one of {KnownTypes()}.");
        }
        else if (!EventTypes.TryParse(a.Event, out type))
        {
            Add(errors, "event", $"'{a.Event}' is not an event type; use one of {KnownTypes()}.");
        }
        var direction = PathDirection.After;
        switch (a.Direction)
        {
            case null or "" or "after": break;
            case "before": direction = PathDirection.Before; break;
            default: Add(errors, "direction", $"'{a.Direction}' is not a direction; use after or before."); break;
        }
        var steps = WholeNumber(errors, "steps", a.Steps, 3, MinSteps, MaxSteps);
        var maxEdges = WholeNumber(errors, "maxEdges", a.MaxEdges, 50, 1, MaxEdgesLimit);
        var segment = Segment(errors, a.Segment);
        var breakdown = Breakdown(errors, a.Breakdown);
        var (from, to) = Range(errors, a.From, a.To);
        return Result(errors, () => new PathsRequest(type, direction, steps, from, to, segment, maxEdges, breakdown));
    }

    public static Parsed<LifecycleRequest> Lifecycle(PeriodRangeArguments a)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var period = CalendarPeriod.Week;
        if (!string.IsNullOrEmpty(a.Period) && !CalendarPeriods.TryParse(a.Period, out period))
        {
            Add(errors, "period", $"'{a.Period}' is not a period; use day, week or month.");
        }
        var segment = Segment(errors, a.Segment);
        var breakdown = Breakdown(errors, a.Breakdown);
        var (from, to) = Range(errors, a.From, a.To);
        if (errors.Count == 0 && period.StartsIn(from, to).Skip(BehaviorQueryArguments.MaxCohorts).Any())
        {
            Add(errors, "to", $"The range holds more than {BehaviorQueryArguments.MaxCohorts} {period.ToWireName()}s; shorten it or use a longer period.");
        }
        return Result(errors, () => new LifecycleRequest(period, from, to, segment, breakdown));
    }

    public static Parsed<StickinessRequest> Stickiness(PeriodRangeArguments a)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var period = CalendarPeriod.Week;
        if (!string.IsNullOrEmpty(a.Period) && !(CalendarPeriods.TryParse(a.Period, out period) && period != CalendarPeriod.Day))
        {
            Add(errors, "period", $"'{a.Period}' is not a period for stickiness; use week or month.");
        }
        var segment = Segment(errors, a.Segment);
        var breakdown = Breakdown(errors, a.Breakdown);
        var (from, to) = Range(errors, a.From, a.To);
        if (errors.Count == 0 && to.DayNumber - from.DayNumber > MaxStickinessDays)
        {
            Add(errors, "to", $"The range is longer than {MaxStickinessDays} days; shorten it.");
        }
        return Result(errors, () => new StickinessRequest(period, from, to, segment, breakdown));
    }

    public static Parsed<CompassRequest> Compass(CompassArguments a)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var cohort = EventType.Signup;
        if (!string.IsNullOrEmpty(a.CohortEvent)
            && !EventTypes.TryParse(a.CohortEvent == BehaviorQueryArguments.FirstPurchase ? "purchase" : a.CohortEvent, out cohort))
        {
            Add(errors, "cohortEvent", $"'{a.CohortEvent}' is not an event type; use one of {KnownTypes()} or {BehaviorQueryArguments.FirstPurchase}.");
        }
        var segment = Segment(errors, a.Segment);
        var breakdown = Breakdown(errors, a.Breakdown);
        var (from, to) = Range(errors, a.From, a.To);
        return Result(errors, () => new CompassRequest(cohort, from, to, segment, breakdown));
    }

    private static Parsed<T> Result<T>(Dictionary<string, List<string>> errors, Func<T> build) where T : class
    {
        var byParameter = errors.ToDictionary(p => p.Key, p => p.Value.ToArray());
        return new Parsed<T>(errors.Count == 0 ? build() : null, byParameter);
    }

    private static int WholeNumber(Dictionary<string, List<string>> errors, string parameter, string? text, int fallback, int min, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        Add(errors, parameter, $"'{text}' is not a whole number from {min} to {max}.");
        return fallback;
    }

    private static int? Segment(Dictionary<string, List<string>> errors, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }
        Add(errors, "segment", $"'{text}' is not a segment id (a positive whole number).");
        return null;
    }

    private static LearnerBreakdown? Breakdown(Dictionary<string, List<string>> errors, string? text) =>
        BehaviorQueryArguments.Breakdown(text, (parameter, message) => Add(errors, parameter, message));

    private static (DateOnly From, DateOnly To) Range(Dictionary<string, List<string>> errors, string? fromText, string? toText) =>
        BehaviorQueryArguments.DateRange(fromText, toText, (parameter, message) => Add(errors, parameter, message));

    private static void Add(Dictionary<string, List<string>> errors, string parameter, string message)
    {
        if (!errors.TryGetValue(parameter, out var list))
        {
            errors[parameter] = list = [];
        }
        list.Add(message);
    }

    private static string KnownTypes() => string.Join(", ", EventTypes.Names);
}
