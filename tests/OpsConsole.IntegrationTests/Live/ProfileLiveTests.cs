using System.Net;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Profiles;

namespace OpsConsole.IntegrationTests.Live;

public sealed class ProfileLiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent View(string eventId, string learner) => new(
        $$"""[{"eventId":"{{eventId}}","learnerId":"{{learner}}","type":"view","occurredAt":"{{DateTime.UtcNow.AddMinutes(-1):O}}"}]""",
        Encoding.UTF8, "application/json");

    [Fact]
    public async Task ProfileUpdated_EventsForAWatchedLearner_ReachesTheWatcherWithTheProfileAlreadyRefreshed()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Profiles:RefreshIntervalSeconds"] = "0.2" });
        var ingest = await app.CreateIngestClientAsync();
        await ingest.PostAsync("/api/v1/events", View("e-0", "u-1"), Ct);
        await app.Services.GetRequiredService<ProfileService>().RebuildAsync(null, Ct);
        var (_, cookies) = await app.SignInAsync(Roles.SupportAgent);
        await using var connection = app.ConnectHub(cookies);
        var watched = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<string>("ProfileUpdated", id => watched.TrySetResult(id));
        await connection.StartAsync(Ct);
        await connection.InvokeAsync("WatchLearner", "u-1", Ct);

        await ingest.PostAsync("/api/v1/events", View("e-2", "u-2"), Ct);
        await ingest.PostAsync("/api/v1/events", View("e-1", "u-1"), Ct);

        var arrived = await Task.WhenAny(watched.Task, Task.Delay(TimeSpan.FromSeconds(15), Ct));
        Assert.Same(watched.Task, arrived);
        Assert.Equal("u-1", await watched.Task);
        var profile = (await app.Services.GetRequiredService<ProfileQueries>().GetAsync("u-1", Ct))!.Profile!;
        Assert.Equal(2, profile.Events);
    }

    [Fact]
    public async Task WatchLearner_IdTooLong_IsRefused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (_, cookies) = await app.SignInAsync(Roles.Operator);
        await using var connection = app.ConnectHub(cookies);
        await connection.StartAsync(Ct);

        var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => connection.InvokeAsync("WatchLearner", new string('x', 65), Ct));

        Assert.Contains("learnerId", error.Message);
    }
}
