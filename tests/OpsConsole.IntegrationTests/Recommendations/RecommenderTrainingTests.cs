using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Recommendations;

namespace OpsConsole.IntegrationTests.Recommendations;

public sealed class RecommenderTrainingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseProviders]
    public async Task TrainAsync_SmallPlatform_RecordsTheRunWithMetricsAndServesTheFirstVersionAtOnce(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await RecommendationWorld.SeedAsync(db);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Profiles:LiveRefresh"] = "false" });
        var reports = new List<double>();

        var model = await app.Services.GetRequiredService<RecommenderTrainer>().TrainAsync("manager@example.test", new SyncProgress(reports.Add), Ct);

        Assert.Equal(RecommenderModelStatus.Active, model.Status);
        Assert.Equal(1.0, reports[^1]);
        Assert.True(reports.SequenceEqual(reports.Order()), "progress only moves forward");
        var stored = (await app.Services.GetRequiredService<RecommenderRegistry>().GetAsync(model.Id, Ct))!;
        Assert.Equal(("manager@example.test", 10, 75), (stored.StartedBy, stored.Items, stored.Learners));
        Assert.True(stored.DurationMs > 0 && stored.FinishedAt >= stored.StartedAt);
        var metrics = JsonSerializer.Deserialize<RecommenderMetrics>(stored.Metrics!, RecommenderTrainer.Json)!;
        Assert.Equal(["content", "ease", "popularity", "sequence"], metrics.Generators.Select(g => g.Generator).Order());
        Assert.Equal(stored.Algorithm, metrics.Primary);
        // Popularity cannot tell Ansible from the bigger cloud courses; the co-occurrence models can.
        Assert.Contains(metrics.Primary, new[] { "ease", "sequence" });
        Assert.True(metrics.For(metrics.Primary)!.Ndcg > metrics.For("popularity")!.Ndcg);
        Assert.Contains("no sampled negatives", metrics.Protocol);
        // The re-ranker was judged against the best generator on held-out learners, and serves only if it won.
        var rerank = metrics.Rerank!;
        Assert.True(rerank.EvaluationLearners + rerank.HoldoutLists > 0);
        Assert.Equal(rerank.Used, stored.Algorithm == "rerank");
        Assert.Equal(rerank.Used, rerank.Ndcg > rerank.BaselineNdcg);
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.True(await ctx.RecommenderArtifacts.AnyAsync(a => a.ModelId == model.Id, Ct));
    }

    [Fact]
    public async Task TrainAsync_NoInteractions_RecordsAFailedRunWithTheReason()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);

        await Assert.ThrowsAsync<InvalidOperationException>(() => RecommendationWorld.TrainAsync(app));

        var run = Assert.Single(await app.Services.GetRequiredService<RecommenderRegistry>().ListAsync(Ct));
        Assert.Equal(RecommenderModelStatus.Failed, run.Status);
        Assert.Contains("nothing to learn from", run.Error);
    }

    [Fact]
    public async Task PromoteAndRollBack_TwoVersions_ServingFollowsWithoutARestart()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await RecommendationWorld.SeedAsync(db);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Profiles:LiveRefresh"] = "false" });
        var client = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Recommend));
        var registry = app.Services.GetRequiredService<RecommenderRegistry>();
        var v1 = await RecommendationWorld.TrainAsync(app);
        var v2 = await RecommendationWorld.TrainAsync(app, "nightly");
        Assert.Equal(RecommenderModelStatus.Ready, v2.Status);
        Assert.Equal(v1.Id, await ServedVersionAsync());

        await registry.PromoteAsync(v2.Id, "manager@example.test", Ct);
        var afterPromotion = await ServedVersionAsync();
        var back = await registry.RollBackAsync("manager@example.test", Ct);

        Assert.Equal(v2.Id, afterPromotion);
        Assert.Equal(v1.Id, back);
        Assert.Equal(v1.Id, await ServedVersionAsync());
        var versions = await registry.ListAsync(Ct);
        Assert.Equal([(v2.Id, RecommenderModelStatus.Retired), (v1.Id, RecommenderModelStatus.Active)], versions.Select(v => (v.Id, v.Status)));
        await Assert.ThrowsAsync<RecommenderRegistryException>(() => registry.PromoteAsync(99, "x", Ct));

        async Task<int> ServedVersionAsync() =>
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/recommendations/u-docker?k=2", Ct)).GetProperty("modelVersion").GetInt32();
    }
}
