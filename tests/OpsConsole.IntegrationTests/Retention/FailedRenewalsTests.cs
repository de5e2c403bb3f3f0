using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Retention.Renewals;
using static OpsConsole.IntegrationTests.Retention.RenewalsWorld;

namespace OpsConsole.IntegrationTests.Retention;

/// <summary>Failed renewals, their weekly counts and the summary cards, on hand-built memberships and renewal events.</summary>
public sealed class FailedRenewalsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Now is Wednesday 10 June 2026 12:00 in Shanghai; the retry grace is 3 days. Renewals are charged on the period
    /// boundary, or 3 days later when the first charge failed and the retry collected.
    /// </summary>
    private static async Task<RenewalsWorld> FailedWorldAsync(DatabaseProvider provider)
    {
        var world = await CreateAsync(provider);
        var at = (int month, int day) => new DateTime(2026, month, day, 4, 0, 0, DateTimeKind.Utc);
        // Lapsed: renewed once, then both charges of the period ending Monday 18 May 00:30 in Shanghai (still Sunday in UTC) failed.
        await world.MembershipAsync("lapsed", MembershipPlan.Monthly, Shanghai(2026, 3, 18, 0, 30), Shanghai(2026, 5, 18, 0, 30), renewals: 1, failed: 2);
        await world.RenewedAsync("lapsed", Shanghai(2026, 4, 18, 0, 30));
        // Retrying: the charge due two days ago failed; the platform may still collect.
        await world.MembershipAsync("retrying", MembershipPlan.Monthly, at(5, 8), at(6, 8), failed: 1);
        // Recovered at its latest renewal: due 15 May, collected by the retry on 18 May.
        await world.MembershipAsync("late", MembershipPlan.Monthly, at(4, 15), at(6, 15), renewals: 1, failed: 1);
        await world.RenewedAsync("late", at(5, 18));
        // Recovered long ago (1 March, retried on the 4th), renewed on time since: the failure is not dated.
        await world.MembershipAsync("earlier", MembershipPlan.Monthly, at(2, 1), at(7, 1), renewals: 4, failed: 1);
        foreach (var renewal in new[] { at(3, 4), at(4, 1), at(5, 1), at(6, 1) })
        {
            await world.RenewedAsync("earlier", renewal);
        }
        // Recovered by the retry on 12 April (due the 10th), then cancelled while paid up: it ran out on 10 May.
        await world.MembershipAsync("cancelled", MembershipPlan.Monthly, at(3, 10), at(5, 10), renewals: 1, failed: 1, cancelledAt: at(4, 20));
        await world.RenewedAsync("cancelled", at(4, 12));
        // Never failed.
        await world.MembershipAsync("fine", MembershipPlan.Monthly, at(5, 20), at(6, 20));
        return world;
    }

    [Theory, DatabaseProviders]
    public async Task PageAsync_AllOutcomes_ListsFailedMembershipsMostRecentChargeFirstWithTheirOutcome(DatabaseProvider provider)
    {
        await using var world = await FailedWorldAsync(provider);

        var page = await world.Failed.PageAsync(new FailedRenewalRequest(), Ct);

        Assert.Equal(5, page.Total);
        Assert.Equal(["retrying", "earlier", "late", "lapsed", "cancelled"], page.Rows.Select(r => r.LearnerId));
        var byId = page.Rows.ToDictionary(r => r.LearnerId);
        Assert.Equal(RenewalOutcome.Retrying, byId["retrying"].Outcome);
        Assert.Equal(RenewalOutcome.Recovered, byId["earlier"].Outcome);
        Assert.Equal(RenewalOutcome.Recovered, byId["late"].Outcome);
        Assert.Equal(RenewalOutcome.Lapsed, byId["lapsed"].Outcome);
        Assert.Equal(RenewalOutcome.Recovered, byId["cancelled"].Outcome);
        Assert.Equal(Shanghai(2026, 5, 18, 0, 30), byId["lapsed"].FailedDueAt);
        Assert.Equal(new DateTime(2026, 5, 15, 4, 0, 0, DateTimeKind.Utc), byId["late"].FailedDueAt);
        Assert.Equal(new DateTime(2026, 5, 18, 4, 0, 0, DateTimeKind.Utc), byId["late"].LastRenewedAt);
        Assert.Null(byId["earlier"].FailedDueAt);
        Assert.Equal(new DateTime(2026, 6, 1, 4, 0, 0, DateTimeKind.Utc), byId["earlier"].LastChargeAt);
        Assert.Equal(new DateTime(2026, 4, 10, 4, 0, 0, DateTimeKind.Utc), byId["cancelled"].FailedDueAt);
        Assert.Equal("Learner lapsed", byId["lapsed"].Name);
        Assert.Equal(2, byId["lapsed"].FailedAttempts);
    }

    [Theory, DatabaseProviders]
    public async Task PageAsync_OutcomeAndPlanFilters_KeepOnlyMatchingMemberships(DatabaseProvider provider)
    {
        await using var world = await FailedWorldAsync(provider);

        var lapsed = await world.Failed.PageAsync(new FailedRenewalRequest(Outcome: RenewalOutcome.Lapsed), Ct);
        var retrying = await world.Failed.PageAsync(new FailedRenewalRequest(Outcome: RenewalOutcome.Retrying), Ct);
        var recovered = await world.Failed.PageAsync(new FailedRenewalRequest(Outcome: RenewalOutcome.Recovered, PageSize: 2), Ct);
        var annual = await world.Failed.PageAsync(new FailedRenewalRequest(MembershipPlan.Annual), Ct);

        Assert.Equal(["lapsed"], lapsed.Rows.Select(r => r.LearnerId));
        Assert.Equal(["retrying"], retrying.Rows.Select(r => r.LearnerId));
        Assert.Equal(3, recovered.Total);
        Assert.Equal(["earlier", "late"], recovered.Rows.Select(r => r.LearnerId));
        Assert.Equal(0, annual.Total);
    }

    [Theory, DatabaseProviders]
    public async Task WeeklyAsync_DatedFailures_CountsEachInItsPlatformWeekByOutcome(DatabaseProvider provider)
    {
        await using var world = await FailedWorldAsync(provider);

        var weeks = await world.Failed.WeeklyAsync(12, Ct);

        Assert.Equal(12, weeks.Count);
        Assert.Equal(new DateOnly(2026, 3, 23), weeks[0].Week);
        Assert.Equal(new DateOnly(2026, 6, 8), weeks[^1].Week);
        var nonEmpty = weeks.Where(w => w.Total > 0).Select(w => $"{w.Week:MM-dd} {w.Recovered}/{w.Retrying}/{w.Lapsed}");
        Assert.Equal(["04-06 1/0/0", "05-11 1/0/0", "05-18 0/0/1", "06-08 0/1/0"], nonEmpty);
    }

    [Theory, DatabaseProviders]
    public async Task SummaryAsync_HandBuiltMemberships_CountsMembersExpiringRateAndRecentFailures(DatabaseProvider provider)
    {
        await using var world = await FailedWorldAsync(provider);

        var summary = await world.Queries.SummaryAsync(Ct);

        Assert.Equal(3, summary.ActiveMembers);
        Assert.Equal((7, 1, 30, 3), (summary.ShortWindowDays, summary.ExpiringShort, summary.LongWindowDays, summary.ExpiringLong));
        // Renewals charged since 12 March: lapsed 18 Apr, late 18 May, earlier 1 Apr, 1 May, 1 Jun, cancelled 12 Apr. Periods
        // that ended unrenewed before the grace: lapsed (18 May) and cancelled (10 May); retrying (8 Jun) is undecided.
        Assert.Equal(new RenewalRate(6, 8), summary.Last90Days);
        Assert.Equal(3, summary.FailedLast30Days);
    }

    [Theory, DatabaseProviders]
    public async Task SummaryAsync_NoMemberships_ReportsZerosAndNoRate(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);

        var summary = await world.Queries.SummaryAsync(Ct);

        Assert.Equal((0, 0, 0, 0), (summary.ActiveMembers, summary.ExpiringShort, summary.ExpiringLong, summary.FailedLast30Days));
        Assert.Null(summary.Last90Days.Rate);
    }
}
