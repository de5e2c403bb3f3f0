using OpsConsole.Commerce;
using OpsConsole.Profiles;

namespace OpsConsole.Retention.Renewals;

/// <summary>How the expiring list is ordered.</summary>
public enum ExpiringSort
{
    ExpiresAt,
    Learner,
    Plan,
    Renewals,
    FailedRenewals,
    NetSpend,
}

/// <summary>
/// Memberships whose current period ends within the next <paramref name="Days"/> platform days (today counts as day 0, so
/// 7 reaches the end of the same weekday next week), not cancelled, optionally of one plan.
/// </summary>
public sealed record ExpiringRequest(
    int Days,
    MembershipPlan? Plan = null,
    ExpiringSort Sort = ExpiringSort.ExpiresAt,
    bool Descending = false,
    int Page = 0,
    int PageSize = 25);

/// <summary>
/// One expiring membership. <see cref="Name"/> is the learner's real name: the page or export masks it for roles that may
/// not see personal data. <see cref="NetSpend"/> and <see cref="Lifecycle"/> come from the learner's profile, null before
/// the first profile build.
/// </summary>
public sealed record ExpiringMembership(
    long MembershipId,
    string LearnerId,
    string? Name,
    MembershipPlan Plan,
    DateTime StartedAt,
    DateTime ExpiresAt,
    int Renewals,
    int FailedRenewals,
    decimal? NetSpend,
    LifecycleStage? Lifecycle);

/// <summary>A page of the expiring list, the total it is a page of, and the UTC interval [From, To) it covers.</summary>
public sealed record ExpiringPage(IReadOnlyList<ExpiringMembership> Rows, int Total, DateTime From, DateTime To);

/// <summary>Renewed out of due; the rate is null when nothing was due.</summary>
public sealed record RenewalRate(int Renewed, int Due)
{
    public double? Rate => Due == 0 ? null : (double)Renewed / Due;
}

/// <summary>
/// The k-th renewal of one cohort and plan. <see cref="RenewalRate.Due"/>: memberships that had renewed k−1 times and whose
/// k-th renewal fell due (started at least k plan periods, plus the retry grace, before now). <see cref="RenewalRate.Renewed"/>:
/// those of them that renewed at least k times.
/// </summary>
public sealed record RenewalStep(int Ordinal, int Renewed, int Due)
{
    public double? Rate => Due == 0 ? null : (double)Renewed / Due;
}

/// <summary>
/// The memberships of one plan that started in one platform month. <see cref="FirstRenewal"/> is the headline: of those whose
/// first renewal fell due, the share that renewed at least once. Later steps follow the same members through later renewals.
/// </summary>
public sealed record RenewalCohort(DateOnly Month, MembershipPlan Plan, int Memberships, IReadOnlyList<RenewalStep> Steps)
{
    public RenewalStep FirstRenewal => Steps[0];
}

/// <summary>Every start month of the range for each plan (empty cells included, so charts line up), oldest first.</summary>
public sealed record RenewalCohortReport(IReadOnlyList<DateOnly> Months, IReadOnlyList<RenewalCohort> Cohorts, DateTime AsOf)
{
    public bool HasData => Cohorts.Any(c => c.Memberships > 0);

    public RenewalCohort? Find(DateOnly month, MembershipPlan plan) => Cohorts.FirstOrDefault(c => c.Month == month && c.Plan == plan);
}

/// <summary>What became of a membership whose renewal charge failed at least once.</summary>
public enum RenewalOutcome
{
    /// <summary>Paid up again after the failed charge (or paid up when its auto-renewal was cancelled).</summary>
    Recovered,
    /// <summary>The period ended unpaid less than the retry grace ago: the platform may still collect.</summary>
    Retrying,
    /// <summary>The period ended unpaid longer than the retry grace ago: the membership lapsed.</summary>
    Lapsed,
}

public sealed record FailedRenewalRequest(MembershipPlan? Plan = null, RenewalOutcome? Outcome = null, int Page = 0, int PageSize = 25);

/// <summary>
/// One membership with failed renewal charges. <see cref="LastChargeAt"/> orders the list: the due date of the unpaid charge
/// for a retrying or lapsed membership, the latest renewal for a recovered one. <see cref="FailedDueAt"/> is when the failed
/// charge fell due where the data tells it (see <see cref="FailedRenewals"/>), else null.
/// </summary>
public sealed record FailedRenewal(
    long MembershipId,
    string LearnerId,
    string? Name,
    MembershipPlan Plan,
    DateTime StartedAt,
    DateTime ExpiresAt,
    int Renewals,
    int FailedAttempts,
    DateTime? CancelledAt,
    DateTime? LastRenewedAt,
    RenewalOutcome Outcome,
    DateTime LastChargeAt,
    DateTime? FailedDueAt);

public sealed record FailedRenewalPage(IReadOnlyList<FailedRenewal> Rows, int Total);

/// <summary>Failed renewal charges that fell due in one platform week (Monday first), by what became of them.</summary>
public sealed record FailedRenewalWeek(DateOnly Week, int Recovered, int Retrying, int Lapsed)
{
    public int Total => Recovered + Retrying + Lapsed;
}

/// <summary>The cards at the top of the renewals page.</summary>
public sealed record RenewalSummary(
    int ActiveMembers,
    int ShortWindowDays,
    int ExpiringShort,
    int LongWindowDays,
    int ExpiringLong,
    RenewalRate Last90Days,
    int FailedLast30Days,
    DateTime AsOf);

/// <summary>A learner left out of a reminder because one was sent to them within the cooldown.</summary>
public sealed record SkippedReminder(string LearnerId, DateTime LastRemindedAt);

/// <summary>
/// What a reminder call did: learners reminded now, learners skipped for the cooldown, and ids that are not learners of
/// the platform (nothing is recorded for them).
/// </summary>
public sealed record ReminderResult(IReadOnlyList<string> Sent, IReadOnlyList<SkippedReminder> Skipped, IReadOnlyList<string> Unknown);
