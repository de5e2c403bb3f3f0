using Microsoft.Extensions.Configuration;

namespace OpsConsole.Analytics;

/// <summary>
/// The platform's calendar. Everything is stored in UTC; a "day" on every report is a day in this zone,
/// so a purchase at 23:30 in Shanghai counts on that Shanghai day even though it is 15:30 UTC.
/// </summary>
public sealed class PlatformTime(TimeZoneInfo zone, TimeProvider clock)
{
    public const string Section = "Platform";
    public const string TimeZoneKey = "Platform:TimeZone";
    public const string DefaultTimeZone = "UTC";

    public TimeZoneInfo Zone => zone;

    public DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public DateOnly Today => DayOf(UtcNow);

    public DateOnly DayOf(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>
    /// The UTC instant the day starts. Where a daylight-saving jump skips local midnight, the day starts at the
    /// first local time that exists, so consecutive days still tile the time line without gaps or overlaps.
    /// </summary>
    public DateTime StartOfDayUtc(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>The half-open UTC interval [start of <paramref name="range"/>.From, start of the day after To).</summary>
    public (DateTime Start, DateTime End) ToUtc(DayRange range) =>
        (StartOfDayUtc(range.From), StartOfDayUtc(range.To.AddDays(1)));

    /// <summary>Reads <c>Platform:TimeZone</c>; an unknown id stops start-up with a message naming the key and an example.</summary>
    public static TimeZoneInfo ReadZone(IConfiguration configuration)
    {
        var id = configuration[TimeZoneKey];
        if (string.IsNullOrWhiteSpace(id))
        {
            id = DefaultTimeZone;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new PlatformConfigurationException(
                $"{TimeZoneKey} '{id}' is not a known time zone. Use an IANA id such as 'Asia/Shanghai', 'Europe/Berlin' or 'UTC'.");
        }
    }
}

public sealed class PlatformConfigurationException(string message) : Exception(message);
