using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Segments;
using static OpsConsole.IntegrationTests.Experiments.ExperimentWorld;

namespace OpsConsole.IntegrationTests.Experiments;

public sealed class ExperimentAssignmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseProviders]
    public async Task AssignAsync_ParallelRequestsForOneLearner_LogTheExposureAndItsEventOnce(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        await world.LearnersAsync(["u-1"]);
        var experiment = await world.RunningAsync(Draft());
        // A second instance over the same database races the first, as two app nodes behind a load balancer would.
        await using var other = world.AnotherInstance();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var requests = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await (i % 2 == 0 ? world : other).Assigner.AssignAsync("renewal-reminder", "u-1", Ct);
        }, Ct)).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(requests);

        var expected = ExperimentHash.Assign(experiment.Seed, "u-1", ["control", "reminder"], _ => 0.5);
        Assert.All(results, r => Assert.Equal(expected, r.Variant?.Key));
        Assert.Single(results, r => r.NewlyExposed);
        var exposure = Assert.Single(await world.ExposuresAsync());
        Assert.Equal(("u-1", expected, Start.UtcDateTime), (exposure.LearnerId, exposure.VariantKey, exposure.ExposedAt));
        var logged = Assert.Single(await world.ExposureEventsAsync());
        Assert.Equal(("u-1", Start.UtcDateTime), (logged.LearnerId, logged.OccurredAt));
        Assert.Contains($"\"variant\":\"{expected}\"", logged.Properties);
        Assert.Contains("\"experiment\":\"renewal-reminder\"", logged.Properties);
    }

    [Theory, DatabaseProviders]
    public async Task AssignAsync_TargetSegment_OnlyItsLearnersGetAVariantIncludingOnesWhoJoinedSinceItsRefresh(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        await world.LearnersAsync(["w-1", "w-2"], channel: "wechat");
        await world.LearnersAsync(["o-1"], channel: "organic");
        var wechat = await world.Segments.CreateAsync("From WeChat", SegmentKind.Dynamic,
            new SegmentRule(Match.All, [new SegmentCondition(ConditionKind.Channel, "wechat")], []), null, Ct);
        await world.LearnersAsync(["w-3"], channel: "wechat");
        await world.RunningAsync(Draft(segmentId: wechat.Id));

        var members = await Task.WhenAll(new[] { "w-1", "w-2", "w-3" }.Select(id => world.Assigner.AssignAsync("renewal-reminder", id, Ct)));
        var outsider = await world.Assigner.AssignAsync("renewal-reminder", "o-1", Ct);

        Assert.All(members, m => Assert.NotNull(m.Variant));
        Assert.Equal((null, NoVariantReason.NotInSegment, false), (outsider.Variant, outsider.Reason, outsider.NewlyExposed));
        Assert.Equal(["w-1", "w-2", "w-3"], (await world.ExposuresAsync()).Select(x => x.LearnerId).Order());
        Assert.Equal(3, (await world.ExposureEventsAsync()).Count);
    }

    [Fact]
    public async Task AssignAsync_ExposedLearnerLeavesTheSegment_KeepsTheirVariantWhileItRuns()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite);
        await world.LearnersAsync(["w-1"], channel: "wechat");
        var wechat = await world.Segments.CreateAsync("From WeChat", SegmentKind.Dynamic,
            new SegmentRule(Match.All, [new SegmentCondition(ConditionKind.Channel, "wechat")], []), null, Ct);
        await world.RunningAsync(Draft(segmentId: wechat.Id));
        var first = await world.Assigner.AssignAsync("renewal-reminder", "w-1", Ct);

        await using (var db = await world.Database.Contexts.CreateDbContextAsync(Ct))
        {
            (await db.Learners.FindAsync(["w-1"], Ct))!.Channel = "organic";
            await db.SaveChangesAsync(Ct);
        }
        var again = await world.Assigner.AssignAsync("renewal-reminder", "w-1", Ct);

        Assert.False(await world.Segments.ContainsAsync(wechat.Id, "w-1", Ct));
        Assert.Equal((first.Variant!.Key, false, null), (again.Variant?.Key, again.NewlyExposed, again.Reason));
        Assert.Single(await world.ExposuresAsync());
    }

    [Theory, DatabaseProviders]
    public async Task AssignAsync_ExperimentNotRunning_GivesNoVariantAndLogsNothing(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        await world.LearnersAsync(["u-1", "u-2"]);
        await world.Experiments.CreateAsync(Draft(), null, Ct);

        var draft = await world.Assigner.AssignAsync("renewal-reminder", "u-1", Ct);
        await world.Experiments.StartAsync("renewal-reminder", null, Ct);
        var exposed = await world.Assigner.AssignAsync("renewal-reminder", "u-1", Ct);
        await world.Experiments.StopAsync("renewal-reminder", new StopRequest(ExperimentDecision.Inconclusive, null, "Too few renewals to tell."), null, Ct);
        var afterStop = await world.Assigner.AssignAsync("renewal-reminder", "u-1", Ct);
        var neverExposed = await world.Assigner.AssignAsync("renewal-reminder", "u-2", Ct);

        Assert.Equal((null, NoVariantReason.NotStarted), (draft.Variant, draft.Reason));
        Assert.NotNull(exposed.Variant);
        Assert.Equal((null, NoVariantReason.Stopped), (afterStop.Variant, afterStop.Reason));
        Assert.Equal((null, NoVariantReason.Stopped), (neverExposed.Variant, neverExposed.Reason));
        Assert.Equal(["u-1"], (await world.ExposuresAsync()).Select(x => x.LearnerId));
    }

    [Fact]
    public async Task AssignAsync_UnknownExperimentOrLearner_SaysWhichIsUnknown()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite);
        await world.LearnersAsync(["u-1"]);
        await world.RunningAsync(Draft());

        var experiment = await Assert.ThrowsAsync<ExperimentNotFoundException>(() => world.Assigner.AssignAsync("no-such-test", "u-1", Ct));
        var learner = await Assert.ThrowsAsync<UnknownLearnerException>(() => world.Assigner.AssignAsync("renewal-reminder", "u-404", Ct));

        Assert.Equal(("no-such-test", "u-404"), (experiment.Key, learner.LearnerId));
        Assert.Empty(await world.ExposuresAsync());
    }

    [Fact]
    public async Task AssignAsync_TwoSeparatelyBuiltAppsOverTheirOwnDatabases_PutEveryLearnerInTheSameVariant()
    {
        var learners = Enumerable.Range(0, 400).Select(i => $"learner-{i:000}").ToList();
        var arms = new List<Dictionary<string, string>>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Sqlite })
        {
            await using var world = await CreateAsync(provider);
            await world.LearnersAsync(learners);
            await world.RunningAsync(Draft("renewal-reminder", null, ("control", 0.2), ("email", 0.3), ("coupon", 0.5)));
            var assigned = new Dictionary<string, string>();
            foreach (var id in learners)
            {
                assigned[id] = (await world.Assigner.AssignAsync("renewal-reminder", id, Ct)).Variant!.Key;
            }
            arms.Add(assigned);
        }

        Assert.Equal(arms[0], arms[1]);
        Assert.Equal(["control", "coupon", "email"], arms[0].Values.Distinct().Order());
        Assert.All(learners, id => Assert.Equal(ExperimentHash.Assign("renewal-reminder", id, ["control", "email", "coupon"], a => a switch { "control" => 0.2, "email" => 0.3, _ => 0.5 }), arms[0][id]));
    }
}
