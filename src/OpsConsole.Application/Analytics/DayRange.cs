namespace OpsConsole.Analytics;

/// <summary>An inclusive range of platform days.</summary>
public readonly record struct DayRange
{
    public DayRange(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException($"The range must not end ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        }
        From = from;
        To = to;
    }

    public DateOnly From { get; }
    public DateOnly To { get; }

    public int Length => To.DayNumber - From.DayNumber + 1;

    /// <summary>The range of equal length that ends the day before this one starts.</summary>
    public DayRange Previous() => new(From.AddDays(-Length), From.AddDays(-1));

    /// <summary>The last <paramref name="days"/> days up to and including <paramref name="to"/>.</summary>
    public static DayRange Ending(DateOnly to, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        return new DayRange(to.AddDays(1 - days), to);
    }

    public bool Contains(DateOnly day) => day >= From && day <= To;

    public IEnumerable<DateOnly> Days()
    {
        for (var d = From; d <= To; d = d.AddDays(1))
        {
            yield return d;
        }
    }

    public override string ToString() => $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}";
}
