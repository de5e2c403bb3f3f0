namespace OpsConsole.Support;

/// <summary>
/// When the support desk works: opening hours per weekday in a time zone, less whole-day holidays. Business time is
/// real elapsed time inside those hours, so a day whose clocks spring forward inside the hours is an hour shorter and
/// one whose clocks fall back is an hour longer. All instants in and out are UTC.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly IReadOnlyList<OpeningHours>[] week = new IReadOnlyList<OpeningHours>[7];
    private readonly HashSet<DateOnly> holidays;

    public BusinessCalendar(TimeZoneInfo zone, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> hours, IEnumerable<DateOnly>? holidays = null)
    {
        Zone = zone;
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var ranges = hours.TryGetValue(day, out var list) ? list.ToArray() : [];
            for (var i = 1; i < ranges.Length; i++)
            {
                if (ranges[i].From < ranges[i - 1].To)
                {
                    throw new ArgumentException($"The hours of {day} overlap or are out of order ({ranges[i - 1]}, {ranges[i]}).", nameof(hours));
                }
            }
            week[(int)day] = ranges;
        }
        if (week.All(r => r.Count == 0))
        {
            throw new ArgumentException("A business calendar needs opening hours on at least one weekday.", nameof(hours));
        }
        this.holidays = [.. holidays ?? []];
    }

    public TimeZoneInfo Zone { get; }

    public IReadOnlyCollection<DateOnly> Holidays => holidays;

    /// <summary>The same hours Monday to Friday, closed at weekends.</summary>
    public static BusinessCalendar Weekdays(TimeZoneInfo zone, OpeningHours hours, IEnumerable<DateOnly>? holidays = null) =>
        new(zone, Enum.GetValues<DayOfWeek>()
            .Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .ToDictionary(d => d, IReadOnlyList<OpeningHours> (_) => [hours]), holidays);

    /// <summary>Every hour of every day: business time is plain elapsed time.</summary>
    public static BusinessCalendar AroundTheClock(TimeZoneInfo zone) =>
        new(zone, Enum.GetValues<DayOfWeek>().ToDictionary(d => d, IReadOnlyList<OpeningHours> (_) => [new OpeningHours(TimeSpan.Zero, TimeSpan.FromDays(1))]));

    public bool IsHoliday(DateOnly day) => holidays.Contains(day);

    /// <summary>The local hours of a date: empty on holidays and closed weekdays.</summary>
    public IReadOnlyList<OpeningHours> HoursOn(DateOnly day) => holidays.Contains(day) ? [] : week[(int)day.DayOfWeek];

    /// <summary>
    /// The open periods from <paramref name="fromUtc"/> on, in order and without overlaps, the first cut to start no
    /// earlier than <paramref name="fromUtc"/>. Endless: take what you need.
    /// </summary>
    public IEnumerable<(DateTime Start, DateTime End)> OpenPeriods(DateTime fromUtc)
    {
        fromUtc = Instants.AsUtc(fromUtc);
        // From the day before: the local date of an instant can run a day behind the period that contains it only
        // through a zone offset, and one day covers every offset.
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(fromUtc, Zone)).AddDays(-1);
        var last = fromUtc;
        var closedDays = 0;
        while (true)
        {
            var yielded = false;
            foreach (var hours in HoursOn(day))
            {
                var local = day.ToDateTime(TimeOnly.MinValue);
                var start = ToUtc(local + hours.From, earliest: true);
                var end = ToUtc(local + hours.To, earliest: false);
                // Around a fall-back hour two ranges that touch on the wall clock can overlap in real time.
                if (start < last)
                {
                    start = last;
                }
                if (end <= start)
                {
                    continue;
                }
                last = end;
                yielded = true;
                yield return (start, end);
            }
            closedDays = yielded ? 0 : closedDays + 1;
            // Each holiday can close at most a week (when it falls on the only open weekday), plus the two days looked at before the start.
            if (closedDays > 7 * (holidays.Count + 1) + 2)
            {
                throw new InvalidOperationException("The calendar has no business hours left.");
            }
            day = day.AddDays(1);
        }
    }

    /// <summary>
    /// The instant <paramref name="businessTime"/> of business time after <paramref name="startUtc"/>. Time before
    /// opening, after closing, at weekends and on holidays does not count; a target used up exactly at closing time is
    /// due at closing time, not at the next opening. Zero gives the start itself.
    /// </summary>
    public DateTime AddBusinessTime(DateTime startUtc, TimeSpan businessTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(businessTime, TimeSpan.Zero);
        startUtc = Instants.AsUtc(startUtc);
        if (businessTime == TimeSpan.Zero)
        {
            return startUtc;
        }
        var remaining = businessTime;
        foreach (var (start, end) in OpenPeriods(startUtc))
        {
            var length = end - start;
            if (remaining <= length)
            {
                return start + remaining;
            }
            remaining -= length;
        }
        throw new InvalidOperationException("unreachable: open periods never end");
    }

    /// <summary>Business time between two instants; zero when <paramref name="toUtc"/> is not after <paramref name="fromUtc"/>.</summary>
    public TimeSpan BusinessTimeBetween(DateTime fromUtc, DateTime toUtc)
    {
        fromUtc = Instants.AsUtc(fromUtc);
        toUtc = Instants.AsUtc(toUtc);
        var total = TimeSpan.Zero;
        if (toUtc <= fromUtc)
        {
            return total;
        }
        foreach (var (start, end) in OpenPeriods(fromUtc))
        {
            if (start >= toUtc)
            {
                break;
            }
            total += (end < toUtc ? end : toUtc) - start;
        }
        return total;
    }

    public bool IsOpen(DateTime utc)
    {
        utc = Instants.AsUtc(utc);
        return OpenPeriods(utc).First().Start == utc;
    }

    /// <summary>The instant itself when the desk is open then, otherwise the next opening.</summary>
    public DateTime NextOpen(DateTime utc) => OpenPeriods(utc).First().Start;

    /// <summary>
    /// A local wall-clock time as a UTC instant. A time skipped by a spring-forward jump becomes the moment the clocks
    /// jump (the first time that exists after it); a time that happens twice when clocks fall back is taken at its first
    /// occurrence when it opens a range and at its second when it closes one, so the range covers the whole repeated hour.
    /// </summary>
    private DateTime ToUtc(DateTime local, bool earliest)
    {
        while (Zone.IsInvalidTime(local))
        {
            local = new DateTime(local.Ticks - local.Ticks % TimeSpan.TicksPerMinute).AddMinutes(1);
        }
        if (Zone.IsAmbiguousTime(local))
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(local);
            var offset = earliest ? offsets.Max() : offsets.Min();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }
}
