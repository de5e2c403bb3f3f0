using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.Experiments.Results;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Retention.Experiments.Stats;
using static OpsConsole.IntegrationTests.Experiments.ExperimentWorld;

namespace OpsConsole.IntegrationTests.Experiments;

public sealed class ExperimentResultsServiceTests
{
    private static readonly DateTime Now = Start.UtcDateTime;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Exposes learners per arm and makes the given share of each renew inside the window.</summary>
    private static async Task<Experiment> PlantAsync(ExperimentWorld world, int control, double controlRate, int reminder, double reminderRate)
    {
        var experiment = await world.RunningAsync(Draft());
        var exposures = new List<(string, string, DateTime)>();
        var events = new List<(string, EventType, DateTime, decimal?)>();
        void Arm(string variant, int n, double rate)
        {
            for (var i = 0; i < n; i++)
            {
                var id = $"{variant}-{i}";
                var at = Now.AddDays(-20).AddMinutes(i);
                exposures.Add((id, variant, at));
                if (i < n * rate)
                {
                    events.Add((id, EventType.MembershipRenew, at.AddDays(2), 100m));
                }
            }
        }
        Arm("control", control, controlRate);
        Arm("reminder", reminder, reminderRate);
        await world.ExposeAsync(experiment.Id, exposures);
        await world.EventsAsync(events);
        return experiment;
    }

    [Theory, DatabaseProviders]
    public async Task ComputeAsync_PlantedLift_ShipsTheTreatmentAndCachesTheResult(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var experiment = await PlantAsync(world, 400, 0.20, 400, 0.40);

        var results = await world.Results.ComputeAsync(experiment.Key, Ct);

        Assert.Equal((ResultsVerdict.Ship, "reminder"), (results.Verdict, results.BestVariant));
        var primary = results.Primary!;
        Assert.Equal(new MetricSpec(ExperimentMetric.MembershipRenewal), primary.Metric);
        Assert.Equal([80.0, 160.0], primary.Arms.Select(a => a.Sum));
        var variant = Assert.Single(primary.Analysis!.Variants);
        Assert.True(variant.PValue < 0.05 && variant.ChanceToWin > 0.95);
        Assert.False(results.Srm!.Mismatch);
        // Revenue is the guardrail: 100 per renewal, so +20 per treated learner against 3.5 of cost.
        var roi = Assert.Single(results.Roi);
        Assert.Equal(20.0, roi.RevenueLiftPerLearner, 6);
        Assert.Equal((400 * 20.0, 400 * 3.5), (roi.IncrementalRevenue, roi.Cost));
        Assert.Same(results, world.Results.Cached(experiment.Key));
        Assert.Equal(Now, results.ComputedAt);
        Assert.Equal(DateOnly.FromDateTime(Now.AddDays(-20)), Assert.Single(primary.Series.Days));
        Assert.Equal([0.2, 0.4], primary.Series.Variants.Select(s => s.Values[0]!.Value));
    }

    [Fact]
    public async Task ComputeAsync_SplitFarFromItsWeights_FlagsSampleRatioMismatch()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite);
        var experiment = await PlantAsync(world, 300, 0.2, 150, 0.4);

        var results = await world.Results.ComputeAsync(experiment.Key, Ct);

        Assert.True(results.Srm!.Mismatch);
        Assert.Equal(ResultsVerdict.SampleRatioMismatch, results.Verdict);
    }

    [Fact]
    public async Task ComputeAsync_NobodyExposed_SaysNoDataWithoutAnalysis()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite);
        var experiment = await world.RunningAsync(Draft());

        var results = await world.Results.ComputeAsync(experiment.Key, Ct);

        Assert.Equal(ResultsVerdict.NoData, results.Verdict);
        Assert.All(results.Metrics, m => Assert.Null(m.Analysis));
        Assert.Equal(0, results.TotalExposures);
    }

    [Fact]
    public async Task RecomputeRunningAsync_RunningAndDraft_ComputesOnlyTheRunningOne()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite);
        var running = await world.RunningAsync(Draft("running"));
        await world.Experiments.CreateAsync(Draft("draft"), null, Ct);

        var computed = await world.Results.RecomputeRunningAsync(Ct);

        Assert.Equal(1, computed);
        Assert.NotNull(world.Results.Cached(running.Key));
        Assert.Null(world.Results.Cached("draft"));
    }

    [Fact]
    public async Task BaselineAsync_RecentPurchases_ReadsTheShareOfActiveLearnersWhoBought()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite);
        await world.ExposeAsync((await world.RunningAsync(Draft())).Id, [("a", "control", Now.AddDays(-40)), ("b", "control", Now.AddDays(-40))]);
        await world.EventsAsync([("a", EventType.Purchase, Now.AddDays(-3), 10m), ("b", EventType.View, Now.AddDays(-2), null)]);

        var baseline = await world.Planner.BaselineAsync(null, new MetricSpec(ExperimentMetric.PurchaseConversion), Ct);

        Assert.Equal((0.5, 2L), (baseline.Baseline, baseline.Learners));
        Assert.Equal(2 / 28.0, baseline.DailyEligible!.Value, 9);
    }
}
