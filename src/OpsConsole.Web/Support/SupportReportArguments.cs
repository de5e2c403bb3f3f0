using System.Globalization;
using OpsConsole.Analytics;
using OpsConsole.Support;
using OpsConsole.Support.Reports;

namespace OpsConsole.Web.Support;

/// <summary>
/// The query string of a support report (<c>from</c>, <c>to</c> — platform days, both included — <c>bucket</c> day or week,
/// and the optional <c>channel</c>, <c>language</c>, <c>intent</c>, <c>priority</c>), read into a request or into every
/// problem with it, keyed by parameter; and written back from a request, so the page's export links carry its state.
/// </summary>
public static class SupportReportArguments
{
    public static readonly IReadOnlyList<CalendarPeriod> Buckets = [CalendarPeriod.Day, CalendarPeriod.Week];

    public static (SupportReportRequest? Request, Dictionary<string, string[]> Errors) Parse(
        string? from, string? to, string? bucket, string? channel, string? language, string? intent, string? priority)
    {
        var errors = new Dictionary<string, string[]>();
        var first = Day(from, "from", errors);
        var last = Day(to, "to", errors);
        if (first is { } f && last is { } l)
        {
            if (l < f)
            {
                errors["to"] = ["to must not be before from."];
            }
            else if (l.DayNumber - f.DayNumber + 1 > SupportReportQuery.MaxDays)
            {
                errors["to"] = [$"A support report covers at most {SupportReportQuery.MaxDays} days."];
            }
        }
        var period = CalendarPeriod.Day;
        if (!string.IsNullOrEmpty(bucket) && !(CalendarPeriods.TryParse(bucket, out period) && Buckets.Contains(period)))
        {
            errors["bucket"] = [$"bucket is day or week; got '{bucket}'."];
        }
        TicketPriority? level = null;
        if (!string.IsNullOrEmpty(priority))
        {
            if (Enum.TryParse<TicketPriority>(priority, ignoreCase: true, out var p) && !priority.Any(char.IsDigit))
            {
                level = p;
            }
            else
            {
                errors["priority"] = [$"priority is one of {string.Join(", ", Enum.GetNames<TicketPriority>().Select(n => n.ToLowerInvariant()))}; got '{priority}'."];
            }
        }
        Text(channel, "channel", Ticket.ChannelMaxLength, errors);
        Text(language, "language", 16, errors);
        Text(intent, "intent", Ticket.IntentMaxLength, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var filter = new SupportReportFilter(Blank(channel), Blank(language), Blank(intent), level);
        return (new SupportReportRequest(new DayRange(first!.Value, last!.Value), period, filter), errors);
    }

    /// <summary>The query string that asks for <paramref name="request"/>, starting with '?'.</summary>
    public static string QueryString(SupportReportRequest request)
    {
        var f = request.Filters;
        var parts = new List<string>
        {
            $"from={request.Range.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
            $"to={request.Range.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
            $"bucket={request.Bucket.ToWireName()}",
        };
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        Add("channel", f.Channel);
        Add("language", f.Language);
        Add("intent", f.Intent);
        Add("priority", f.Priority?.ToString().ToLowerInvariant());
        return "?" + string.Join("&", parts);
    }

    private static DateOnly? Day(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors[name] = [string.IsNullOrEmpty(text) ? $"{name} is required (a platform day, yyyy-MM-dd)." : $"{name} must be a platform day (yyyy-MM-dd); got '{text}'."];
        return null;
    }

    private static void Text(string? value, string name, int max, Dictionary<string, string[]> errors)
    {
        if (value is { Length: > 0 } && value.Length > max)
        {
            errors[name] = [$"{name} is at most {max} characters."];
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
