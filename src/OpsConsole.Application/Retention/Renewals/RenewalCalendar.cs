using System.Linq.Expressions;
using OpsConsole.Analytics;
using OpsConsole.Commerce;

namespace OpsConsole.Retention.Renewals;

/// <summary>Plan periods, platform weeks and months, and the membership states every renewals figure agrees on.</summary>
internal static class RenewalCalendar
{
    /// <summary>
    /// A renewal charged this long after its due date was not the first attempt: the first charge failed and a retry
    /// collected. Platforms that charge in a nightly batch stay well inside it; retries come a day or more later.
    /// </summary>
    public static readonly TimeSpan OnTimeTolerance = TimeSpan.FromHours(12);

    public static DateTime AddPeriods(DateTime at, MembershipPlan plan, int periods) =>
        plan == MembershipPlan.Annual ? at.AddYears(periods) : at.AddMonths(periods);

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The UTC interval [now, start of the platform day <paramref name="days"/>+1 days from today).</summary>
    public static (DateTime From, DateTime To) ExpiringWindow(PlatformTime time, int days) =>
        (time.UtcNow, time.StartOfDayUtc(time.Today.AddDays(days + 1)));

    /// <summary>
    /// Paid up now after any failed charge: the period has not ended, or auto-renewal was cancelled while the membership
    /// was paid up (so no charge was due when it ended).
    /// </summary>
    public static Expression<Func<Membership, bool>> Settled(DateTime now) =>
        m => m.ExpiresAt > now || (m.CancelledAt != null && m.CancelledAt < m.ExpiresAt);

    /// <summary>The period ended with its renewal charge unpaid: the negation of <see cref="Settled"/>.</summary>
    public static Expression<Func<Membership, bool>> Unpaid(DateTime now) =>
        m => m.ExpiresAt <= now && (m.CancelledAt == null || m.CancelledAt >= m.ExpiresAt);

    public static RenewalOutcome Outcome(DateTime expiresAt, DateTime? cancelledAt, DateTime now, DateTime retryCutoff) =>
        expiresAt > now || (cancelledAt is { } c && c < expiresAt) ? RenewalOutcome.Recovered
        : expiresAt > retryCutoff ? RenewalOutcome.Retrying
        : RenewalOutcome.Lapsed;

    /// <summary>
    /// When the failed charge fell due, where the data tells it. An unpaid period: its end, the charge that failed. A recovered
    /// membership whose latest renewal came later than the period boundary allows (<see cref="OnTimeTolerance"/>): that renewal
    /// was the retry, so the charge fell due at the start of the current period. Otherwise the failure was at an earlier
    /// renewal, which the membership row (a count of failed attempts) does not date: null.
    /// </summary>
    public static DateTime? FailedDueAt(MembershipPlan plan, DateTime expiresAt, DateTime? cancelledAt, DateTime? lastRenewedAt, DateTime now)
    {
        var settled = expiresAt > now || (cancelledAt is { } c && c < expiresAt);
        if (!settled)
        {
            return expiresAt;
        }
        if (lastRenewedAt is { } renewed && AddPeriods(renewed, plan, 1) > expiresAt + OnTimeTolerance)
        {
            var due = AddPeriods(expiresAt, plan, -1);
            return due <= renewed ? due : renewed;
        }
        return null;
    }
}
