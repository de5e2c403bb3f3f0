using System.Globalization;
using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>The raw text of a retention query, as a caller typed it (query string, command line).</summary>
public sealed record RetentionArguments(
    string? CohortEvent, string? ReturnEvent, string? Period, string? Periods, string? From, string? To, string? Unbounded,
    string? Segment = null, string? Breakdown = null);

public sealed record FunnelArguments(string? Steps, string? WindowHours, string? From, string? To, string? Segment = null, string? Breakdown = null);

/// <summary>A parsed request, or the problems found, keyed by the parameter each one is about.</summary>
public sealed record Parsed<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors) where T : class
{
    public bool IsValid => Value is not null;
}

/// <summary>
/// Turns caller text into requests. Every problem is reported against the parameter that caused it, and all of them at
/// once, so a caller can fix a request in one go; the queries themselves only ever see valid requests.
/// </summary>
public static class BehaviorQueryArguments
{
    public const int MaxPeriods = 52;
    /// <summary>A year of daily cohorts; keeps the bucket list passed to the database small.</summary>
    public const int MaxCohorts = 366;
    public const int MinSteps = 2;
    public const int MaxSteps = 8;
    public const int MaxWindowHours = 366 * 24;
    public const string AnyEvent = "any";
    public static readonly DateOnly EarliestDay = new(2000, 1, 1);
    public static readonly DateOnly LatestDay = new(2100, 1, 1);
    /// <summary>A learner's first purchase is the first purchase event: an alias that reads better on a cohort chart.</summary>
    public const string FirstPurchase = "first_purchase";

    public static Parsed<RetentionRequest> Retention(RetentionArguments a)
    {
        var errors = new Errors();
        var cohort = EventType.Signup;
        if (!string.IsNullOrEmpty(a.CohortEvent) && !TryEventType(a.CohortEvent == FirstPurchase ? "purchase" : a.CohortEvent, out cohort))
        {
            errors.Add("cohortEvent", $"'{a.CohortEvent}' is not an event type; use one of {KnownTypes()} or {FirstPurchase}.");
        }
        EventType? returning = null;
        if (!string.IsNullOrEmpty(a.ReturnEvent) && a.ReturnEvent != AnyEvent)
        {
            if (TryEventType(a.ReturnEvent, out var t))
            {
                returning = t;
            }
            else
            {
                errors.Add("returnEvent", $"'{a.ReturnEvent}' is not an event type; use '{AnyEvent}' or one of {KnownTypes()}.");
            }
        }
        var period = CalendarPeriod.Week;
        if (!string.IsNullOrEmpty(a.Period) && !CalendarPeriods.TryParse(a.Period, out period))
        {
            errors.Add("period", $"'{a.Period}' is not a period; use day, week or month.");
        }
        var periods = 8;
        if (!string.IsNullOrEmpty(a.Periods) && !(int.TryParse(a.Periods, NumberStyles.None, CultureInfo.InvariantCulture, out periods) && periods is >= 1 and <= MaxPeriods))
        {
            errors.Add("periods", $"'{a.Periods}' is not a whole number from 1 to {MaxPeriods}.");
        }
        var unbounded = false;
        if (!string.IsNullOrEmpty(a.Unbounded) && !bool.TryParse(a.Unbounded, out unbounded))
        {
            errors.Add("unbounded", $"'{a.Unbounded}' is not true or false.");
        }
        var (from, to) = DateRange(a.From, a.To, errors);
        var (segment, breakdown) = Filters(a.Segment, a.Breakdown, errors);
        if (errors.None && period.StartsIn(from, to).Skip(MaxCohorts).Any())
        {
            errors.Add("to", $"The range holds more than {MaxCohorts} {period.ToWireName()} cohorts; shorten it or use a longer period.");
        }
        return errors.None
            ? new Parsed<RetentionRequest>(new RetentionRequest(cohort, returning, period, periods, from, to, unbounded, segment, breakdown), errors.ByParameter)
            : new Parsed<RetentionRequest>(null, errors.ByParameter);
    }

    public static Parsed<FunnelRequest> Funnel(FunnelArguments a)
    {
        var errors = new Errors();
        var steps = new List<EventType>();
        var names = (a.Steps ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
        {
            if (!TryEventType(name, out var type))
            {
                errors.Add("steps", $"'{name}' is not an event type; use {KnownTypes()}.");
            }
            else if (steps.Contains(type))
            {
                // A repeated type would let one event stand for two steps; distinct steps keep "in order" unambiguous.
                errors.Add("steps", $"'{name}' appears twice; each step must be a different event type.");
            }
            else
            {
                steps.Add(type);
            }
        }
        if (names.Length is < MinSteps or > MaxSteps)
        {
            errors.Add("steps", $"Give {MinSteps} to {MaxSteps} comma-separated event types, not {names.Length}.");
        }
        var window = 168;
        if (!string.IsNullOrEmpty(a.WindowHours) && !(int.TryParse(a.WindowHours, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out window) && window is >= 1 and <= MaxWindowHours))
        {
            errors.Add("windowHours", $"'{a.WindowHours}' is not a whole number of hours from 1 to {MaxWindowHours}.");
        }
        var (from, to) = DateRange(a.From, a.To, errors);
        var (segment, breakdown) = Filters(a.Segment, a.Breakdown, errors);
        return errors.None
            ? new Parsed<FunnelRequest>(new FunnelRequest(steps, window, from, to, segment, breakdown), errors.ByParameter)
            : new Parsed<FunnelRequest>(null, errors.ByParameter);
    }

    /// <summary>
    /// The segment filter and the breakdown. Only the form of the segment id is checked here: whether it exists is
    /// the caller's question to the database (see <see cref="UnknownSegment"/>).
    /// </summary>
    private static (int? Segment, LearnerBreakdown? Breakdown) Filters(string? segmentText, string? breakdownText, Errors errors)
    {
        int? segment = null;
        if (!string.IsNullOrEmpty(segmentText))
        {
            if (int.TryParse(segmentText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                segment = id;
            }
            else
            {
                errors.Add("segment", $"'{segmentText}' is not a segment id (a positive whole number).");
            }
        }
        return (segment, Breakdown(breakdownText, errors.Add));
    }

    /// <summary>The breakdown a caller named, if any; every behaviour report reads it with these words.</summary>
    internal static LearnerBreakdown? Breakdown(string? text, Action<string, string> report)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (LearnerBreakdowns.TryParse(text, out var breakdown))
        {
            return breakdown;
        }
        report("breakdown", $"'{text}' is not a breakdown; use {string.Join(", ", LearnerBreakdowns.Names)}.");
        return null;
    }

    /// <summary>The problem to report for a segment id that names no segment, keyed like the others.</summary>
    public static IReadOnlyDictionary<string, string[]> UnknownSegment(int id) =>
        new Dictionary<string, string[]> { ["segment"] = [$"No segment has the id {id}."] };

    private static (DateOnly From, DateOnly To) DateRange(string? fromText, string? toText, Errors errors) =>
        DateRange(fromText, toText, errors.Add);

    /// <summary>[from, to) in platform days, every problem reported against the parameter it concerns; from = to is an empty range.</summary>
    internal static (DateOnly From, DateOnly To) DateRange(string? fromText, string? toText, Action<string, string> report)
    {
        var from = Date("from", fromText, report);
        var to = Date("to", toText, report);
        if (from is { } f && to is { } t && f > t)
        {
            report("from", $"from ({f:yyyy-MM-dd}) is after to ({t:yyyy-MM-dd}).");
        }
        return (from ?? default, to ?? default);
    }

    private static DateOnly? Date(string parameter, string? text, Action<string, string> report)
    {
        if (string.IsNullOrEmpty(text))
        {
            report(parameter, $"{parameter} is required: a platform day as yyyy-MM-dd.");
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            report(parameter, $"'{text}' is not a date as yyyy-MM-dd.");
            return null;
        }
        if (day < EarliestDay || day > LatestDay)
        {
            // Far-off dates would overflow the calendar arithmetic; no platform data lives there anyway.
            report(parameter, $"{parameter} must be between {EarliestDay:yyyy-MM-dd} and {LatestDay:yyyy-MM-dd}.");
            return null;
        }
        return day;
    }

    private static bool TryEventType(string? name, out EventType type) => EventTypes.TryParse(name, out type);

    private static string KnownTypes() => string.Join(", ", EventTypes.Names);

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _byParameter = new(StringComparer.Ordinal);

        public bool None => _byParameter.Count == 0;

        public IReadOnlyDictionary<string, string[]> ByParameter => _byParameter.ToDictionary(p => p.Key, p => p.Value.ToArray());

        public void Add(string parameter, string message)
        {
            if (!_byParameter.TryGetValue(parameter, out var list))
            {
                _byParameter[parameter] = list = [];
            }
            list.Add(message);
        }
    }
}
