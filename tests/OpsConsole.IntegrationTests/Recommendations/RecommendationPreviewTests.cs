using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Recommendations;

namespace OpsConsole.IntegrationTests.Recommendations;

public sealed class RecommendationPreviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> Settings = new() { ["Profiles:LiveRefresh"] = "false" };

    private static async Task<int> StoredImpressionsAsync(OpsConsoleApp app)
    {
        await app.Services.GetRequiredService<ImpressionLog>().FlushAsync(Ct);
        await using var db = await app.Database.Contexts.CreateDbContextAsync(Ct);
        return await db.RecommendationImpressions.CountAsync(Ct);
    }

    [Theory, DatabaseProviders]
    public async Task PreviewAsync_TrainedModel_ShowsEveryGeneratorAndTheListTheApiServesWithoutLoggingIt(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await RecommendationWorld.SeedAsync(db);
        await using var app = new OpsConsoleApp(db, Settings);
        var model = await RecommendationWorld.TrainAsync(app);

        var result = (await app.Services.GetRequiredService<RecommendationPreview>().PreviewAsync("u-docker", 10, 10, Ct))!;

        Assert.Equal((model.Id, model.Algorithm), (result.ModelVersion, result.Primary));
        Assert.Equal(["content", "ease", "popularity", "sequence"], result.Generators.Select(g => g.Generator).Order());
        // The generator that ranks comes first; when the learned re-ranker ranks, no generator does.
        string[] ranking = model.Algorithm == ModelBundle.Rerank ? [] : [model.Algorithm];
        Assert.Equal(ranking, result.Generators.Where(g => g.Ranks).Select(g => g.Generator));
        Assert.Equal(ranking, result.Generators.Take(ranking.Length).Select(g => g.Generator));
        foreach (var generator in result.Generators)
        {
            Assert.Equal(Enumerable.Range(1, generator.Items.Count), generator.Items.Select(i => i.Rank));
            Assert.True(generator.Items.Select(i => i.Score).SequenceEqual(generator.Items.Select(i => i.Score).OrderDescending()), generator.Generator);
            Assert.All(generator.Items, i => Assert.True(i.Score > 0));
        }
        // Popularity proposes what u-docker bought and the retired course; both are marked, and the served list (asked for
        // the whole catalogue, so every rule meets its items) has neither.
        var popularity = result.Generators.Single(g => g.Generator == RecommenderGenerators.Popularity);
        Assert.True(popularity.Items.Single(i => i.ItemId == "c-docker").Owned);
        Assert.True(popularity.Items.Single(i => i.ItemId == "c-old").Unavailable);
        Assert.DoesNotContain(result.Served, i => i.ItemId is "c-docker" or "c-old");
        Assert.Equal("c-k8s", result.Served[0].ItemId);
        Assert.Equal("c-docker", result.Served[0].Reason.AnchorItemId);
        Assert.Equal("Docker Basics", result.Served[0].Reason.AnchorTitle);
        Assert.Equal(["Docker Basics"], result.RecentHistory.Select(t => t.Title));
        Assert.Equal(0, await StoredImpressionsAsync(app));

        // The preview is the list the platform gets, reason for reason; only the platform's request is logged.
        var served = await app.Services.GetRequiredService<RecommendationService>()
            .RecommendAsync("u-docker", 10, new RecommendationContext("home", null), Ct);
        Assert.Equal(served.Items.Select(i => (i.ItemId, i.Reason, i.ReasonCode, i.Generator, i.Score)),
            result.Served.Select(i => (i.ItemId, i.Reason.Text, i.Reason.Code, i.Generator, i.Score)));
        Assert.Equal(served.Rules, result.Rules.Select(r => r.Text));
        Assert.Equal(served.Items.Count, await StoredImpressionsAsync(app));
    }

    [Fact]
    public async Task PreviewAsync_IdNeverSeen_ColdStartListWhilePersonalGeneratorsHaveNoOpinion()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await RecommendationWorld.SeedAsync(db);
        await using var app = new OpsConsoleApp(db, Settings);
        await RecommendationWorld.TrainAsync(app);

        var result = (await app.Services.GetRequiredService<RecommendationPreview>().PreviewAsync("nobody", 3, 5, Ct))!;

        Assert.True(result.ColdStart);
        Assert.False(result.KnownLearner);
        Assert.Equal(3, result.Served.Count);
        Assert.Equal(AppliedRule.ColdStartChannel, result.Rules[0].Code);
        Assert.Empty(result.Generators.Single(g => g.Generator == RecommenderGenerators.Ease).Items);
        Assert.Equal(5, result.Generators.Single(g => g.Generator == RecommenderGenerators.Popularity).Items.Count);
        Assert.Empty(result.RecentHistory);
    }

    [Fact]
    public async Task PreviewAsync_NoModelYet_ReturnsNull()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await RecommendationWorld.SeedAsync(db);
        await using var app = new OpsConsoleApp(db, Settings);

        Assert.Null(await app.Services.GetRequiredService<RecommendationPreview>().PreviewAsync("u-docker", 5, 10, Ct));
    }

    [Fact]
    public async Task TrainAsync_TaggedCatalogue_RecordsTheIntraListDiversityOfEveryGenerator()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await RecommendationWorld.SeedAsync(db);
        await using var app = new OpsConsoleApp(db, Settings);

        var model = await RecommendationWorld.TrainAsync(app);

        var metrics = JsonSerializer.Deserialize<RecommenderMetrics>(model.Metrics!, RecommenderTrainer.Json)!;
        // Ten items over three topics with overlapping tags: no top-10 list can be all alike or all unrelated.
        Assert.All(metrics.Generators, g => Assert.InRange(g.Diversity, 0.01, 0.99));
    }
}
