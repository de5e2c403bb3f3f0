using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Support;
using OpsConsole.Tests.Components;
using static OpsConsole.Tests.Support.Intents.IntentFixtures;

namespace OpsConsole.Tests.Support.Intents;

/// <summary>The host as each instance of the console holds it: loaded from the database, polling for promotions made elsewhere.</summary>
public sealed class IntentModelHostTests : IDisposable
{
    private readonly TestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Classify_NoVersionActive_ReturnsNoReading()
    {
        using var services = Services(_database);
        var host = services.GetRequiredService<IntentModelHost>();

        await host.RefreshAsync(Ct);

        Assert.Null(host.Classify("Refund please", "I want my money back."));
        Assert.Null(host.Current);
    }

    [Fact]
    public async Task Classify_VersionPromotedOnAnotherInstance_SwapsOnceThePollIntervalHasPassed()
    {
        Seed(_database, Tickets);
        var clock = new ManualClock();
        using var here = Services(_database, clock);
        using var elsewhere = Services(_database);
        var host = here.GetRequiredService<IntentModelHost>();
        var v1 = await here.GetRequiredService<IntentTrainer>().TrainAsync("manager@example.test", null, Ct);

        var v2 = await elsewhere.GetRequiredService<IntentTrainer>().TrainAsync("nightly", null, Ct);
        var beforeInterval = host.Classify("Refund please", "I want my money back.")!;
        clock.Advance(TimeSpan.FromSeconds(6));
        host.Classify("Refund please", "I want my money back.");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (host.Current!.Version != v2.Id && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }

        Assert.Equal(IntentModelStatus.Active, v2.Status);
        Assert.Equal(v1.Id, beforeInterval.ModelVersion);
        Assert.Equal(v2.Id, host.Current.Version);
        Assert.Equal((Refund, v2.Id), (host.Classify("退款", "请帮我退款")!.Intent, host.Classify("退款", "请帮我退款")!.ModelVersion));
    }

    [Fact]
    public async Task GetAsync_ActiveVersionCannotBeLoaded_KeepsReadingWithTheModelHeld()
    {
        Seed(_database, Tickets);
        var clock = new ManualClock();
        using var services = Services(_database, clock);
        var host = services.GetRequiredService<IntentModelHost>();
        var v1 = await services.GetRequiredService<IntentTrainer>().TrainAsync("manager@example.test", null, Ct);
        await using (var db = await _database.Factory.CreateDbContextAsync(Ct))
        {
            await db.IntentModels.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, IntentModelStatus.Retired), Ct);
            db.IntentModels.Add(new IntentModelVersion { StartedBy = "nightly", Status = IntentModelStatus.Active, Content = [1, 2, 3, 4, 5, 6, 7, 8] });
            await db.SaveChangesAsync(Ct);
        }
        clock.Advance(TimeSpan.FromSeconds(6));

        var held = await host.GetAsync(Ct);

        Assert.Equal(v1.Id, held!.Version);
        Assert.Equal(Video, host.Classify("Video won't play", "Black screen in every lesson video.")!.Intent);
    }

    [Fact]
    public async Task Classify_ManyCallersAtOnce_ReadEveryTicketAsOneCallerAlone()
    {
        Seed(_database, Tickets);
        using var services = Services(_database);
        var host = services.GetRequiredService<IntentModelHost>();
        await services.GetRequiredService<IntentTrainer>().TrainAsync("manager@example.test", null, Ct);
        var texts = Tickets.Select(t => (t.Subject, t.Body)).ToArray();
        var alone = texts.Select(t => host.Classify(t.Subject, t.Body)!).ToArray();

        var together = new IntentReading[texts.Length * 20];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            together[i] = host.Classify(texts[i % texts.Length].Subject, texts[i % texts.Length].Body)!);

        for (var i = 0; i < together.Length; i++)
        {
            var expected = alone[i % texts.Length];
            Assert.Equal((expected.Intent, expected.Confidence), (together[i].Intent, together[i].Confidence));
        }
    }

    public void Dispose() => _database.Dispose();
}
