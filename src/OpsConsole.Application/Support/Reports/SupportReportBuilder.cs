using OpsConsole.Analytics;

namespace OpsConsole.Support.Reports;

/// <summary>
/// One pass over a report's ticket rows. Each figure is counted in the period in which it became known, so a finished
/// period never changes afterwards:
/// <list type="bullet">
/// <item>first response and resolution times in the period of the first agent reply and of the resolution;</item>
/// <item>an SLA target in the period it was decided: met when completed by its due time (counted at completion), missed at
/// its due time, whether completed later or not at all; a running target not yet due is left out;</item>
/// <item>created tickets, their intents and automation in the period of creation; ratings in the period they were given.</item>
/// </list>
/// </summary>
internal sealed class SupportReportBuilder
{
    private static readonly TicketStatus[] OpenStatuses = [TicketStatus.New, TicketStatus.Assigned, TicketStatus.Pending];

    private readonly SupportReportRequest _request;
    private readonly PlatformTime _time;
    private readonly SlaClock _sla;
    private readonly DateTime _now;
    private readonly IReadOnlyList<TicketRow> _rows;
    private readonly List<Bucket> _buckets = [];
    private readonly long[] _bucketStarts;
    private readonly DateTime _start;
    private readonly DateTime _end;

    public SupportReportBuilder(SupportReportRequest request, PlatformTime time, SlaClock sla, DateTime now, IReadOnlyList<TicketRow> rows)
    {
        (_request, _time, _sla, _now, _rows) = (request, time, sla, now, rows);
        var range = request.Range;
        for (var first = request.Bucket.StartOf(range.From); first <= range.To; first = request.Bucket.Next(first))
        {
            var from = first < range.From ? range.From : first;
            var last = request.Bucket.Next(first).AddDays(-1);
            var to = last > range.To ? range.To : last;
            _buckets.Add(new Bucket(first, from, to, time.StartOfDayUtc(from), time.StartOfDayUtc(to.AddDays(1))));
        }
        _bucketStarts = [.. _buckets.Select(b => b.StartUtc.Ticks)];
        (_start, _end) = (_buckets[0].StartUtc, _buckets[^1].EndUtc);
    }

    public SupportReport Build(IReadOnlyList<SupportAgent> agents, IReadOnlyList<OpenCount> open)
    {
        var index = CalendarIndex();
        var totalsFirst = new Durations();
        var totalsResolution = new Durations();
        var intents = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var byPriority = Enum.GetValues<TicketPriority>().ToDictionary(p => p, _ => (First: new SlaCount(), Resolution: new SlaCount()));
        var backlog = OpenStatuses.ToDictionary(s => s, _ => new int[BacklogAges.All.Count]);
        var people = new Dictionary<string, AgentCount>(StringComparer.Ordinal);
        var ratingDays = new Dictionary<DateOnly, SatisfactionIndex.Accumulator>();
        var created = 0;

        AgentCount Agent(string id) => people.TryGetValue(id, out var a) ? a : people[id] = new AgentCount();

        foreach (var t in _rows)
        {
            if (BucketOf(t.CreatedAt) is { } c)
            {
                created++;
                var b = _buckets[c];
                b.Automation.Created++;
                b.Automation.AutoReplied += t.AutoReplied ? 1 : 0;
                b.Automation.AutoResolved += t.AutoResolved ? 1 : 0;
                var intent = string.IsNullOrEmpty(t.Intent) ? SupportReport.Unclassified : t.Intent;
                if (!intents.TryGetValue(intent, out var counts))
                {
                    intents[intent] = counts = new int[_buckets.Count];
                }
                counts[c]++;
            }
            if (t.FirstRespondedAt is { } responded && BucketOf(responded) is { } r)
            {
                var calendar = Minutes(responded - t.CreatedAt);
                var business = Minutes(index.Between(t.CreatedAt, responded));
                _buckets[r].FirstResponse.Add(calendar, business);
                totalsFirst.Add(calendar, business);
                if (t.AssigneeId is { } agent)
                {
                    Agent(agent).FirstResponses.Add(calendar);
                }
            }
            if (t.ResolvedAt is { } resolved && BucketOf(resolved) is { } s)
            {
                var calendar = Minutes(resolved - t.CreatedAt);
                var business = Minutes(index.Between(t.CreatedAt, resolved));
                _buckets[s].Resolution.Add(calendar, business);
                totalsResolution.Add(calendar, business);
                if (t.AssigneeId is { } agent)
                {
                    Agent(agent).Solved++;
                }
            }

            var policy = _sla.PolicyFor(t.Priority);
            var finished = Earliest(t.ResolvedAt, t.ClosedAt);
            // A ticket resolved without a reply owes the learner none: resolving completes the first-response target too.
            if (Decide(t.FirstResponseDueAt ?? index.AddBusinessTime(t.CreatedAt, policy.FirstResponse), Earliest(t.FirstRespondedAt, finished)) is { } first)
            {
                _buckets[first.Bucket].FirstSla.Add(first.Met);
                byPriority[t.Priority].First.Add(first.Met);
            }
            if (Decide(t.ResolutionDueAt ?? index.AddBusinessTime(t.CreatedAt, policy.Resolution), finished) is { } resolution)
            {
                _buckets[resolution.Bucket].ResolutionSla.Add(resolution.Met);
                byPriority[t.Priority].Resolution.Add(resolution.Met);
            }

            if (t is { CsatRating: { } rating, CsatRatedAt: { } ratedAt })
            {
                var day = _time.DayOf(Instants.AsUtc(ratedAt));
                if (!ratingDays.TryGetValue(day, out var acc))
                {
                    ratingDays[day] = acc = new SatisfactionIndex.Accumulator();
                }
                var netSpend = (double)(t.NetSpend ?? 0);
                acc.Add(rating, netSpend);
                if (t.AssigneeId is { } agent && BucketOf(ratedAt) is not null && rating is >= 1 and <= 5)
                {
                    var a = Agent(agent);
                    a.CsatCount++;
                    a.CsatSum += rating;
                }
            }
        }

        foreach (var o in open)
        {
            if (backlog.TryGetValue(o.Status, out var ages))
            {
                for (var i = 0; i < ages.Length; i++)
                {
                    ages[i] += o.Ages[i];
                }
            }
            if (o.AssigneeId is { } holder)
            {
                Agent(holder).Open += o.Ages.Sum();
            }
        }

        var intentNames = intents
            .OrderBy(i => i.Key == SupportReport.Unclassified ? 1 : 0)
            .ThenByDescending(i => i.Value.Sum())
            .ThenBy(i => i.Key, StringComparer.Ordinal)
            .Select(i => i.Key)
            .ToList();
        var periods = _buckets.Select((b, i) => new SupportPeriod(
                b.Start, b.From, b.To, b.EndUtc <= _now,
                b.FirstResponse.Figures(), b.Resolution.Figures(),
                b.FirstSla.Figures(), b.ResolutionSla.Figures(),
                b.Automation.Figures(),
                Ratings(ratingDays, b.From, b.To).Figures(Ratings(ratingDays, b.From.AddDays(-(b.To.DayNumber - b.From.DayNumber + 1)), b.From.AddDays(-1))),
                [.. intentNames.Select(n => intents[n][i])]))
            .ToList();
        var range = _request.Range;
        var previous = range.Previous();
        var totals = new SupportTotals(
            totalsFirst.Figures(), totalsResolution.Figures(),
            Sum(periods.Select(p => p.FirstResponseSla)), Sum(periods.Select(p => p.ResolutionSla)),
            new AutomationFigures(periods.Sum(p => p.Automation.Created), periods.Sum(p => p.Automation.AutoReplied), periods.Sum(p => p.Automation.AutoResolved)),
            Ratings(ratingDays, range.From, range.To).Figures(Ratings(ratingDays, previous.From, previous.To)));
        return new SupportReport(
            _request, _now, created, intentNames, periods, totals,
            [.. byPriority.OrderByDescending(p => p.Key).Select(p => new PrioritySla(p.Key, p.Value.First.Figures(), p.Value.Resolution.Figures()))],
            new BacklogFigures(_now, [.. OpenStatuses.Select(s => new BacklogRow(s, backlog[s]))]),
            AgentRows(agents, people));
    }

    /// <summary>The period in which a target was decided and whether it was met; null while it runs or when decided outside the range.</summary>
    private (int Bucket, bool Met)? Decide(DateTime due, DateTime? completed)
    {
        due = Instants.AsUtc(due);
        if (completed is { } done && Instants.AsUtc(done) <= due)
        {
            return BucketOf(done) is { } b ? (b, true) : null;
        }
        if (due <= _now)
        {
            return BucketOf(due) is { } b ? (b, false) : null;
        }
        return null;
    }

    private static IReadOnlyList<AgentFigures> AgentRows(IReadOnlyList<SupportAgent> agents, Dictionary<string, AgentCount> people)
    {
        var known = agents.ToDictionary(a => a.Id, StringComparer.Ordinal);
        // Every active agent, and anyone else who holds or held tickets counted here (retired, or not set up as an agent).
        var ids = agents.Where(a => a.Active).Select(a => a.Id).Union(people.Keys, StringComparer.Ordinal);
        return [.. ids.Select(id =>
            {
                var a = known.GetValueOrDefault(id);
                var c = people.GetValueOrDefault(id) ?? new AgentCount();
                return new AgentFigures(id, a?.Name ?? id, a is not null, a?.Active ?? false, a?.Status, a?.Capacity ?? 0, c.Open, c.Solved,
                    c.FirstResponses.Count, Percentiles.Of(c.FirstResponses, 0.5), c.CsatCount, c.CsatCount == 0 ? null : (double)c.CsatSum / c.CsatCount);
            })
            .OrderBy(a => a.Name, StringComparer.CurrentCulture).ThenBy(a => a.AgentId, StringComparer.Ordinal)];
    }

    private BusinessTimeIndex CalendarIndex()
    {
        var from = _rows.Count == 0 ? _start : Instants.AsUtc(_rows.Min(r => r.CreatedAt));
        if (from > _start)
        {
            from = _start;
        }
        // Beyond the latest instant of interest, due times of long targets are looked up on the calendar itself.
        var to = (_now > _end ? _now : _end).AddDays(31);
        return new BusinessTimeIndex(_sla.Calendar, from, to);
    }

    /// <summary>The period holding an instant, or null outside the range.</summary>
    private int? BucketOf(DateTime instant)
    {
        var ticks = Instants.AsUtc(instant).Ticks;
        if (ticks < _start.Ticks || ticks >= _end.Ticks)
        {
            return null;
        }
        var i = Array.BinarySearch(_bucketStarts, ticks);
        return i >= 0 ? i : ~i - 1;
    }

    private static SatisfactionIndex.Accumulator Ratings(Dictionary<DateOnly, SatisfactionIndex.Accumulator> days, DateOnly from, DateOnly to)
    {
        var sum = new SatisfactionIndex.Accumulator();
        if (days.Count == 0)
        {
            return sum;
        }
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (days.TryGetValue(d, out var day))
            {
                sum.Add(day);
            }
        }
        return sum;
    }

    private static SlaFigures Sum(IEnumerable<SlaFigures> figures)
    {
        var (met, missed) = (0, 0);
        foreach (var f in figures)
        {
            (met, missed) = (met + f.Met, missed + f.Missed);
        }
        return new SlaFigures(met, missed);
    }

    private static DateTime? Earliest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static double Minutes(TimeSpan span) => span < TimeSpan.Zero ? 0 : span.TotalMinutes;

    private sealed class Bucket(DateOnly start, DateOnly from, DateOnly to, DateTime startUtc, DateTime endUtc)
    {
        public DateOnly Start => start;
        public DateOnly From => from;
        public DateOnly To => to;
        public DateTime StartUtc => startUtc;
        public DateTime EndUtc => endUtc;
        public Durations FirstResponse { get; } = new();
        public Durations Resolution { get; } = new();
        public SlaCount FirstSla { get; } = new();
        public SlaCount ResolutionSla { get; } = new();
        public AutomationCount Automation { get; } = new();
    }

    private sealed class Durations
    {
        private readonly List<double> _calendar = [];
        private readonly List<double> _business = [];

        public void Add(double calendar, double business)
        {
            _calendar.Add(calendar);
            _business.Add(business);
        }

        public DurationFigures Figures() => _calendar.Count == 0
            ? DurationFigures.Empty
            : new DurationFigures(_calendar.Count, Percentiles.Of(_calendar, 0.5), Percentiles.Of(_calendar, 0.9),
                Percentiles.Of(_business, 0.5), Percentiles.Of(_business, 0.9));
    }

    private sealed class SlaCount
    {
        private int _met;
        private int _missed;

        public void Add(bool met)
        {
            if (met)
            {
                _met++;
            }
            else
            {
                _missed++;
            }
        }

        public SlaFigures Figures() => new(_met, _missed);
    }

    private sealed class AutomationCount
    {
        public int Created;
        public int AutoReplied;
        public int AutoResolved;

        public AutomationFigures Figures() => new(Created, AutoReplied, AutoResolved);
    }

    private sealed class AgentCount
    {
        public int Open;
        public int Solved;
        public readonly List<double> FirstResponses = [];
        public int CsatCount;
        public long CsatSum;
    }
}
