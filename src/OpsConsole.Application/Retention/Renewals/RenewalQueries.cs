using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Profiles;

namespace OpsConsole.Retention.Renewals;

/// <summary>
/// The expiring list and the summary figures of the renewals page. Every figure is counted in the database on the
/// memberships' ExpiresAt index (and the events' type index), so the page stays fast whatever the number of learners.
/// </summary>
public sealed class RenewalQueries(IDbContextFactory<OpsDbContext> contexts, PlatformTime time, IOptions<RenewalsOptions> options, FailedRenewals failed)
{
    public const int MaxPageSize = 500;
    public const int MaxWindowDays = 366;
    public const int RateDays = 90;
    public const int FailedDays = 30;

    /// <summary>The UTC interval an "expiring in the next <paramref name="days"/> days" list covers (see <see cref="ExpiringRequest"/>).</summary>
    public (DateTime From, DateTime To) ExpiringWindow(int days) => RenewalCalendar.ExpiringWindow(time, days);

    public async Task<ExpiringPage> ExpiringAsync(ExpiringRequest request, CancellationToken cancellationToken = default)
    {
        Check(request);
        if (request.Page < 0 || request.PageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"Page must be 0 or more and the page size 1 to {MaxPageSize}.");
        }
        var (from, to) = ExpiringWindow(request.Days);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = Expiring(db, request.Plan, from, to);
        var total = await rows.CountAsync(cancellationToken);
        var page = await Project(Order(rows, request.Sort, request.Descending).Skip(request.Page * request.PageSize).Take(request.PageSize))
            .ToListAsync(cancellationToken);
        return new ExpiringPage(page, total, from, to);
    }

    /// <summary>Every expiring membership the request matches (paging ignored), in its order, read as the caller goes.</summary>
    public async IAsyncEnumerable<ExpiringMembership> StreamExpiringAsync(ExpiringRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Check(request);
        var (from, to) = ExpiringWindow(request.Days);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var row in Project(Order(Expiring(db, request.Plan, from, to), request.Sort, request.Descending)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>
    /// Active members (paid up and not cancelled: <see cref="Membership.StatusAt"/> is Active), memberships expiring in the
    /// configured short and long windows, the renewal rate of the last 90 days and the dated failed charges of the last 30.
    /// </summary>
    public async Task<RenewalSummary> SummaryAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var now = time.UtcNow;
        var (_, shortEnd) = ExpiringWindow(o.ShortWindowDays);
        var (_, longEnd) = ExpiringWindow(o.LongWindowDays);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var active = await db.Memberships.CountAsync(m => m.ExpiresAt > now && (m.CancelledAt == null || m.CancelledAt > now), cancellationToken);
        var expiringShort = await Expiring(db, null, now, shortEnd).CountAsync(cancellationToken);
        var expiringLong = await Expiring(db, null, now, longEnd).CountAsync(cancellationToken);
        var rate = await RateAsync(db, now.AddDays(-RateDays), now, cancellationToken);
        var failedCount = await failed.CountSinceAsync(now.AddDays(-FailedDays), cancellationToken);
        return new RenewalSummary(active, o.ShortWindowDays, expiringShort, o.LongWindowDays, expiringLong, rate, failedCount, now);
    }

    /// <summary>
    /// Renewal charges decided in [<paramref name="from"/>, <paramref name="to"/>): renewed = <c>membership_renew</c> events in
    /// it; not renewed = memberships whose period ended in it without a renewal (a lapse after failed charges, or the end of a
    /// cancelled membership) more than the retry grace before <paramref name="to"/>, since a later retry may still renew those.
    /// </summary>
    private async Task<RenewalRate> RateAsync(OpsDbContext db, DateTime from, DateTime to, CancellationToken ct)
    {
        var renewed = await db.Events.CountAsync(e => e.Type == EventType.MembershipRenew && e.OccurredAt >= from && e.OccurredAt < to, ct);
        var decidedBefore = to.AddDays(-options.Value.RetryGraceDays);
        var ended = await db.Memberships.CountAsync(m => m.ExpiresAt >= from && m.ExpiresAt < decidedBefore, ct);
        return new RenewalRate(renewed, renewed + ended);
    }

    private static void Check(ExpiringRequest request)
    {
        if (request.Days is < 0 or > MaxWindowDays)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"The window is 0 to {MaxWindowDays} days.");
        }
    }

    private static IQueryable<ExpiringRow> Expiring(OpsDbContext db, MembershipPlan? plan, DateTime from, DateTime to)
    {
        var memberships = db.Memberships.AsNoTracking().Where(m => m.CancelledAt == null && m.ExpiresAt >= from && m.ExpiresAt < to);
        if (plan is { } p)
        {
            memberships = memberships.Where(m => m.Plan == p);
        }
        return from m in memberships
               join pii in db.LearnerPii on m.LearnerId equals pii.LearnerId into piis
               from pii in piis.DefaultIfEmpty()
               join profile in db.Profiles on m.LearnerId equals profile.LearnerId into profiles
               from profile in profiles.DefaultIfEmpty()
               select new ExpiringRow
               {
                   M = m,
                   Name = pii == null ? null : pii.Name,
                   NetSpend = profile == null ? null : (decimal?)profile.NetSpend,
                   Lifecycle = profile == null ? null : (LifecycleStage?)profile.Lifecycle,
               };
    }

    private static IQueryable<ExpiringRow> Order(IQueryable<ExpiringRow> rows, ExpiringSort sort, bool descending)
    {
        var ordered = sort switch
        {
            ExpiringSort.Learner => descending ? rows.OrderByDescending(r => r.M.LearnerId) : rows.OrderBy(r => r.M.LearnerId),
            ExpiringSort.Plan => descending ? rows.OrderByDescending(r => r.M.Plan) : rows.OrderBy(r => r.M.Plan),
            ExpiringSort.Renewals => descending ? rows.OrderByDescending(r => r.M.Renewals) : rows.OrderBy(r => r.M.Renewals),
            ExpiringSort.FailedRenewals => descending ? rows.OrderByDescending(r => r.M.FailedRenewals) : rows.OrderBy(r => r.M.FailedRenewals),
            // Learners without a profile yet go last either way.
            ExpiringSort.NetSpend => descending
                ? rows.OrderBy(r => r.NetSpend == null).ThenByDescending(r => r.NetSpend)
                : rows.OrderBy(r => r.NetSpend == null).ThenBy(r => r.NetSpend),
            _ => descending ? rows.OrderByDescending(r => r.M.ExpiresAt) : rows.OrderBy(r => r.M.ExpiresAt),
        };
        return ordered.ThenBy(r => r.M.ExpiresAt).ThenBy(r => r.M.Id);
    }

    private static IQueryable<ExpiringMembership> Project(IQueryable<ExpiringRow> rows) =>
        rows.Select(r => new ExpiringMembership(r.M.Id, r.M.LearnerId, r.Name, r.M.Plan, r.M.StartedAt, r.M.ExpiresAt, r.M.Renewals,
            r.M.FailedRenewals, r.NetSpend, r.Lifecycle));

    private sealed class ExpiringRow
    {
        public required Membership M { get; init; }
        public string? Name { get; init; }
        public decimal? NetSpend { get; init; }
        public LifecycleStage? Lifecycle { get; init; }
    }
}
