namespace OpsConsole.Analytics;

public static class CalendarPeriods
{
    public static bool TryParse(string? text, out CalendarPeriod period)
    {
        switch (text)
        {
            case "day": period = CalendarPeriod.Day; return true;
            case "week": period = CalendarPeriod.Week; return true;
            case "month": period = CalendarPeriod.Month; return true;
            default: period = default; return false;
        }
    }

    public static string ToWireName(this CalendarPeriod period) => period.ToString().ToLowerInvariant();

    /// <summary>The first day of the period that holds <paramref name="day"/>.</summary>
    public static DateOnly StartOf(this CalendarPeriod period, DateOnly day) => period switch
    {
        CalendarPeriod.Day => day,
        CalendarPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        CalendarPeriod.Month => new DateOnly(day.Year, day.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };

    public static DateOnly Next(this CalendarPeriod period, DateOnly start) => period switch
    {
        CalendarPeriod.Day => start.AddDays(1),
        CalendarPeriod.Week => start.AddDays(7),
        CalendarPeriod.Month => start.AddMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };

    /// <summary>The first period start on or after <paramref name="day"/>: a range's first whole period.</summary>
    public static DateOnly FirstStartOnOrAfter(this CalendarPeriod period, DateOnly day)
    {
        var start = period.StartOf(day);
        return start == day ? start : period.Next(start);
    }

    /// <summary>The starts of the periods that begin in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static IEnumerable<DateOnly> StartsIn(this CalendarPeriod period, DateOnly from, DateOnly to)
    {
        for (var d = period.FirstStartOnOrAfter(from); d < to; d = period.Next(d))
        {
            yield return d;
        }
    }
}
