using System.Globalization;

namespace OpsConsole.Support;

/// <summary>One stretch of business time on a day, in local wall-clock time: from <see cref="From"/> up to <see cref="To"/> (at most 24:00).</summary>
public readonly record struct OpeningHours
{
    public OpeningHours(TimeSpan from, TimeSpan to)
    {
        if (from < TimeSpan.Zero || to > TimeSpan.FromDays(1) || from >= to)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"Opening hours must satisfy 00:00 <= from < to <= 24:00, not {Format(from)}-{Format(to)}.");
        }
        (From, To) = (from, to);
    }

    public TimeSpan From { get; }
    public TimeSpan To { get; }

    public static OpeningHours Between(int fromHour, int toHour) => new(TimeSpan.FromHours(fromHour), TimeSpan.FromHours(toHour));

    /// <summary>
    /// Reads a day's hours: <c>09:00-18:00</c>, several ranges separated by commas (<c>09:00-12:00, 13:00-18:00</c>), or
    /// an empty text or <c>closed</c> for a day without business hours. Ranges must be in order and must not overlap.
    /// </summary>
    public static bool TryParseDay(string? text, out IReadOnlyList<OpeningHours> hours, out string? error)
    {
        hours = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("closed", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var list = new List<OpeningHours>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || !TryParseTime(ends[0], out var from) || !TryParseTime(ends[1], out var to))
            {
                error = $"'{part}' is not a range such as 09:00-18:00";
                return false;
            }
            if (from >= to)
            {
                error = $"'{part}' ends before it starts (a range may not pass midnight; 24:00 ends the day)";
                return false;
            }
            if (list.Count > 0 && from < list[^1].To)
            {
                error = $"'{part}' overlaps or comes before the range before it";
                return false;
            }
            list.Add(new OpeningHours(from, to));
        }
        hours = list;
        return true;
    }

    public override string ToString() => $"{Format(From)}-{Format(To)}";

    private static bool TryParseTime(string text, out TimeSpan time)
    {
        time = default;
        if (text == "24:00")
        {
            time = TimeSpan.FromDays(1);
            return true;
        }
        if (TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            time = parsed.ToTimeSpan();
            return true;
        }
        return false;
    }

    private static string Format(TimeSpan time) => time == TimeSpan.FromDays(1)
        ? "24:00"
        : $"{(int)time.TotalHours:00}:{time.Minutes:00}";
}
