using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Segments;
using static OpsConsole.IntegrationTests.Experiments.ExperimentWorld;

namespace OpsConsole.IntegrationTests.Experiments;

public sealed class ExperimentLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] Fields(ExperimentValidationException e) => [.. e.Errors.Select(x => x.Field)];

    [Theory, DatabaseProviders]
    public async Task CreateAsync_ValidDraft_StoresItAsADraftSeededByItsKeyWithVariantsInOrder(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);

        await world.Experiments.CreateAsync(Draft("renewal-reminder", null, ("control", 0.2), ("email", 0.3), ("coupon", 0.5)), "li.na@example.test", Ct);

        var stored = (await world.Experiments.GetAsync("renewal-reminder", Ct))!.Experiment;
        Assert.Equal((ExperimentStatus.Draft, "renewal-reminder", "li.na@example.test", Start.UtcDateTime), (stored.Status, stored.Seed, stored.CreatedBy, stored.CreatedAt));
        Assert.Equal(["control", "email", "coupon"], stored.Variants.Select(v => v.Key));
        Assert.Equal([true, false, false], stored.Variants.Select(v => v.IsControl));
        Assert.Equal(3.5m, stored.Variants[2].CostPerLearner);
        Assert.Equal("""{"arm":"coupon","discount":0.2}""", stored.Variants[2].Payload);
        Assert.Equal((new MetricSpec(ExperimentMetric.MembershipRenewal), "revenue_per_learner"), (stored.Primary, stored.GuardrailMetrics));
    }

    [Fact]
    public async Task CreateAsync_KeyTakenOrSegmentUnknown_NamesTheFieldsAndStoresNothingNew()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite);
        await world.Experiments.CreateAsync(Draft("renewal-reminder"), null, Ct);

        var taken = await Assert.ThrowsAsync<ExperimentValidationException>(() => world.Experiments.CreateAsync(Draft(" renewal-reminder ", segmentId: 999), null, Ct));

        Assert.Equal(["key", "segmentId"], Fields(taken));
        Assert.Equal(1, (await world.Experiments.ListAsync(new ExperimentQuery(), Ct)).Total);
    }

    [Theory, DatabaseProviders]
    public async Task UpdateDraftAsync_NewDesign_ReplacesTheVariantsUntilTheExperimentStarts(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        await world.Experiments.CreateAsync(Draft("renewal-reminder"), null, Ct);

        await world.Experiments.UpdateDraftAsync("renewal-reminder", Draft("renewal-reminder", null, ("control", 0.34), ("sms", 0.33), ("push", 0.33)) with { Seed = "spring" }, Ct);
        await world.Experiments.StartAsync("renewal-reminder", "li.na@example.test", Ct);
        var frozen = await Assert.ThrowsAsync<ExperimentStateException>(() =>
            world.Experiments.UpdateDraftAsync("renewal-reminder", Draft("renewal-reminder", null, ("control", 0.5), ("other", 0.5)), Ct));

        Assert.Equal(ExperimentStatus.Running, frozen.Status);
        var stored = (await world.Experiments.GetAsync("renewal-reminder", Ct))!.Experiment;
        Assert.Equal(["control", "sms", "push"], stored.Variants.Select(v => v.Key));
        Assert.Equal(("spring", "li.na@example.test", Start.UtcDateTime), (stored.Seed, stored.StartedBy, stored.StartedAt));
    }

    [Fact]
    public async Task UpdateDraftAsync_NewKey_MovesTheDraftAndItsSeedFollowsUnlessSet()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite);
        await world.Experiments.CreateAsync(Draft("renewal-reminder"), null, Ct);

        var moved = await world.Experiments.UpdateDraftAsync("renewal-reminder", Draft("renewal-nudge"), Ct);

        Assert.Equal(("renewal-nudge", "renewal-nudge"), (moved.Key, moved.Seed));
        Assert.Null(await world.Experiments.GetAsync("renewal-reminder", Ct));
        await Assert.ThrowsAsync<ExperimentNotFoundException>(() => world.Experiments.StartAsync("renewal-reminder", null, Ct));
    }

    [Theory, DatabaseProviders]
    public async Task Lifecycle_DraftRunningStopped_GoesOneWayAndRecordsTheDecision(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        await world.Experiments.CreateAsync(Draft("renewal-reminder"), "creator", Ct);
        var stopDraft = await Assert.ThrowsAsync<ExperimentStateException>(() =>
            world.Experiments.StopAsync("renewal-reminder", new StopRequest(ExperimentDecision.KeepControl, null, "Never ran."), "manager", Ct));

        await world.Experiments.StartAsync("renewal-reminder", "starter", Ct);
        var startTwice = await Assert.ThrowsAsync<ExperimentStateException>(() => world.Experiments.StartAsync("renewal-reminder", "starter", Ct));
        var noDecision = await Assert.ThrowsAsync<ExperimentValidationException>(() =>
            world.Experiments.StopAsync("renewal-reminder", new StopRequest(null, null, ""), "stopper", Ct));
        var shipControl = await Assert.ThrowsAsync<ExperimentValidationException>(() =>
            world.Experiments.StopAsync("renewal-reminder", new StopRequest(ExperimentDecision.ShipVariant, "control", "It won."), "stopper", Ct));
        world.Clock.Now = Start.AddDays(28);
        await world.Experiments.StopAsync("renewal-reminder", new StopRequest(ExperimentDecision.ShipVariant, "reminder", " Renewals up 4 points. "), "stopper", Ct);
        var restart = await Assert.ThrowsAsync<ExperimentStateException>(() => world.Experiments.StartAsync("renewal-reminder", "starter", Ct));

        Assert.Equal(ExperimentStatus.Draft, stopDraft.Status);
        Assert.Equal(ExperimentStatus.Running, startTwice.Status);
        Assert.Equal(["decision", "reason"], Fields(noDecision));
        Assert.Equal(["shippedVariant"], Fields(shipControl));
        Assert.Equal(ExperimentStatus.Stopped, restart.Status);
        var stored = (await world.Experiments.GetAsync("renewal-reminder", Ct))!.Experiment;
        Assert.Equal((ExperimentStatus.Stopped, ExperimentDecision.ShipVariant, "reminder", "Renewals up 4 points.", "stopper", Start.AddDays(28).UtcDateTime),
            (stored.Status, stored.Decision, stored.ShippedVariantKey, stored.DecisionReason, stored.StoppedBy, stored.StoppedAt));
    }

    [Theory, DatabaseProviders]
    public async Task ListAsync_StatusFilterSortAndPages_CountsEveryStatusAndExposures(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        await world.LearnersAsync(["u-1", "u-2"]);
        foreach (var key in new[] { "b-test", "a-test", "c-test" })
        {
            world.Clock.Now += TimeSpan.FromHours(1);
            await world.Experiments.CreateAsync(Draft(key), null, Ct);
        }
        await world.Experiments.StartAsync("c-test", null, Ct);
        await world.Assigner.AssignAsync("c-test", "u-1", Ct);
        await world.Assigner.AssignAsync("c-test", "u-2", Ct);

        var newest = await world.Experiments.ListAsync(new ExperimentQuery(PageSize: 2), Ct);
        var byName = await world.Experiments.ListAsync(new ExperimentQuery(Sort: ExperimentSort.Name, Descending: false, Page: 1, PageSize: 2), Ct);
        var drafts = await world.Experiments.ListAsync(new ExperimentQuery(ExperimentStatus.Draft, ExperimentSort.Name, Descending: false), Ct);

        Assert.Equal(3, newest.Total);
        Assert.Equal(["c-test", "a-test"], newest.Rows.Select(r => r.Key));
        Assert.Equal((2, 0), (newest.Rows[0].Exposures, newest.Rows[1].Exposures));
        Assert.Equal(["c-test"], byName.Rows.Select(r => r.Key));
        Assert.Equal(2, drafts.Total);
        Assert.Equal(["a-test", "b-test"], drafts.Rows.Select(r => r.Key));
        Assert.Equal((2, 1, 0), (drafts.StatusCounts[ExperimentStatus.Draft], drafts.StatusCounts[ExperimentStatus.Running], drafts.StatusCounts.GetValueOrDefault(ExperimentStatus.Stopped)));
    }

    [Theory, DatabaseProviders]
    public async Task DeleteSegment_TargetedByAnExperiment_IsRefusedNamingTheExperiment(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        await world.LearnersAsync(["u-1"]);
        var segment = (await world.Segments.CreateFromIdsAsync("Lapsing members", ["u-1"], null, Ct)).Segment;
        await world.Experiments.CreateAsync(Draft("renewal-reminder", segment.Id), null, Ct);

        var refused = await Assert.ThrowsAsync<SegmentRequestException>(() => world.Segments.DeleteAsync(segment.Id, Ct));

        Assert.Contains("renewal-reminder", refused.Reason);
        await using var db = await world.Database.Contexts.CreateDbContextAsync(Ct);
        Assert.True(await db.Segments.AnyAsync(s => s.Id == segment.Id, Ct));
    }
}
