using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>The columns of an event a rollup needs; reading only these keeps the stream narrow.</summary>
public readonly record struct EventFact(string LearnerId, EventType Type, DateTime OccurredAt, decimal? Amount);

/// <summary>
/// Buckets events and sign-ups into platform days. Per-day learner sets are the only large state, so days are
/// sealed (their sets dropped) as soon as a time-ordered stream has moved past them: memory stays at one open day.
/// </summary>
public sealed class RollupAccumulator(PlatformTime time)
{
    private readonly Dictionary<DateOnly, OpenDay> open = [];
    private readonly Dictionary<DateOnly, DailyRollup> sealedDays = [];
    private readonly Dictionary<DateOnly, int> signups = [];

    public void AddSignup(DateTime signupAtUtc)
    {
        var day = time.DayOf(signupAtUtc);
        signups[day] = signups.GetValueOrDefault(day) + 1;
    }

    /// <summary>Adds one event. Events of an already sealed day are a caller bug (the stream was not ordered).</summary>
    public void Add(in EventFact e)
    {
        var day = time.DayOf(e.OccurredAt);
        if (sealedDays.ContainsKey(day))
        {
            throw new InvalidOperationException($"Day {day:yyyy-MM-dd} was already sealed; events must arrive in time order.");
        }
        if (!open.TryGetValue(day, out var acc))
        {
            // A new day in a time-ordered stream means every earlier day is complete.
            SealBefore(day);
            acc = new OpenDay();
            open[day] = acc;
        }
        acc.Events++;
        if (e.Type.IsLearnerActivity())
        {
            acc.Active.Add(e.LearnerId);
        }
        switch (e.Type)
        {
            case EventType.Purchase:
                acc.Orders++;
                acc.Revenue += e.Amount ?? 0m;
                acc.Paying.Add(e.LearnerId);
                break;
            case EventType.Refund:
                acc.Revenue -= e.Amount ?? 0m;
                break;
        }
    }

    /// <summary>One row per day of <paramref name="range"/>, zeros where nothing happened.</summary>
    public IReadOnlyList<DailyRollup> Complete(DayRange range, DateTime computedAtUtc)
    {
        SealBefore(DateOnly.MaxValue);
        var rows = new List<DailyRollup>(range.Length);
        foreach (var day in range.Days())
        {
            var row = sealedDays.GetValueOrDefault(day) ?? new DailyRollup { Day = day };
            row.NewLearners = signups.GetValueOrDefault(day);
            row.ComputedAt = computedAtUtc;
            rows.Add(row);
        }
        return rows;
    }

    private void SealBefore(DateOnly day)
    {
        foreach (var (d, acc) in open.Where(p => p.Key < day).ToList())
        {
            sealedDays[d] = new DailyRollup
            {
                Day = d,
                ActiveLearners = acc.Active.Count,
                PayingLearners = acc.Paying.Count,
                Orders = acc.Orders,
                Revenue = acc.Revenue,
                Events = acc.Events,
            };
            open.Remove(d);
        }
    }

    private sealed class OpenDay
    {
        public readonly HashSet<string> Active = new(StringComparer.Ordinal);
        public readonly HashSet<string> Paying = new(StringComparer.Ordinal);
        public int Orders;
        public decimal Revenue;
        public int Events;
    }
}
