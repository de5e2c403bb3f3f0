using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace OpsConsole.Support;

/// <summary>
/// Service-level targets and the desk's calendar (section <c>Support:Sla</c>). Checked as a whole on start: every
/// mistake is reported with the key to fix.
/// </summary>
public sealed class SlaOptions : IValidatableObject
{
    public const string Section = "Support:Sla";

    /// <summary>IANA id of the zone the hours and holidays are in; empty means the platform's zone (<c>Platform:TimeZone</c>).</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>
    /// Hours per weekday name, e.g. <c>"Monday": "09:00-18:00"</c> or <c>"09:00-12:00, 13:00-18:00"</c>; an empty text or
    /// <c>closed</c> closes the day. Days not listed are closed. The default is 09:00–18:00 Monday to Friday.
    /// </summary>
    public Dictionary<string, string> BusinessHours { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Monday"] = "09:00-18:00",
        ["Tuesday"] = "09:00-18:00",
        ["Wednesday"] = "09:00-18:00",
        ["Thursday"] = "09:00-18:00",
        ["Friday"] = "09:00-18:00",
    };

    /// <summary>Whole days without business hours, as <c>yyyy-MM-dd</c> in the calendar's zone.</summary>
    public List<string> Holidays { get; set; } = [];

    /// <summary>Targets per priority name (Low, Normal, High, Urgent), in business minutes.</summary>
    public Dictionary<string, SlaTargetOptions> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Urgent"] = new() { FirstResponseMinutes = 30, ResolutionMinutes = 4 * 60 },
        ["High"] = new() { FirstResponseMinutes = 60, ResolutionMinutes = 9 * 60 },
        ["Normal"] = new() { FirstResponseMinutes = 4 * 60, ResolutionMinutes = 3 * 9 * 60 },
        ["Low"] = new() { FirstResponseMinutes = 9 * 60, ResolutionMinutes = 5 * 9 * 60 },
    };

    /// <summary>A running target shows a warning once this share of it is used up.</summary>
    [Range(1, 99)]
    public int WarnAtPercent { get; set; } = 75;

    /// <summary>When set, replaces <see cref="WarnAtPercent"/>: warn when this much business time is left.</summary>
    [Range(1, 7 * 24 * 60)]
    public int? WarnBeforeMinutes { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TimeZone.Length > 0 && FindZone(TimeZone) is null)
        {
            yield return Error($"TimeZone '{TimeZone}' is not a known time zone (use an IANA id such as 'Asia/Shanghai')", nameof(TimeZone));
        }
        var open = false;
        foreach (var (day, text) in BusinessHours)
        {
            if (!Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out _) || day.Any(char.IsDigit))
            {
                yield return Error($"BusinessHours:{day} is not a weekday name (Monday … Sunday)", nameof(BusinessHours));
            }
            else if (!OpeningHours.TryParseDay(text, out var hours, out var error))
            {
                yield return Error($"BusinessHours:{day}: {error}", nameof(BusinessHours));
            }
            else
            {
                open |= hours.Count > 0;
            }
        }
        if (!open)
        {
            yield return Error("BusinessHours must open on at least one weekday", nameof(BusinessHours));
        }
        for (var i = 0; i < Holidays.Count; i++)
        {
            if (!TryParseDate(Holidays[i], out _))
            {
                yield return Error($"Holidays:{i} '{Holidays[i]}' is not a date such as 2026-10-01", nameof(Holidays));
            }
        }
        foreach (var priority in Enum.GetNames<TicketPriority>())
        {
            if (!Policies.ContainsKey(priority))
            {
                yield return Error($"Policies:{priority} is missing: every priority needs targets", nameof(Policies));
            }
        }
        foreach (var (name, targets) in Policies)
        {
            if (!Enum.TryParse<TicketPriority>(name, ignoreCase: true, out _) || name.Any(char.IsDigit))
            {
                yield return Error($"Policies:{name} is not a priority ({string.Join(", ", Enum.GetNames<TicketPriority>())})", nameof(Policies));
            }
            else if (targets is null || targets.FirstResponseMinutes is < 1 or > SlaTargetOptions.MaxMinutes
                     || targets.ResolutionMinutes is < 1 or > SlaTargetOptions.MaxMinutes)
            {
                yield return Error($"Policies:{name} targets must be from 1 to {SlaTargetOptions.MaxMinutes} minutes", nameof(Policies));
            }
            else if (targets.FirstResponseMinutes > targets.ResolutionMinutes)
            {
                yield return Error($"Policies:{name}:FirstResponseMinutes must not exceed ResolutionMinutes", nameof(Policies));
            }
        }
    }

    /// <summary>The clock these options describe; call after validation. <paramref name="platformZone"/> is used when <see cref="TimeZone"/> is empty.</summary>
    public SlaClock CreateClock(TimeZoneInfo platformZone)
    {
        var zone = TimeZone.Length > 0
            ? FindZone(TimeZone) ?? throw new InvalidOperationException($"{Section}:TimeZone '{TimeZone}' is not a known time zone.")
            : platformZone;
        var week = new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>();
        foreach (var (day, text) in BusinessHours)
        {
            if (!Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var weekday) || !OpeningHours.TryParseDay(text, out var hours, out var error))
            {
                throw new InvalidOperationException($"{Section}:BusinessHours:{day} is not valid.");
            }
            week[weekday] = hours;
        }
        var holidays = Holidays.Select(h => TryParseDate(h, out var date)
            ? date
            : throw new InvalidOperationException($"{Section}:Holidays '{h}' is not a date."));
        var policies = Policies.Select(p => new SlaPolicy(
            Enum.Parse<TicketPriority>(p.Key, ignoreCase: true),
            TimeSpan.FromMinutes(p.Value.FirstResponseMinutes),
            TimeSpan.FromMinutes(p.Value.ResolutionMinutes)));
        var warning = WarnBeforeMinutes is { } minutes
            ? SlaWarningLead.Before(TimeSpan.FromMinutes(minutes))
            : SlaWarningLead.AtFraction(WarnAtPercent / 100.0);
        return new SlaClock(new BusinessCalendar(zone, week, holidays), policies, warning);
    }

    private static ValidationResult Error(string message, string member) => new($"{Section}:{message}.", [member]);

    private static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static TimeZoneInfo? FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}

public sealed class SlaTargetOptions
{
    /// <summary>A year of round-the-clock minutes: far beyond any real target, and a bound that keeps due-time sums finite.</summary>
    public const int MaxMinutes = 365 * 24 * 60;

    public int FirstResponseMinutes { get; set; }

    public int ResolutionMinutes { get; set; }
}
