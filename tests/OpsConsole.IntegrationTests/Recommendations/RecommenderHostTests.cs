using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Recommendations;

namespace OpsConsole.IntegrationTests.Recommendations;

public sealed class RecommenderHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseProviders]
    public async Task GetAsync_RequestsArriveWhileTheFirstLoadRuns_EveryOneGetsTheModel(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await RecommendationWorld.SeedAsync(db);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Profiles:LiveRefresh"] = "false" });
        var model = await RecommendationWorld.TrainAsync(app);
        // A host as a freshly started instance has it: nothing loaded yet.
        var host = new RecommenderHost(db.Contexts, app.Services.GetRequiredService<RecommenderGenerators>(),
            app.Services.GetRequiredService<RecommenderOptions>(), TimeProvider.System, NullLogger<RecommenderHost>.Instance);

        var first = host.GetAsync(Ct).AsTask();
        var rest = Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await host.GetAsync(Ct), Ct)).ToList();
        var states = await Task.WhenAll(rest.Prepend(first));

        Assert.All(states, s => Assert.Equal(model.Id, s?.Bundle.Version));
    }
}
