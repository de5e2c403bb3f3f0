using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Profiles;
using OpsConsole.Retention.Renewals;
using static OpsConsole.IntegrationTests.Retention.RenewalsWorld;

namespace OpsConsole.IntegrationTests.Retention;

/// <summary>The expiring list and the renewal rate by cohort, on hand-built memberships, in the Shanghai zone.</summary>
public sealed class RenewalQueriesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Today is 10 June in Shanghai: 7 days reach the end of 17 June there, 30 days the end of 10 July.</summary>
    private static async Task<RenewalsWorld> ExpiringWorldAsync(DatabaseProvider provider)
    {
        var world = await CreateAsync(provider);
        await world.MembershipAsync("a", MembershipPlan.Monthly, Shanghai(2026, 4, 12), Shanghai(2026, 6, 12, 9), renewals: 1, failed: 1, name: "Wang Fang");
        await world.MembershipAsync("b", MembershipPlan.Annual, Shanghai(2025, 6, 17, 23, 59), Shanghai(2026, 6, 17, 23, 59));
        await world.MembershipAsync("c", MembershipPlan.Monthly, Shanghai(2026, 5, 18, 0, 0), Shanghai(2026, 6, 18, 0, 0), renewals: 3);
        await world.MembershipAsync("d", MembershipPlan.Monthly, Shanghai(2026, 5, 12), Shanghai(2026, 6, 12), cancelledAt: Shanghai(2026, 6, 1));
        await world.MembershipAsync("e", MembershipPlan.Monthly, Shanghai(2026, 5, 10, 11), Shanghai(2026, 6, 10, 11));
        await world.MembershipAsync("f", MembershipPlan.Monthly, Shanghai(2026, 6, 11, 0, 0), Shanghai(2026, 7, 11, 0, 0));
        await world.MembershipAsync("g", MembershipPlan.Monthly, Shanghai(2026, 6, 10, 23), Shanghai(2026, 7, 10, 23));
        await world.ProfileAsync("a", 120m, LifecycleStage.AtRisk);
        await world.ProfileAsync("b", 900m, LifecycleStage.Active);
        return world;
    }

    [Theory, DatabaseProviders]
    public async Task ExpiringAsync_SevenDays_ListsUncancelledPeriodsEndingByTheEndOfThePlatformDaySevenDaysOn(DatabaseProvider provider)
    {
        await using var world = await ExpiringWorldAsync(provider);

        var page = await world.Queries.ExpiringAsync(new ExpiringRequest(7), Ct);

        Assert.Equal(2, page.Total);
        Assert.Equal(["a", "b"], page.Rows.Select(r => r.LearnerId));
        Assert.Equal(Now, page.From);
        Assert.Equal(Shanghai(2026, 6, 18, 0, 0), page.To);
        var a = page.Rows[0];
        Assert.Equal(("Wang Fang", MembershipPlan.Monthly, Shanghai(2026, 6, 12, 9), 1, 1, 120m, LifecycleStage.AtRisk),
            (a.Name, a.Plan, a.ExpiresAt, a.Renewals, a.FailedRenewals, a.NetSpend, a.Lifecycle));
    }

    [Theory, DatabaseProviders]
    public async Task ExpiringAsync_ThirtyDaysByPlanSortAndPage_FiltersOrdersAndPagesInTheDatabase(DatabaseProvider provider)
    {
        await using var world = await ExpiringWorldAsync(provider);

        var all = await world.Queries.ExpiringAsync(new ExpiringRequest(30), Ct);
        var monthly = await world.Queries.ExpiringAsync(new ExpiringRequest(30, MembershipPlan.Monthly), Ct);
        var bySpend = await world.Queries.ExpiringAsync(new ExpiringRequest(30, Sort: ExpiringSort.NetSpend, Descending: true), Ct);
        var second = await world.Queries.ExpiringAsync(new ExpiringRequest(30, Page: 1, PageSize: 2), Ct);

        Assert.Equal(["a", "b", "c", "g"], all.Rows.Select(r => r.LearnerId));
        Assert.Equal(["a", "c", "g"], monthly.Rows.Select(r => r.LearnerId));
        Assert.Equal(["b", "a", "c", "g"], bySpend.Rows.Select(r => r.LearnerId));
        Assert.Equal(4, second.Total);
        Assert.Equal(["c", "g"], second.Rows.Select(r => r.LearnerId));
        Assert.Null(second.Rows[0].NetSpend);
        Assert.Null(second.Rows[0].Lifecycle);
    }

    [Theory, DatabaseProviders]
    public async Task StreamExpiringAsync_FilteredSet_ReturnsEveryMatchingRowInOrder(DatabaseProvider provider)
    {
        await using var world = await ExpiringWorldAsync(provider);

        var rows = await world.Queries.StreamExpiringAsync(new ExpiringRequest(30, MembershipPlan.Monthly, ExpiringSort.Renewals, Descending: true, PageSize: 1), Ct).ToListAsync(Ct);

        Assert.Equal(["c", "a", "g"], rows.Select(r => r.LearnerId));
    }

    [Theory, DatabaseProviders]
    public async Task CohortsAsync_MembershipsAcrossPlatformMonths_CountsDueAndRenewedPerRenewal(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        // 28 Feb 23:30 in Shanghai is February; 1 March 00:30 is March, though both are 28 Feb in UTC.
        await world.MembershipAsync("feb-late", MembershipPlan.Monthly, Shanghai(2026, 2, 28, 23, 30), Shanghai(2026, 6, 28, 23, 30), renewals: 3);
        await world.MembershipAsync("feb-cancel", MembershipPlan.Monthly, Shanghai(2026, 2, 10), Shanghai(2026, 3, 10), cancelledAt: Shanghai(2026, 2, 20));
        await world.MembershipAsync("feb-once", MembershipPlan.Monthly, Shanghai(2026, 2, 15), Shanghai(2026, 4, 15), renewals: 1, failed: 2);
        await world.MembershipAsync("mar-early", MembershipPlan.Monthly, Shanghai(2026, 3, 1, 0, 30), Shanghai(2026, 6, 1, 0, 30), renewals: 2, cancelledAt: Shanghai(2026, 5, 20));
        await world.MembershipAsync("may-new", MembershipPlan.Monthly, Shanghai(2026, 5, 20), Shanghai(2026, 6, 20));
        // The first renewal of one fell due 3 days and 1 hour ago (decided), of the other 2 days 23 hours ago (still in the retry grace).
        await world.MembershipAsync("may-due", MembershipPlan.Monthly, Now.AddMonths(-1).AddDays(-3).AddHours(-1), Now.AddDays(-3).AddHours(-1), failed: 2);
        await world.MembershipAsync("may-grace", MembershipPlan.Monthly, Now.AddMonths(-1).AddDays(-3).AddHours(1), Now.AddDays(-3).AddHours(1), failed: 1);
        await world.MembershipAsync("annual-renewed", MembershipPlan.Annual, Shanghai(2025, 5, 1), Shanghai(2027, 5, 1), renewals: 1);
        await world.MembershipAsync("annual-young", MembershipPlan.Annual, Shanghai(2025, 6, 8, 13), Shanghai(2026, 6, 8, 13), failed: 1);
        await world.MembershipAsync("first-month", MembershipPlan.Annual, Shanghai(2024, 7, 1, 0, 30), Shanghai(2026, 7, 1, 0, 30), renewals: 1);
        await world.MembershipAsync("too-old", MembershipPlan.Annual, Shanghai(2024, 6, 30, 23), Shanghai(2026, 6, 30, 23), renewals: 1);

        var report = await world.Cohorts.RunAsync(cancellationToken: Ct);

        Assert.Equal(24, report.Months.Count);
        Assert.Equal(new DateOnly(2024, 7, 1), report.Months[0]);
        Assert.Equal(new DateOnly(2026, 6, 1), report.Months[^1]);
        Assert.Equal(48, report.Cohorts.Count);
        Assert.Equal(10, report.Cohorts.Sum(c => c.Memberships));
        string Steps(int year, int month, MembershipPlan plan) =>
            report.Find(new DateOnly(year, month, 1), plan) is { } c ? $"{c.Memberships}: " + string.Join(" ", c.Steps.Select(s => $"{s.Renewed}/{s.Due}")) : "none";
        Assert.Equal("3: 2/3 1/2 1/1", Steps(2026, 2, MembershipPlan.Monthly));
        Assert.Equal("1: 1/1 1/1 0/1", Steps(2026, 3, MembershipPlan.Monthly));
        Assert.Equal("3: 0/1 0/0 0/0", Steps(2026, 5, MembershipPlan.Monthly));
        Assert.Equal("1: 1/1 0/0 0/0", Steps(2025, 5, MembershipPlan.Annual));
        Assert.Equal("1: 0/0 0/0 0/0", Steps(2025, 6, MembershipPlan.Annual));
        Assert.Equal("1: 1/1 0/0 0/0", Steps(2024, 7, MembershipPlan.Annual));
        Assert.Equal("0: 0/0 0/0 0/0", Steps(2026, 2, MembershipPlan.Annual));
        Assert.Equal(2.0 / 3, report.Find(new DateOnly(2026, 2, 1), MembershipPlan.Monthly)!.FirstRenewal.Rate);
        Assert.Null(report.Find(new DateOnly(2025, 6, 1), MembershipPlan.Annual)!.FirstRenewal.Rate);
    }

    [Theory, DatabaseProviders]
    public async Task CohortsAsync_FewerMonths_LeavesOutMembershipsThatStartedBefore(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        await world.MembershipAsync("may", MembershipPlan.Monthly, Shanghai(2026, 5, 1, 0, 10), Shanghai(2026, 7, 1, 0, 10), renewals: 1);
        await world.MembershipAsync("april", MembershipPlan.Monthly, Shanghai(2026, 4, 30, 23, 50), Shanghai(2026, 6, 30, 23, 50), renewals: 2);

        var report = await world.Cohorts.RunAsync(2, Ct);

        Assert.Equal([new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 1)], report.Months);
        Assert.Equal(1, report.Cohorts.Sum(c => c.Memberships));
        Assert.Equal(1, report.Find(new DateOnly(2026, 5, 1), MembershipPlan.Monthly)!.Memberships);
    }
}
