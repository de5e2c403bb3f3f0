using OpsConsole.Support;

namespace OpsConsole.Tests.Support.Sla;

internal static class SlaFixtures
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    public static readonly TimeZoneInfo Santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");

    /// <summary>A wall-clock time in a zone as the UTC instant the code under test takes (the time must exist and be unambiguous).</summary>
    public static DateTime At(TimeZoneInfo zone, int year, int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), zone);

    public static DateTime Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>09:00–18:00 Monday to Friday.</summary>
    public static BusinessCalendar NineToSix(TimeZoneInfo zone, params DateOnly[] holidays) =>
        BusinessCalendar.Weekdays(zone, OpeningHours.Between(9, 18), holidays);

    /// <summary>The same hours every day of the week, from a day's text such as "01:00-05:00".</summary>
    public static BusinessCalendar EveryDay(TimeZoneInfo zone, string hours)
    {
        Assert.True(OpeningHours.TryParseDay(hours, out var parsed, out var error), error);
        return new BusinessCalendar(zone, Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => parsed));
    }
}
