using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Recommendations;
using OpsConsole.Web.Jobs;
using OpsConsole.Web.Recommendations;

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

    [Fact]
    public async Task RetrainJob_FromSettings_RegisteredNightlyAndRunsOnDemandWithProgress()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await RecommendationWorld.SeedAsync(db);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "true",
            ["Profiles:LiveRefresh"] = "false",
            ["Recommendations:RetrainCron"] = "15 4 * * *",
        });
        _ = app.BaseAddress;
        using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            Assert.Equal("15 4 * * *", connection.GetRecurringJobs().Single(j => j.Id == RecommenderJobs.RecurringJobId).Cron);
        }
        await using var scope = app.Services.CreateAsyncScope();
        var tracker = scope.ServiceProvider.GetRequiredService<RecommenderJobTracker>();
        var states = scope.ServiceProvider.GetRequiredService<RollupJobTracker>();

        var jobId = tracker.EnqueueTraining("manager@example.test");
        var final = await states.WaitAsync(jobId, _ => Task.CompletedTask, TimeSpan.FromSeconds(120), Ct);

        Assert.Equal(JobProgress.Succeeded, final);
        Assert.Equal((JobProgress.Succeeded, 100), tracker.GetProgress(jobId));
        var runs = await app.Services.GetRequiredService<RecommenderRegistry>().ListAsync(Ct);
        Assert.Contains(runs, r => r.StartedBy == "manager@example.test" && r.Status is RecommenderModelStatus.Ready or RecommenderModelStatus.Active);
        // A fresh install asked for its first model at start, so something serves without anyone pressing a button.
        Assert.Contains(runs, r => r.Status == RecommenderModelStatus.Active);
    }

    [Fact]
    public async Task Serving_WhileVersionsArePromotedAndRolledBack_AnswersEveryRequest()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await RecommendationWorld.SeedAsync(db);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?>
        {
            ["Profiles:LiveRefresh"] = "false",
            ["Recommendations:ActiveModelPollSeconds"] = "0.5",
        });
        var client = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Recommend));
        var registry = app.Services.GetRequiredService<RecommenderRegistry>();
        var v1 = await RecommendationWorld.TrainAsync(app);
        var v2 = await RecommendationWorld.TrainAsync(app);

        var swapping = Task.Run(async () =>
        {
            for (var i = 0; i < 6; i++)
            {
                await registry.PromoteAsync(i % 2 == 0 ? v2.Id : v1.Id, "test", Ct);
                await Task.Delay(100, Ct);
            }
        }, Ct);
        var requests = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var seen = new List<(System.Net.HttpStatusCode, int)>();
            var learners = new[] { "u-docker", "l-03", "r-07", "m-01", "nobody" };
            for (var i = 0; !swapping.IsCompleted || i < 5; i++)
            {
                var response = await client.GetAsync($"/api/v1/recommendations/{learners[(worker + i) % learners.Length]}?k=3", Ct);
                var version = response.IsSuccessStatusCode
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("modelVersion").GetInt32()
                    : -1;
                seen.Add((response.StatusCode, version));
            }
            return seen;
        }, Ct)).ToArray();
        await swapping;
        var answers = (await Task.WhenAll(requests)).SelectMany(a => a).ToArray();

        Assert.All(answers, a => Assert.Equal(System.Net.HttpStatusCode.OK, a.Item1));
        Assert.All(answers, a => Assert.Contains(a.Item2, new[] { v1.Id, v2.Id }));
        Assert.True(answers.Length >= 40, $"only {answers.Length} requests were made");
    }
}
