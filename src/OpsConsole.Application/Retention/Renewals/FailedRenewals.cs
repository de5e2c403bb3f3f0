using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Retention.Renewals;

/// <summary>
/// Memberships whose renewal charge failed at least once (<see cref="Membership.FailedRenewals"/> &gt; 0) and what became of
/// them. The membership row keeps a count of failed attempts, not their dates, so a failed charge is dated only where the
/// data tells it (<see cref="RenewalCalendar.FailedDueAt"/>): the end of a period left unpaid, or the start of the current
/// period when its renewal came late (a retry collected). A failure recovered at an earlier renewal stays on the list
/// but is not counted on the weekly chart or in the last-30-days figure.
/// </summary>
public sealed class FailedRenewals(IDbContextFactory<OpsDbContext> contexts, PlatformTime time, IOptions<RenewalsOptions> options)
{
    public const int MaxPageSize = 500;

    /// <summary>One page, most recent charge first: the unpaid due date, or the latest renewal of a recovered membership.</summary>
    public async Task<FailedRenewalPage> PageAsync(FailedRenewalRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Page < 0 || request.PageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"Page must be 0 or more and the page size 1 to {MaxPageSize}.");
        }
        var now = time.UtcNow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var memberships = Filtered(db, request, now);
        var total = await memberships.CountAsync(cancellationToken);
        var rows = await Ordered(db, memberships, request.Outcome, now).Skip(request.Page * request.PageSize).Take(request.PageSize).ToListAsync(cancellationToken);
        return new FailedRenewalPage([.. rows.Select(r => Row(r, now))], total);
    }

    /// <summary>Every membership the request matches, in page order, read as the caller goes (for exports).</summary>
    public async IAsyncEnumerable<FailedRenewal> StreamAsync(FailedRenewalRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var now = time.UtcNow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var row in Ordered(db, Filtered(db, request, now), request.Outcome, now).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Row(row, now);
        }
    }

    private IQueryable<Membership> Filtered(OpsDbContext db, FailedRenewalRequest request, DateTime now)
    {
        var cutoff = RetryCutoff(now);
        var memberships = db.Memberships.AsNoTracking().Where(m => m.FailedRenewals > 0);
        if (request.Plan is { } plan)
        {
            memberships = memberships.Where(m => m.Plan == plan);
        }
        return request.Outcome switch
        {
            RenewalOutcome.Recovered => memberships.Where(RenewalCalendar.Settled(now)),
            RenewalOutcome.Retrying => memberships.Where(RenewalCalendar.Unpaid(now)).Where(m => m.ExpiresAt > cutoff),
            RenewalOutcome.Lapsed => memberships.Where(RenewalCalendar.Unpaid(now)).Where(m => m.ExpiresAt <= cutoff),
            _ => memberships,
        };
    }

    private static IQueryable<WithRenewal> Ordered(OpsDbContext db, IQueryable<Membership> memberships, RenewalOutcome? outcome, DateTime now)
    {
        var rows = WithLastRenewal(db, memberships);
        // An unpaid membership's last charge is its period end: sorting on the column spares a renewal lookup per row.
        var ordered = outcome is RenewalOutcome.Retrying or RenewalOutcome.Lapsed
            ? rows.OrderByDescending(x => x.M.ExpiresAt)
            : rows.OrderByDescending(x => x.M.ExpiresAt > now || (x.M.CancelledAt != null && x.M.CancelledAt < x.M.ExpiresAt) ? x.LastRenewedAt ?? x.M.StartedAt : x.M.ExpiresAt);
        return ordered.ThenByDescending(x => x.M.Id);
    }

    /// <summary>Dated failed charges per platform week (Monday first), the current week last; <paramref name="weeks"/> weeks in all.</summary>
    public async Task<IReadOnlyList<FailedRenewalWeek>> WeeklyAsync(int weeks = 12, CancellationToken cancellationToken = default)
    {
        if (weeks is < 1 or > 104)
        {
            throw new ArgumentOutOfRangeException(nameof(weeks), "Between 1 and 104 weeks.");
        }
        var first = RenewalCalendar.WeekOf(time.Today).AddDays(-7 * (weeks - 1));
        var counts = new Dictionary<DateOnly, int[]>();
        foreach (var (due, outcome) in await DatedSinceAsync(time.StartOfDayUtc(first), cancellationToken))
        {
            var week = RenewalCalendar.WeekOf(time.DayOf(due));
            if (!counts.TryGetValue(week, out var row))
            {
                counts[week] = row = new int[3];
            }
            row[(int)outcome]++;
        }
        return [.. Enumerable.Range(0, weeks).Select(i => first.AddDays(7 * i)).Select(w =>
            counts.TryGetValue(w, out var c) ? new FailedRenewalWeek(w, c[0], c[1], c[2]) : new FailedRenewalWeek(w, 0, 0, 0))];
    }

    /// <summary>Dated failed charges that fell due from <paramref name="from"/> up to now.</summary>
    public async Task<int> CountSinceAsync(DateTime from, CancellationToken cancellationToken = default) =>
        (await DatedSinceAsync(from, cancellationToken)).Count;

    /// <summary>
    /// Reads only memberships that can have a failure dated in the range (an unpaid period ending in it, or a renewal in it),
    /// and dates them here, where plan periods are computed the same way on every database.
    /// </summary>
    private async Task<List<(DateTime Due, RenewalOutcome Outcome)>> DatedSinceAsync(DateTime from, CancellationToken ct)
    {
        var now = time.UtcNow;
        var cutoff = RetryCutoff(now);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var candidates = await WithLastRenewal(db, db.Memberships.AsNoTracking().Where(m => m.FailedRenewals > 0))
            .Where(x => (x.M.ExpiresAt >= from && x.M.ExpiresAt <= now) || x.LastRenewedAt >= from)
            .Select(x => new { x.M.Plan, x.M.ExpiresAt, x.M.CancelledAt, x.LastRenewedAt })
            .ToListAsync(ct);
        var dated = new List<(DateTime, RenewalOutcome)>();
        foreach (var c in candidates)
        {
            if (RenewalCalendar.FailedDueAt(c.Plan, c.ExpiresAt, c.CancelledAt, c.LastRenewedAt, now) is { } due && due >= from && due <= now)
            {
                dated.Add((due, RenewalCalendar.Outcome(c.ExpiresAt, c.CancelledAt, now, cutoff)));
            }
        }
        return dated;
    }

    /// <summary>
    /// Each membership with the time of its latest renewal: the learner's latest <c>membership_renew</c> event inside the
    /// membership (renewals fall due at period ends, always before the current end). One seek on the (type, learner, time) index.
    /// </summary>
    private static IQueryable<WithRenewal> WithLastRenewal(OpsDbContext db, IQueryable<Membership> memberships) =>
        memberships.Select(m => new WithRenewal
        {
            M = m,
            LastRenewedAt = db.Events
                .Where(e => e.Type == EventType.MembershipRenew && e.LearnerId == m.LearnerId && e.OccurredAt >= m.StartedAt && e.OccurredAt < m.ExpiresAt)
                .Max(e => (DateTime?)e.OccurredAt),
            Name = db.LearnerPii.Where(p => p.LearnerId == m.LearnerId).Select(p => p.Name).FirstOrDefault(),
        });

    private DateTime RetryCutoff(DateTime now) => now.AddDays(-options.Value.RetryGraceDays);

    private FailedRenewal Row(WithRenewal r, DateTime now)
    {
        var m = r.M;
        var outcome = RenewalCalendar.Outcome(m.ExpiresAt, m.CancelledAt, now, RetryCutoff(now));
        var lastCharge = outcome == RenewalOutcome.Recovered ? r.LastRenewedAt ?? m.StartedAt : m.ExpiresAt;
        return new FailedRenewal(m.Id, m.LearnerId, r.Name, m.Plan, m.StartedAt, m.ExpiresAt, m.Renewals, m.FailedRenewals, m.CancelledAt,
            r.LastRenewedAt, outcome, lastCharge, RenewalCalendar.FailedDueAt(m.Plan, m.ExpiresAt, m.CancelledAt, r.LastRenewedAt, now));
    }

    private sealed class WithRenewal
    {
        public required Membership M { get; init; }
        public DateTime? LastRenewedAt { get; init; }
        public string? Name { get; init; }
    }
}
