using Microsoft.EntityFrameworkCore;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Demo;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Learners;
using OpsConsole.Profiles;

namespace OpsConsole.IntegrationTests.Profiles;

public sealed class ProfileServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Now = new(2026, 5, 10, 4, 0, 0, TimeSpan.Zero);
    private static DateTime DaysAgo(double days) => Now.UtcDateTime.AddDays(-days);
    private const string Shanghai = "Asia/Shanghai";

    private static async Task<ProfileWorld> SmallPlatformAsync(TestDatabase db)
    {
        var world = new ProfileWorld(db, Now);
        await world.AddCatalogAsync(("c-docker", "cloud", "docker,containers"), ("c-rust", "rust", "rust"));
        await world.AppendAsync(
            world.Event("u-1", EventType.Signup, DaysAgo(20)),
            world.Event("u-1", EventType.View, DaysAgo(3), "c-docker"),
            world.Event("u-1", EventType.Purchase, DaysAgo(2), "c-docker", 199m),
            world.Event("u-2", EventType.View, DaysAgo(70), "c-rust"),
            world.Event("u-3", EventType.Login, DaysAgo(1)));
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        // Known from the learner API only: no events yet.
        ctx.Learners.Add(new Learner { Id = "u-4", SignupAt = DaysAgo(1), Device = "ios" });
        await ctx.SaveChangesAsync(Ct);
        return world;
    }

    [Theory, DatabaseProviders]
    public async Task RebuildAsync_SmallPlatform_ProfilesEveryLearnerFromEvents(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SmallPlatformAsync(db);
        var reports = new List<double>();

        var run = await world.Service.RebuildAsync(new SyncProgress(reports.Add), Ct);

        Assert.Equal((4, 5L), (run.Learners, run.Events));
        Assert.Equal(1.0, reports[^1]);
        var u1 = (await world.Queries.GetAsync("u-1", Ct))!;
        Assert.Equal((1, 199m, LifecycleStage.Active), (u1.Profile!.Orders, u1.Profile.NetSpend, u1.Profile.Lifecycle));
        // Scores rank payers against each other: the only payer beats nobody.
        Assert.Equal((1, 1, 1, RfmSegment.Hibernating), (u1.Profile.RecencyScore, u1.Profile.FrequencyScore, u1.Profile.MonetaryScore, u1.Profile.RfmSegment));
        Assert.Equal(["containers", "docker"], u1.Interests.Select(i => i.Tag).Order());
        var u2 = (await world.Queries.GetAsync("u-2", Ct))!.Profile!;
        Assert.Equal((LifecycleStage.Churned, RfmSegment.Prospect), (u2.Lifecycle, u2.RfmSegment));
        var u4 = (await world.Queries.GetAsync("u-4", Ct))!.Profile!;
        Assert.Equal((0, LifecycleStage.New, "ios"), (u4.Events, u4.Lifecycle, u4.PreferredDevice));
    }

    [Theory, DatabaseProviders]
    public async Task CatchUpAsync_EventsAfterRebuild_RefreshesThoseLearnersAsARebuildWould(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SmallPlatformAsync(db);
        await world.Service.RebuildAsync(null, Ct);
        var before = await world.SnapshotAsync();

        await world.AppendAsync(
            world.Event("u-2", EventType.View, DaysAgo(0.5), "c-docker"),
            world.Event("u-2", EventType.Purchase, DaysAgo(0.4), "c-docker", 99m),
            world.Event("u-5", EventType.Signup, DaysAgo(0.3)));
        var refreshed = await world.Service.CatchUpAsync(Ct);
        var incremental = await world.SnapshotAsync(withPopulationScores: false);
        var again = await world.Service.CatchUpAsync(Ct);

        Assert.Equal(["u-2", "u-5"], refreshed.Where(id => id is "u-2" or "u-5"));
        // The catch-up re-reads a margin behind its checkpoint; what it refreshes beyond the new events must be unchanged.
        Assert.Equal(before["u-4"], (await world.SnapshotAsync())["u-4"]);
        var u2 = (await world.Queries.GetAsync("u-2", Ct))!.Profile!;
        Assert.Equal((1, 99m, LifecycleStage.Reactivated), (u2.Orders, u2.NetSpend, u2.Lifecycle));
        Assert.Empty(again);

        await world.Service.RebuildAsync(null, Ct);
        Assert.Equal(await world.SnapshotAsync(withPopulationScores: false), incremental);
    }

    [Theory, DatabaseProviders]
    public async Task CatchUpAsync_BeforeAnyRebuild_LeavesProfilesToTheRebuild(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SmallPlatformAsync(db);

        Assert.Empty(await world.Service.CatchUpAsync(Ct));
        await using (var ctx = await db.Contexts.CreateDbContextAsync(Ct))
        {
            Assert.False(await ctx.Profiles.AnyAsync(Ct));
        }
        Assert.True(await world.Queries.NeedsRebuildAsync(Shanghai, Ct));
    }

    [Theory, DatabaseProviders]
    public async Task NeedsRebuildAsync_HistoryMissingOrInAnotherZone_TrueUntilARebuildInThisZone(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SmallPlatformAsync(db);
        await world.Service.RebuildAsync(null, Ct);
        Assert.False(await world.Queries.NeedsRebuildAsync(Shanghai, Ct));
        // Activity periods are Shanghai's days: another zone needs them bucketed again.
        Assert.True(await world.Queries.NeedsRebuildAsync("Europe/Berlin", Ct));
        await using (var ctx = await db.Contexts.CreateDbContextAsync(Ct))
        {
            // u-1's sign-up, view and purchase are days apart: three steps; u-2 and u-3 one each.
            Assert.Equal(5, await ctx.PathSteps.CountAsync(Ct));
            // u-1's three days (Shanghai) fall in two weeks and two months.
            Assert.Equal(["u-1 Day 2026-04-20 Signup", "u-1 Day 2026-05-07 View", "u-1 Day 2026-05-08 Purchase", "u-1 Month 2026-04-01 Signup",
                    "u-1 Month 2026-05-01 View,Purchase", "u-1 Week 2026-04-20 Signup", "u-1 Week 2026-05-04 View,Purchase"],
                (await ctx.LearnerActivity.Where(a => a.LearnerId == "u-1").ToListAsync(Ct))
                    .Select(a => $"{a.LearnerId} {a.Period} {a.Start:yyyy-MM-dd} {string.Join(",", Enum.GetValues<EventType>().Where(t => (a.Types & LearnerActivity.Bit(t)) != 0))}")
                    .Order(StringComparer.Ordinal));
            // A database upgraded from before the history was kept: profiles and events, no marker.
            await ctx.Checkpoints.Where(c => c.Name == LearnerHistoryStore.CheckpointName).ExecuteDeleteAsync(Ct);
        }

        Assert.True(await world.Queries.NeedsRebuildAsync(Shanghai, Ct));
        await world.Service.RebuildAsync(null, Ct);
        Assert.False(await world.Queries.NeedsRebuildAsync(Shanghai, Ct));
    }

    [Theory, DatabaseProviders]
    public async Task RebuildAsync_DemoPlatformTwice_SameProfilesPersonasAndSpendAsTheOrders(DatabaseProvider provider)
    {
        var (db, _) = await DemoData.GenerateAsync(new OpsConsole.Demo.DemoRequest(400, 60, 7, new DateOnly(2026, 5, 9)), provider);
        await using var owned = db;
        var world = new ProfileWorld(db, Now);

        var first = await world.Service.RebuildAsync(null, Ct);
        var snapshot = await world.SnapshotAsync();
        var personas = await world.Queries.PersonasAsync(Ct);
        await world.Service.RebuildAsync(null, Ct);

        Assert.Equal(400, first.Learners);
        Assert.Equal(snapshot, await world.SnapshotAsync());
        Assert.Equal(world.Options.Personas, personas.Count);
        Assert.Equal(personas.Select(p => (p.Label, p.Size, p.Centroid)), (await world.Queries.PersonasAsync(Ct)).Select(p => (p.Label, p.Size, p.Centroid)));
        Assert.Equal(personas.Sum(p => p.Size), (await ProfilesAsync(db)).Count(p => p.PersonaId is not null));

        // The generator also writes orders and refunds as rows: the profiles, built from events alone, must agree.
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        var orders = (await ctx.Orders.AsNoTracking().Include(o => o.Refunds).ToListAsync(Ct)).ToLookup(o => o.LearnerId);
        foreach (var p in await ProfilesAsync(db))
        {
            var mine = orders[p.LearnerId].ToList();
            Assert.Equal((mine.Count, mine.Sum(o => o.Amount), mine.Sum(o => o.Refunds.Sum(r => r.Amount))), (p.Orders, p.OrderSpend, p.RefundAmount));
        }
    }

    private static async Task<List<LearnerProfile>> ProfilesAsync(TestDatabase db)
    {
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        return await ctx.Profiles.AsNoTracking().ToListAsync(Ct);
    }
}
