namespace OpsConsole.Support.Reports;

/// <summary>
/// The calendar's open periods over a span, each with the business time before it, so business time between two instants
/// and a due instant are a binary search each instead of a walk over days. Reports measure tens of thousands of tickets;
/// outside the span the answer comes from the calendar itself, so it is never wrong, only slower.
/// </summary>
internal sealed class BusinessTimeIndex
{
    private readonly BusinessCalendar _calendar;
    private readonly DateTime _from;
    private readonly DateTime _to;
    private readonly long[] _starts;
    private readonly long[] _ends;
    // Business ticks before each period, and at each period's end.
    private readonly long[] _before;
    private readonly long[] _through;

    public BusinessTimeIndex(BusinessCalendar calendar, DateTime fromUtc, DateTime toUtc)
    {
        _calendar = calendar;
        _from = Instants.AsUtc(fromUtc);
        _to = Instants.AsUtc(toUtc);
        var starts = new List<long>();
        var ends = new List<long>();
        if (_to > _from)
        {
            foreach (var (start, end) in calendar.OpenPeriods(_from))
            {
                if (start >= _to)
                {
                    break;
                }
                starts.Add(start.Ticks);
                ends.Add(end.Ticks);
            }
        }
        _starts = [.. starts];
        _ends = [.. ends];
        _before = new long[_starts.Length];
        _through = new long[_starts.Length];
        long total = 0;
        for (var i = 0; i < _starts.Length; i++)
        {
            _before[i] = total;
            total += _ends[i] - _starts[i];
            _through[i] = total;
        }
    }

    /// <summary>The same as <see cref="BusinessCalendar.BusinessTimeBetween"/>.</summary>
    public TimeSpan Between(DateTime fromUtc, DateTime toUtc)
    {
        fromUtc = Instants.AsUtc(fromUtc);
        toUtc = Instants.AsUtc(toUtc);
        if (toUtc <= fromUtc)
        {
            return TimeSpan.Zero;
        }
        if (!Covers(fromUtc) || !Covers(toUtc))
        {
            return _calendar.BusinessTimeBetween(fromUtc, toUtc);
        }
        return TimeSpan.FromTicks(Cumulative(toUtc.Ticks) - Cumulative(fromUtc.Ticks));
    }

    /// <summary>The same as <see cref="BusinessCalendar.AddBusinessTime"/>: a target used up at closing time is due at closing time.</summary>
    public DateTime AddBusinessTime(DateTime startUtc, TimeSpan businessTime)
    {
        startUtc = Instants.AsUtc(startUtc);
        if (businessTime <= TimeSpan.Zero || !Covers(startUtc))
        {
            return _calendar.AddBusinessTime(startUtc, businessTime);
        }
        var target = Cumulative(startUtc.Ticks) + businessTime.Ticks;
        // The first period whose end reaches the target: the business time runs out inside it (or at its end).
        var i = Array.BinarySearch(_through, target);
        if (i < 0)
        {
            i = ~i;
        }
        else
        {
            // Periods of zero length cannot occur, so an exact hit is unique; still, take the earliest.
            while (i > 0 && _through[i - 1] == target)
            {
                i--;
            }
        }
        if (i >= _through.Length)
        {
            return _calendar.AddBusinessTime(startUtc, businessTime);
        }
        return new DateTime(_starts[i] + (target - _before[i]), DateTimeKind.Utc);
    }

    private bool Covers(DateTime utc) => utc >= _from && utc <= _to;

    /// <summary>Business ticks from the index's start up to an instant.</summary>
    private long Cumulative(long ticks)
    {
        // The last period starting at or before the instant.
        var i = Array.BinarySearch(_starts, ticks);
        if (i < 0)
        {
            i = ~i - 1;
        }
        if (i < 0)
        {
            return 0;
        }
        return ticks < _ends[i] ? _before[i] + (ticks - _starts[i]) : _through[i];
    }
}
