using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>
/// The overview's figures. Additive figures (revenue, sign-ups, daily actives) come from the stored rollups, with
/// today recomputed from events so it moves as events arrive. Distinct learners over several days cannot be summed
/// from daily rows, so those are counted on the events, between UTC bounds computed in the platform zone.
/// </summary>
public sealed class OverviewService(IDbContextFactory<OpsDbContext> contexts, RollupService rollups, PlatformTime time)
{
    public DayRange DefaultRange(int days = 30) => DayRange.Ending(time.Today, days);

    public DateOnly Today => time.Today;

    private static readonly EventType[] LearnerActivity = Enum.GetValues<EventType>().Where(t => t.IsLearnerActivity()).ToArray();

    /// <summary>
    /// Today's events and active learners, as today's rollup row counts them, counted in the database: every open
    /// overview asks again as batches arrive, and streaming the whole day's events through the rollup to keep two of
    /// its figures cost a busy platform's instance more than any other single thing it did.
    /// </summary>
    public async Task<LiveCounters> GetLiveAsync(CancellationToken cancellationToken = default)
    {
        var today = time.Today;
        var (start, end) = time.ToUtc(new DayRange(today, today));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var day = db.Events.AsNoTracking().Where(e => e.OccurredAt >= start && e.OccurredAt < end);
        var events = await day.CountAsync(cancellationToken);
        var active = events == 0 ? 0 : await day.Where(e => LearnerActivity.Contains(e.Type)).Select(e => e.LearnerId).Distinct().CountAsync(cancellationToken);
        return new LiveCounters(today, events, active, time.UtcNow);
    }

    public async Task<OverviewReport> GetAsync(DayRange requested, CancellationToken cancellationToken = default)
    {
        var today = time.Today;
        // Days after today have no data yet; clamping keeps the previous period adjacent to real data.
        var range = requested.To <= today ? requested
            : new DayRange(requested.From <= today ? requested.From : today, today);
        var previous = range.Previous();

        var liveToday = (await rollups.ComputeAsync(new DayRange(today, today), cancellationToken))[0];
        var days = await ReadRollupsAsync(new DayRange(previous.From, range.To), cancellationToken);
        var computedAt = days.Count == 0 ? (DateTime?)null : days.Values.Max(r => r.ComputedAt);
        days[today] = liveToday;

        DailyRollup Day(DateOnly d) => days.GetValueOrDefault(d) ?? new DailyRollup { Day = d };
        decimal Sum(DayRange r, Func<DailyRollup, decimal> f) => r.Days().Sum(d => f(Day(d)));

        var counts = new LearnerCounter(contexts, time);
        var dau = await KpiAsync(counts, new DayRange(range.To, range.To), cancellationToken);
        var wau = await KpiAsync(counts, DayRange.Ending(range.To, 7), cancellationToken);
        var mau = await KpiAsync(counts, DayRange.Ending(range.To, 30), cancellationToken);
        var conversion = new KpiValue(
            KpiMath.Ratio(await counts.PayingAsync(range, cancellationToken), await counts.ActiveAsync(range, cancellationToken)),
            KpiMath.Ratio(await counts.PayingAsync(previous, cancellationToken), await counts.ActiveAsync(previous, cancellationToken)));

        var kpis = new OverviewKpis(
            dau, wau, mau,
            new KpiValue(Sum(range, r => r.Revenue), Sum(previous, r => r.Revenue)),
            new KpiValue(Sum(range, r => r.NewLearners), Sum(previous, r => r.NewLearners)),
            conversion);
        var daily = range.Days()
            .Select(d => Day(d))
            .Select(r => new DailyPoint(r.Day, r.ActiveLearners, r.Revenue, r.Events, r.NewLearners, r.Day == today))
            .ToList();
        var live = new LiveCounters(today, liveToday.Events, liveToday.ActiveLearners, liveToday.ComputedAt);
        return new OverviewReport(range, previous, kpis, daily, live, computedAt);
    }

    private static async Task<KpiValue> KpiAsync(LearnerCounter counts, DayRange window, CancellationToken cancellationToken) =>
        new(await counts.ActiveAsync(window, cancellationToken), await counts.ActiveAsync(window.Previous(), cancellationToken));

    private async Task<Dictionary<DateOnly, DailyRollup>> ReadRollupsAsync(DayRange range, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DailyRollups.AsNoTracking()
            .Where(r => r.Day >= range.From && r.Day <= range.To)
            .ToDictionaryAsync(r => r.Day, cancellationToken);
    }

    /// <summary>Distinct learners per window, remembered so that overlapping KPIs (e.g. a 30-day range and MAU) query once.</summary>
    private sealed class LearnerCounter(IDbContextFactory<OpsDbContext> contexts, PlatformTime time)
    {
        private readonly Dictionary<(DayRange, bool), int> known = [];

        public Task<int> ActiveAsync(DayRange range, CancellationToken ct) => CountAsync(range, payingOnly: false, ct);

        public Task<int> PayingAsync(DayRange range, CancellationToken ct) => CountAsync(range, payingOnly: true, ct);

        private async Task<int> CountAsync(DayRange range, bool payingOnly, CancellationToken ct)
        {
            if (known.TryGetValue((range, payingOnly), out var count))
            {
                return count;
            }
            var (start, end) = time.ToUtc(range);
            await using var db = await contexts.CreateDbContextAsync(ct);
            var events = db.Events.AsNoTracking().Where(e => e.OccurredAt >= start && e.OccurredAt < end);
            // Active means the learner did something: a churn alert raised about them, a list shown to them or an
            // experiment exposure is the platform's doing, as in the daily rollup's active learners.
            events = payingOnly ? events.Where(e => e.Type == EventType.Purchase) : events.Where(e => LearnerActivity.Contains(e.Type));
            count = await events.Select(e => e.LearnerId).Distinct().CountAsync(ct);
            known[(range, payingOnly)] = count;
            return count;
        }
    }
}
