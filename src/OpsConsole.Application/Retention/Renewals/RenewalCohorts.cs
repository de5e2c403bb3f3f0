using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Commerce;
using OpsConsole.Data;

namespace OpsConsole.Retention.Renewals;

/// <summary>
/// Renewal rate by start cohort and tier. A cohort is the platform month a membership started in; the tier is its plan.
/// For each cohort and plan, for k = 1 to <see cref="Ordinals"/>:
/// <list type="bullet">
/// <item><description><b>due</b>: memberships that had renewed at least k−1 times and whose k-th renewal has fallen due and been
/// decided, i.e. that started at least k plan periods (months or years) plus the retry grace before now;</description></item>
/// <item><description><b>renewed</b>: those of them that renewed at least k times (<see cref="Membership.Renewals"/> ≥ k);</description></item>
/// <item><description><b>rate</b>: renewed ÷ due, none while nothing is due.</description></item>
/// </list>
/// k = 1 is the headline: of the memberships whose first renewal fell due, the share that renewed at least once. A
/// cancelled membership counts as not renewed at the renewal it did not reach. The database returns one count per
/// (cohort, plan, periods elapsed, renewals) cell, capped at <see cref="Ordinals"/>, so the work is one pass over the
/// cohorts' memberships and the answer a few hundred rows, whatever the number of members. Month starts are computed here
/// in the platform zone and compared as UTC instants, so daylight saving and month lengths are right on every database.
/// </summary>
public sealed class RenewalCohorts(IDbContextFactory<OpsDbContext> contexts, PlatformTime time, IOptions<RenewalsOptions> options)
{
    /// <summary>Renewals followed per cohort: the first, second and third.</summary>
    public const int Ordinals = 3;
    public const int MaxMonths = 120;

    public async Task<RenewalCohortReport> RunAsync(int? months = null, CancellationToken cancellationToken = default)
    {
        var count = months ?? options.Value.CohortMonths;
        if (count is < 1 or > MaxMonths)
        {
            throw new ArgumentOutOfRangeException(nameof(months), $"Between 1 and {MaxMonths} cohort months.");
        }
        var now = time.UtcNow;
        var decided = now.AddDays(-options.Value.RetryGraceDays);
        var thisMonth = RenewalCalendar.MonthOf(time.Today);
        var starts = Enumerable.Range(0, count).Select(i => thisMonth.AddMonths(i - count + 1)).ToList();
        var cuts = new Cuts
        {
            Months = [.. starts.Append(thisMonth.AddMonths(1)).Select(time.StartOfDayUtc)],
            Monthly = [.. Enumerable.Range(1, Ordinals).Select(k => RenewalCalendar.AddPeriods(decided, MembershipPlan.Monthly, -k))],
            Annual = [.. Enumerable.Range(1, Ordinals).Select(k => RenewalCalendar.AddPeriods(decided, MembershipPlan.Annual, -k))],
        };

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (first, end) = (cuts.Months[0], cuts.Months[^1]);
        var cells = await db.Memberships.AsNoTracking()
            .Where(m => m.StartedAt >= first && m.StartedAt < end)
            .Select(CellOf(cuts))
            .GroupBy(c => new { c.Cohort, c.Plan, c.Elapsed, c.Renewals })
            .Select(g => new { g.Key.Cohort, g.Key.Plan, g.Key.Elapsed, g.Key.Renewals, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var cohorts = new List<RenewalCohort>();
        foreach (var plan in Enum.GetValues<MembershipPlan>())
        {
            for (var c = 0; c < count; c++)
            {
                var mine = cells.Where(x => x.Cohort == c && x.Plan == plan).ToList();
                var steps = Enumerable.Range(1, Ordinals).Select(k => new RenewalStep(k,
                    Renewed: mine.Where(x => x.Elapsed >= k && x.Renewals >= k).Sum(x => x.Count),
                    Due: mine.Where(x => x.Elapsed >= k && x.Renewals >= k - 1).Sum(x => x.Count))).ToList();
                cohorts.Add(new RenewalCohort(starts[c], plan, mine.Sum(x => x.Count), steps));
            }
        }
        return new RenewalCohortReport(starts, cohorts, now);
    }

    /// <summary>
    /// <c>m =&gt; new Cell { Cohort = index of the month StartedAt falls in, Plan, Elapsed = renewals decided (0..Ordinals),
    /// Renewals = min(Renewals, Ordinals) }</c>, as nested CASEs over the cut instants. The cuts are read through a captured
    /// object so they reach the database as parameters and the statement is reused.
    /// </summary>
    private static Expression<Func<Membership, Cell>> CellOf(Cuts cuts)
    {
        var m = Expression.Parameter(typeof(Membership), "m");
        var started = Expression.Property(m, nameof(Membership.StartedAt));
        var holder = Expression.Constant(cuts);
        Expression Cut(string array, int i) => Expression.ArrayIndex(Expression.Field(holder, array), Expression.Constant(i));

        // Cohort: StartedAt < Months[1] ? 0 : StartedAt < Months[2] ? 1 : ... : last.
        Expression cohort = Expression.Constant(cuts.Months.Length - 2);
        for (var i = cuts.Months.Length - 2; i >= 1; i--)
        {
            cohort = Expression.Condition(Expression.LessThan(started, Cut(nameof(Cuts.Months), i)), Expression.Constant(i - 1), cohort);
        }

        // Elapsed: StartedAt <= cut[Ordinals-1] ? Ordinals : ... : StartedAt <= cut[0] ? 1 : 0, per plan.
        Expression Elapsed(string array)
        {
            Expression e = Expression.Constant(0);
            for (var k = 1; k <= Ordinals; k++)
            {
                e = Expression.Condition(Expression.LessThanOrEqual(started, Cut(array, k - 1)), Expression.Constant(k), e);
            }
            return e;
        }
        // As the compiler writes an enum comparison: on the underlying numbers.
        var annual = Expression.Equal(Expression.Convert(Expression.Property(m, nameof(Membership.Plan)), typeof(int)), Expression.Constant((int)MembershipPlan.Annual));
        var elapsed = Expression.Condition(annual, Elapsed(nameof(Cuts.Annual)), Elapsed(nameof(Cuts.Monthly)));

        var renewals = Expression.Property(m, nameof(Membership.Renewals));
        var capped = Expression.Condition(Expression.GreaterThanOrEqual(renewals, Expression.Constant(Ordinals)), Expression.Constant(Ordinals), renewals);

        var body = Expression.MemberInit(Expression.New(typeof(Cell)),
            Expression.Bind(typeof(Cell).GetProperty(nameof(Cell.Cohort))!, cohort),
            Expression.Bind(typeof(Cell).GetProperty(nameof(Cell.Plan))!, Expression.Property(m, nameof(Membership.Plan))),
            Expression.Bind(typeof(Cell).GetProperty(nameof(Cell.Elapsed))!, elapsed),
            Expression.Bind(typeof(Cell).GetProperty(nameof(Cell.Renewals))!, capped));
        return Expression.Lambda<Func<Membership, Cell>>(body, m);
    }

    private sealed class Cuts
    {
        public DateTime[] Months = [];
        public DateTime[] Monthly = [];
        public DateTime[] Annual = [];
    }

    private sealed class Cell
    {
        public int Cohort { get; init; }
        public MembershipPlan Plan { get; init; }
        public int Elapsed { get; init; }
        public int Renewals { get; init; }
    }
}
